import { getRun, listRunMessages, MESSAGE_PAGE_LIMIT } from "../../api/endpoints.ts";
import { needsHuman } from "../../api/schemas.ts";
import { streamPages } from "../../api/page-stream.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { checkUuid, parseCount } from "../../cli/values.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { followAndPrint } from "../../follow/print-follow.ts";
import { memoryOutput } from "../../output/io.ts";
import { humanRequestEntry, numberQuestions, withContent } from "../../output/run-json.ts";
import { renderHumanRequest, TranscriptRenderer } from "../../output/transcript.ts";
import { exitStatusArg, runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";

/** Message pages in flight at once during an export (rate-limit headers still pace it). */
const EXPORT_CONCURRENCY = 8;

export default leafCommand({
  meta: {
    description: "List a run's conversation messages, or follow new ones live",
    examples: [
      "duvo runs messages <run-id>                    # list conversation messages",
      "duvo runs messages <run-id> --follow           # attach to a running Run and follow new messages",
      "duvo runs messages <run-id> --follow --offset 120     # resume a follow",
      // The seed's two scripts, as written there:
      "duvo runs messages \"$RUN_ID\" --json \\\n  | jq -r '.messages[] | select(.role==\"assistant\") | .content' \\\n  > run-output.log",
      "duvo runs messages \"$RUN_ID\" --json \\\n  | jq -r '.messages[] | select(.type==\"human_request\" and .status==\"pending\") | .id' \\\n  | xargs -I {} duvo runs respond \"$RUN_ID\" --approve",
    ],
  },
  args: {
    ...runIdArg,
    limit: { type: "string", description: "At most this many messages (default: all)", valueHint: "n" },
    offset: { type: "string", description: "Start at this position (default 0)", valueHint: "n" },
    follow: { type: "boolean", description: "Keep printing new messages until the run ends" },
    ...exitStatusArg,
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = checkUuid(args["run-id"], "run id");
    const limit = parseCount(args.limit, "--limit", { min: 1 });
    const offset = parseCount(args.offset, "--offset") ?? 0;
    if (args["exit-status"] && !args.follow) throw new UsageError("--exit-status needs --follow");
    if (args.follow && limit !== undefined) throw new UsageError("--limit cannot be combined with --follow");
    const { client } = await runtime.api();

    if (args.follow) {
      return followAndPrint(runtime, { client, runId, offset, json: args.json === true, exitStatus: args["exit-status"] === true });
    }

    // Read the run first: a run waiting at this moment has all messages before its request written.
    const details = await getRun(client, runId);
    if (!details.run) throw new NotFoundError(`run ${runId} no longer exists`);
    const pages = streamPages({
      offset,
      limit,
      pageSize: MESSAGE_PAGE_LIMIT,
      concurrency: EXPORT_CONCURRENCY,
      fetchPage: async (page) => {
        const result = await listRunMessages(client, runId, page);
        return { items: result.messages, total: result.total };
      },
    });
    const pending = details.pending_human_request ?? null;
    const requestIfAtEnd = (atEnd: boolean) => (atEnd && needsHuman(details.run!.status) ? pending : null);
    const out = runtime.io.stdout;

    if (args.json) {
      // Streamed compactly, page by page, byte for byte what JSON.stringify of the whole would give;
      // on a terminal (indented) it is built whole, as people do not page through 10,000 messages there.
      // With --jq the same compact text is gathered (as text, not objects) and handed to jq whole.
      const jq = runtime.jq;
      const indent = out.isTTY && !jq;
      const gathered = jq && memoryOutput();
      const sink = gathered || out;
      const collected: unknown[] = [];
      let count = 0;
      let total = 0;
      if (!indent) await sink.write('{"messages":[');
      for await (const page of pages) {
        total = page.total;
        const entries = page.items.map(withContent);
        if (indent) collected.push(...entries);
        else if (entries.length) await sink.write((count ? "," : "") + entries.map((entry) => JSON.stringify(entry)).join(","));
        count += entries.length;
      }
      const request = requestIfAtEnd(offset + count >= total);
      const tail = {
        total,
        limit: count,
        offset,
        pending_human_request: pending && numberQuestions(pending),
      };
      if (indent) {
        await printJson(runtime, { messages: [...collected, ...(request ? [humanRequestEntry(request)] : [])], ...tail });
      } else {
        const entry = request ? `${count ? "," : ""}${JSON.stringify(humanRequestEntry(request))}` : "";
        await sink.write(`${entry}],${JSON.stringify(tail).slice(1)}\n`);
        if (jq && gathered) await jq.print(gathered.text());
      }
      return;
    }

    const transcript = new TranscriptRenderer({ style: runtime.outStyle, shortTimes: out.isTTY });
    let count = 0;
    let total = 0;
    for await (const page of pages) {
      total = page.total;
      count += page.items.length;
      if (page.items.length) await out.write(page.items.map((message) => transcript.renderMessage(message)).join(""));
    }
    const atEnd = offset + count >= total;
    const request = requestIfAtEnd(atEnd);
    if (request) await out.write(`${count ? "\n" : ""}${renderHumanRequest(runId, request, runtime.outStyle)}`);
    if (count === 0 && !request) runtime.log.info(`No messages${offset ? ` from offset ${offset}` : ""}.`);
    else if (!atEnd) runtime.log.info(runtime.errStyle.dim(`Showing ${count} of ${total}; more with --offset ${offset + count}`));
  },
});
