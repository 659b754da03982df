import { MESSAGE_PAGE_LIMIT, needsHuman } from "../../api/schemas.ts";
import { streamPages } from "../../api/page-stream.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { followAndPrint } from "../../follow/print-follow.ts";
import { humanRequestEntry, numberQuestions, withContent } from "../../output/run-json.ts";
import { renderHumanRequest, TranscriptRenderer } from "../../output/transcript.ts";
import { exitStatusArg, runIdArg } from "../_shared.ts";
import { printJsonStream } from "../../output/print-json.ts";

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
      'duvo runs messages "$RUN_ID" --json \\\n  | jq -r \'.messages[] | select(.role=="assistant") | .content\' \\\n  > run-output.log',
      'duvo runs messages "$RUN_ID" --json \\\n  | jq -r \'.messages[] | select(.type=="human_request" and .status=="pending") | .id\' \\\n  | xargs -I {} duvo runs respond "$RUN_ID" --approve',
    ],
  },
  args: {
    ...runIdArg,
    limit: { type: "string", integer: { min: 1 }, description: "At most this many messages (default: all)", valueHint: "n" },
    offset: { type: "string", integer: {}, description: "Start at this position (default 0)", valueHint: "n" },
    follow: { type: "boolean", description: "Keep printing new messages until the run ends" },
    ...exitStatusArg,
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = args["run-id"];
    const limit = args.limit;
    const offset = args.offset ?? 0;
    if (args.follow && limit !== undefined) throw new UsageError("--limit cannot be combined with --follow");
    const { call } = await runtime.api();

    if (args.follow) {
      return followAndPrint(runtime, { call, runId, offset, json: args.json === true, exitStatus: args["exit-status"] === true });
    }

    // Read the run first: a run waiting at this moment has all messages before its request written.
    const details = await call("getRun", { path: { run_id: runId } });
    if (!details.run) throw new NotFoundError(`run ${runId} no longer exists`);
    const pages = streamPages({
      offset,
      limit,
      pageSize: MESSAGE_PAGE_LIMIT,
      concurrency: EXPORT_CONCURRENCY,
      fetchPage: async (page) => {
        const result = await call("listRunMessages", { path: { run_id: runId }, query: page });
        return { items: result.messages, total: result.total };
      },
    });
    const pending = details.pending_human_request ?? null;
    const requestIfAtEnd = (atEnd: boolean) => (atEnd && needsHuman(details.run!.status) ? pending : null);
    const out = runtime.io.stdout;

    if (args.json) {
      // Streamed page by page (with --jq gathered as text and handed to jq whole); the pending
      // request, when the run waits and the list reached its end, is the array's last entry.
      let count = 0;
      let total = 0;
      async function* entries() {
        for await (const page of pages) {
          total = page.total;
          count += page.items.length;
          yield page.items.map(withContent);
        }
        const request = requestIfAtEnd(offset + count >= total);
        if (request) yield [humanRequestEntry(request)];
      }
      return printJsonStream(runtime, "messages", entries(), () => ({
        total,
        limit: count,
        offset,
        pending_human_request: pending && numberQuestions(pending),
      }));
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
