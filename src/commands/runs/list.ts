import type { ListRunsQuery as RunListQuery } from "../../api/generated/runs.ts";
import type { RunSummary } from "../../api/schemas.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { fetchPages, pageArgs, readPaging } from "../../cli/paging.ts";
import { printList } from "../../cli/show.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { statusText } from "../../output/transcript.ts";
import { resolveAgentId } from "../agents/_resolve-agent.ts";

/** The API's page ceiling for runs. */
const PAGE_SIZE = 100;

export default leafCommand({
  meta: {
    description: "List the team's runs, newest first: id, status, agent, title, created",
    examples: [
      "duvo runs list",
      'duvo runs list --agent "Invoice Reconciler" --status failed --limit 5',
      "duvo runs list --since 2025-06-01 --sort-order asc --all --json",
      "duvo runs list --search march --json | jq -r '.data[].id'",
      "duvo runs list --case-queue <queue-id> --has-issues true --source schedule",
    ],
    notes: "--json prints the API response {data, total}; with --all (or a --limit above 100) the pages are joined into one such document.",
  },
  args: {
    agent: { type: "string", description: "Only runs of this agent (id, or name, case-insensitive)", valueHint: "id|name" },
    status: { type: "string", description: "Only runs in this status (e.g. running, waiting, failed)", valueHint: "s" },
    ...pageArgs,
    limit: { ...pageArgs.limit, description: "How many to show (default: the API's page of 20; above 100, page by page)" },
    "sort-order": { type: "enum", options: ["asc", "desc"], description: "By creation time (default desc)", valueHint: "asc|desc" },
    since: { type: "string", description: "Only runs created at or after this time (ISO 8601, e.g. 2025-06-01T00:00:00Z)", valueHint: "iso" },
    search: { type: "string", description: "Only runs whose title contains this text", valueHint: "q" },
    user: { type: "string", uuid: "--user", description: "Only runs of this user (an id; the API may limit you to your own)", valueHint: "id" },
    "case-queue": { type: "string", uuid: true, description: "Only runs that worked cases of this queue", valueHint: "id" },
    source: { type: "string", description: "Only runs started from this source (e.g. api, schedule)", valueHint: "source" },
    "has-issues": { type: "enum", options: ["true", "false"], description: "Only runs with (true) or without (false) evaluation issues", valueHint: "true|false" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const paging = readPaging(args, PAGE_SIZE);
    if (args.agent !== undefined && args.agent.trim() === "") throw new UsageError("--agent is empty");
    if (args.status !== undefined && !/^[a-z_]{1,40}$/.test(args.status)) {
      throw new UsageError(`invalid --status "${printable(args.status)}": expected a run status such as running, waiting or failed`);
    }
    const since = args.since === undefined ? undefined : parseSince(args.since);
    if (args.source !== undefined && args.source.trim() === "") throw new UsageError("--source is empty");

    const { call } = await runtime.api();
    const filters: RunListQuery = {
      // Any status word is passed on: the API may know statuses this build does not.
      status: args.status as RunListQuery["status"],
      agent_id: args.agent === undefined ? undefined : await resolveAgentId(call, args.agent),
      sort_order: args["sort-order"],
      since,
      search: args.search,
      user_id: args.user,
      case_queue_id: args["case-queue"],
      source: args.source,
      has_issues: args["has-issues"],
    };
    const pages = fetchPages(paging, PAGE_SIZE, async (page) => {
      const answer = await call("listRuns", { query: { ...filters, ...page } });
      return { items: answer.data, total: answer.total, answer };
    });
    await printList<RunSummary>(runtime, pages, {
      paging,
      key: "data",
      json: args.json === true,
      columns: [
        ["ID", "id", { keep: true }],
        ["STATUS", "status", { keep: true, decorate: statusText }],
        ["AGENT", (run) => run.agent_name ?? run.agent_id],
        ["TITLE", "title"],
        ["CREATED", "created_at", { keep: true, time: true }],
      ],
      empty: ({ total, offset }) => (total ? `No runs at offset ${offset} (${total} match).` : "No runs match."),
      noun: "runs",
      tail: ({ total }) => ({ total }),
    });
  },
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** `--since`: an ISO 8601 date or date-time, sent to the API as a UTC date-time (a date alone is midnight UTC). */
function parseSince(value: string): string {
  const time = ISO_DATE_TIME.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value.replace(" ", "T")) : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new UsageError(`invalid --since "${printable(value)}": expected an ISO 8601 date or date-time, e.g. 2025-06-01 or 2025-06-01T09:30:00Z`);
  }
  return new Date(time).toISOString();
}
