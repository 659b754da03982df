import { listRuns, type RunListQuery } from "../../api/endpoints.ts";
import { collectPages } from "../../api/paging.ts";
import type { RunSummary } from "../../api/schemas.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { checkUuid, printable } from "../../cli/values.ts";
import { UsageError } from "../../errors.ts";
import { sanitizeLine } from "../../output/style.ts";
import { fitWidth, renderTable } from "../../output/table.ts";
import { timeText } from "../../output/time.ts";
import { statusText } from "../../output/transcript.ts";
import { pageArgs, readPaging } from "../_paging.ts";
import { printJson } from "../../output/print-json.ts";
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
    "sort-order": { type: "enum", options: ["asc", "desc"], description: "By creation time (default desc)", valueHint: "asc|desc" },
    since: { type: "string", description: "Only runs created at or after this time (ISO 8601, e.g. 2025-06-01T00:00:00Z)", valueHint: "iso" },
    search: { type: "string", description: "Only runs whose title contains this text", valueHint: "q" },
    user: { type: "string", description: "Only runs of this user (an id; the API may limit you to your own)", valueHint: "id" },
    "case-queue": { type: "string", description: "Only runs that worked cases of this queue", valueHint: "id" },
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
    const userId = args.user === undefined ? undefined : checkUuid(args.user, "--user");
    const caseQueueId = args["case-queue"] === undefined ? undefined : checkUuid(args["case-queue"], "--case-queue");
    if (args.source !== undefined && args.source.trim() === "") throw new UsageError("--source is empty");

    const { client, teamId } = await runtime.api();
    const team = await teamId();
    const filters: RunListQuery = {
      // Any status word is passed on: the API may know statuses this build does not.
      status: args.status as RunListQuery["status"],
      agent_id: args.agent === undefined ? undefined : await resolveAgentId(client, team, args.agent),
      sort_order: args["sort-order"] as RunListQuery["sort_order"],
      since,
      search: args.search,
      user_id: userId,
      case_queue_id: caseQueueId,
      source: args.source,
      has_issues: args["has-issues"] as RunListQuery["has_issues"],
    };
    let document: { data: RunSummary[]; total: number };
    if (paging.multiPage) {
      const { items, total } = await collectPages({
        offset: paging.offset,
        limit: paging.limit,
        pageSize: PAGE_SIZE,
        fetchPage: async (page) => {
          const result = await listRuns(client, team, { ...filters, ...page });
          return { items: result.data, total: result.total };
        },
      });
      document = { data: items, total };
    } else {
      document = await listRuns(client, team, { ...filters, limit: paging.limit, offset: args.offset === undefined ? undefined : paging.offset });
    }
    if (args.json) return printJson(runtime, document);

    if (document.data.length === 0) {
      runtime.log.info(document.total > 0 ? `No runs at offset ${paging.offset} (${document.total} match).` : "No runs match.");
      return;
    }
    const relative = runtime.io.stdout.isTTY;
    const rows = document.data.map((run) => [
      sanitizeLine(run.id),
      statusText(run.status, runtime.outStyle),
      sanitizeLine(run.agent_name ?? run.agent_id),
      sanitizeLine(run.title ?? "-") || "-",
      timeText(run.created_at, relative),
    ]);
    const columns = [{ header: "ID", keep: true }, { header: "STATUS", keep: true }, "AGENT", "TITLE", { header: "CREATED", keep: true }];
    await runtime.io.stdout.write(renderTable(columns, rows, runtime.outStyle, { width: fitWidth(runtime.io) }));
    const shownTo = paging.offset + document.data.length;
    if (!paging.all && shownTo < document.total) {
      runtime.log.info(`Showing ${paging.offset + 1}-${shownTo} of ${document.total} runs; more with --offset ${shownTo}, or --all.`);
    }
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
