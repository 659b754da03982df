import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { parseDuration } from "../../cli/values.ts";
import { printable } from "../../printable.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import { formatJson } from "../../output/run-json.ts";
import { printJson } from "../../output/print-json.ts";

const STATUSES = ["pending", "in_progress", "needs_input", "completed", "failed"] as const;
const SETTLED = new Set(["completed", "failed", "needs_input"]);
const PAGE = 100;
const POLL_MS = 2_000;

export default leafCommand({
  meta: {
    description: "Wait until a queue's open cases are completed, failed or need input, with live counts",
    examples: [
      "duvo cases wait --queue <queue-id>",
      "duvo cases wait --queue <queue-id> --since 2026-03-01T09:00:00Z --timeout 30m --exit-status",
      "duvo cases wait --queue <queue-id> --json | jq -c .counts",
    ],
    notes: `It watches the queue's cases that are not finished when it starts (with --since: those created since then)
until every one is completed, failed or needs input. On a terminal the counts per status update in place;
otherwise one line per change, or with --json one object per change (NDJSON):
{"at", "total", "counts": {"pending", "in_progress", "needs_input", "completed", "failed"}, "done"}.
Exit 0; 7 when --timeout runs out; with --exit-status 6 if any case failed, else 8 if any needs input.
Collect the results afterwards with: duvo cases list --queue <queue-id> --all --json`,
  },
  args: {
    queue: { type: "string", uuid: true, description: "The queue's id", valueHint: "id", required: true },
    since: { type: "string", description: "Watch the cases created since this time instead", valueHint: "iso" },
    timeout: { type: "string", description: "Give up after this long (90s, 5m, 1h): exit 7", valueHint: "duration" },
    "exit-status": { type: "boolean", description: "Exit 6 if any case failed, 8 if any needs input" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const queueId = args.queue;
    if (args.since !== undefined && Number.isNaN(Date.parse(args.since)))
      throw new UsageError(`invalid --since "${printable(args.since)}": expected an ISO 8601 time like 2026-03-01T09:00:00Z`);
    const timeoutMs = args.timeout === undefined ? undefined : parseDuration(args.timeout, "--timeout");
    const json = args.json === true || runtime.jq !== undefined;
    const { call } = await runtime.api();
    const deadline = timeoutMs === undefined ? Infinity : runtime.clock.now() + timeoutMs;

    const watched = new Map<string, string>();
    let cursor = "";
    const read = async (query: Record<string, string | undefined>, take: (item: { id: string; display_status: string; updated_at: string }) => void) => {
      for (let offset = 0; ; offset += PAGE) {
        const page = await call("listCases", { path: { queue_id: queueId }, query: { ...query, limit: PAGE, offset } });
        for (const item of page.cases) {
          take(item);
          if (item.updated_at > cursor) cursor = item.updated_at;
        }
        if (page.cases.length < PAGE) return;
      }
    };
    await read({ sort_by: "created_at", sort_order: "asc", created_at_from: args.since }, (item) => {
      if (args.since !== undefined || !["completed", "failed"].includes(item.display_status)) watched.set(item.id, item.display_status);
    });

    const tty = runtime.io.stderr.isTTY && !json;
    let last = "";
    let counts: Record<string, number> = {};
    const report = async (done: boolean) => {
      counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
      for (const status of watched.values()) counts[status] = (counts[status] ?? 0) + 1;
      const key = JSON.stringify(counts);
      if (key === last && !done) return;
      const changed = key !== last;
      last = key;
      const text = `${STATUSES.map((status) => `${status.replace("_", " ")} ${counts[status]}`).join(" · ")} (of ${watched.size})`;
      if (json) {
        if (changed || done) await printJson(runtime, { at: new Date().toISOString(), total: watched.size, counts, done });
      } else if (tty) {
        await runtime.io.stderr.write(`\r\x1b[2K${text}`);
        if (done) await runtime.io.stderr.write("\n");
      } else if (changed) await runtime.io.stdout.write(`${new Date().toISOString()}  ${text}\n`);
    };
    void formatJson;

    for (;;) {
      const settled = [...watched.values()].every((status) => SETTLED.has(status));
      await report(settled);
      if (settled) break;
      if (runtime.clock.now() >= deadline) {
        if (tty) await runtime.io.stderr.write("\n");
        runtime.log.warn(`Timed out after ${args.timeout}: ${[...watched.values()].filter((status) => !SETTLED.has(status)).length} cases are not finished.`);
        return ExitCode.timeout;
      }
      await runtime.clock.sleep(Math.min(POLL_MS, Math.max(0, deadline - runtime.clock.now())), runtime.io.signal);
      if (runtime.clock.now() >= deadline) continue;
      await read({ sort_by: "updated_at", sort_order: "asc", updated_at_from: cursor || undefined }, (item) => {
        if (watched.has(item.id)) watched.set(item.id, item.display_status);
      });
    }
    if (!args["exit-status"]) return ExitCode.ok;
    if ((counts.failed ?? 0) > 0) return ExitCode.runFailed;
    if ((counts.needs_input ?? 0) > 0) return ExitCode.needsHuman;
    return ExitCode.ok;
  },
});
