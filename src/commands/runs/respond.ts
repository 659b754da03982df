import type { HumanResponseBody } from "../../api/schemas.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";
import { askForResponse, buildAnswers, parseAnswerFlags, responseVerb } from "../../api/human-response.ts";

export default leafCommand({
  meta: {
    description: "Answer a run's pending human-in-the-loop request (approve, deny, or answer questions)",
    examples: [
      "duvo runs respond <run-id> --approve                  # approve a human request",
      "duvo runs respond <run-id> --deny                     # deny a human request",
      'duvo runs respond <run-id> \\\n  --answer "<question-id>=<answer-text>"             # answer a pending question',
      'duvo runs respond <run-id> --answer "1=EU" --answer "Channels=Email,Slack"',
    ],
    notes:
      "Find the question ids with `duvo runs messages <run-id>` (the pending request lists them).\n" +
      "A key may also be the question's header or text; option labels match case-insensitively.",
  },
  args: {
    ...runIdArg,
    "request-id": { type: "positional", uuid: true, description: "The request's id (default: the run's pending request)", required: false },
    approve: { type: "boolean", conflicts: "deny", description: "Approve an approval request" },
    deny: { type: "boolean", description: "Deny an approval request" },
    answer: { type: "string", description: "Answer a question: <question-id>=<answer-text>", valueHint: "question=answer", repeatable: true },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = args["run-id"];
    const requestId = args["request-id"];
    if ((args.approve || args.deny) && args.answer.length) throw new UsageError("--answer cannot be combined with --approve or --deny");
    const pairs = parseAnswerFlags(args.answer);
    const interactive = !args.approve && !args.deny && pairs.length === 0;
    if (interactive && !runtime.canPrompt) {
      throw new UsageError("no answer given: use --approve, --deny or --answer <question-id>=<answer-text>");
    }

    const { call } = await runtime.api();
    const details = await call("getRun", { path: { run_id: runId } });
    if (!details.run) throw new NotFoundError(`run ${runId} no longer exists`);
    const request = details.pending_human_request;
    if (!request) throw new NotFoundError(`run ${runId} has no pending human request (status: ${details.run.status})`);
    if (requestId && requestId !== request.id.toLowerCase()) {
      throw new NotFoundError(`request ${requestId} is not pending on run ${runId} (the pending one is ${request.id})`);
    }

    let body: HumanResponseBody;
    if (request.type === "question") {
      if (args.approve || args.deny) throw new UsageError(`request ${request.id} asks questions: answer with --answer <question-id>=<answer-text>`);
      body = interactive ? await askForResponse(runtime.prompter, request) : { answers: buildAnswers(request.questions ?? [], pairs) };
    } else {
      if (pairs.length) throw new UsageError(`request ${request.id} is an approval: use --approve or --deny`);
      body = interactive ? await askForResponse(runtime.prompter, request) : { approved: args.approve === true };
    }

    const result = await call("respondToHumanRequest", { path: { run_id: runId, request_id: request.id }, body });
    if (args.json) return printJson(runtime, result);
    runtime.log.success(`${responseVerb(body)} request ${request.id} on run ${runId}`);
  },
});
