import { getRun, listRunMessages, MESSAGE_PAGE_LIMIT } from "../../api/endpoints.ts";
import { type Message, needsHuman } from "../../api/schemas.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { checkUuid, parseCount } from "../../cli/values.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { followAndPrint } from "../../follow/print-follow.ts";
import { humanRequestEntry, numberQuestions, withContent } from "../../output/run-json.ts";
import { renderHumanRequest, TranscriptRenderer } from "../../output/transcript.ts";
import { exitStatusArg, printJson, runIdArg } from "../_shared.ts";

export default leafCommand({
  meta: {
    name: "messages",
    description: "List a run's conversation messages, or follow new ones live",
    examples: [
      "duvo runs messages <run-id>",
      "duvo runs messages <run-id> --follow",
      "duvo runs messages <run-id> --follow --offset 120     # resume a follow",
      "duvo runs messages \"$RUN_ID\" --json | jq -r '.messages[] | select(.role==\"assistant\") | .content'",
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
    const messages: Message[] = [];
    let total = 0;
    let position = offset;
    while (limit === undefined || messages.length < limit) {
      const want = limit === undefined ? MESSAGE_PAGE_LIMIT : Math.min(MESSAGE_PAGE_LIMIT, limit - messages.length);
      const page = await listRunMessages(client, runId, { limit: want, offset: position });
      total = page.total;
      messages.push(...page.messages);
      position += page.messages.length;
      if (page.messages.length < want || position >= page.total) break;
    }
    const atEnd = position >= total;
    const request = atEnd && needsHuman(details.run.status) ? (details.pending_human_request ?? null) : null;

    if (args.json) {
      await printJson(runtime, {
        messages: [...messages.map(withContent), ...(request ? [humanRequestEntry(request)] : [])],
        total,
        limit: messages.length,
        offset,
        pending_human_request: details.pending_human_request ? numberQuestions(details.pending_human_request) : null,
      });
      return;
    }
    const transcript = new TranscriptRenderer({ style: runtime.outStyle, shortTimes: runtime.io.stdout.isTTY });
    // Written in chunks so a long transcript streams instead of building one huge string.
    let chunk = "";
    for (const message of messages) {
      chunk += transcript.renderMessage(message);
      if (chunk.length > 64_000) {
        await runtime.io.stdout.write(chunk);
        chunk = "";
      }
    }
    if (request) chunk += `${chunk || messages.length ? "\n" : ""}${renderHumanRequest(runId, request, runtime.outStyle)}`;
    await runtime.io.stdout.write(chunk);
    if (messages.length === 0 && !request) runtime.log.info(`No messages${offset ? ` from offset ${offset}` : ""}.`);
    else if (!atEnd) runtime.log.info(runtime.errStyle.dim(`Showing ${messages.length} of ${total}; more with --offset ${position}`));
  },
});
