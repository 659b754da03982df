import { operationCommand } from "../../cli/operation-command.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { agentIdArg } from "./_args.ts";

/** Without --since: the last 30 days (the API needs a start). */
const DEFAULT_DAYS = 30;

function since(value: string | undefined): string {
  if (value === undefined) return new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString();
  if (!/^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`invalid value "${printable(value)}" for --since: expected an ISO 8601 date or date-time`);
  }
  return new Date(value).toISOString();
}

export default operationCommand({
  meta: {
    description: "How an agent's evaluated runs went: how many, how many with issues, which flags",
    examples: ["duvo agents eval-scores <agent-id>", "duvo agents eval-scores <agent-id> --since 2026-01-01 --scope custom --json"],
    notes: `Without --since, the last ${DEFAULT_DAYS} days. --scope custom counts only your rubrics' flags. --json prints the API response.`,
  },
  operation: "getEvalScores",
  args: {
    ...agentIdArg,
    since: { type: "string", description: `Runs since (ISO 8601; default ${DEFAULT_DAYS} days ago)`, valueHint: "iso" },
    scope: { type: "enum", options: ["all", "custom"], description: "Every flag, or only custom rubrics'", valueHint: "all|custom" },
    "revision-id": { type: "string", uuid: "revision id", description: "Only runs of this revision", valueHint: "id" },
  },
  request: (args) => ({
    path: { agentId: args["agent-id"] },
    query: { since: since(args.since), scope: args.scope, revision_id: args["revision-id"] },
  }),
  show: {
    fields: [
      ["Evaluated", "total_evaluated"],
      ["With issues", "with_issues"],
      ["Flags", (s) => s.flag_distribution.map((f: { flag: string; label?: string | null; count: number }) => `${f.label ?? f.flag}: ${f.count}`)],
    ],
  },
});
