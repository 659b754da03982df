import { getRun, respondToHumanRequest, type HumanResponseBody } from "../../api/endpoints.ts";
import type { HumanRequest } from "../../api/schemas.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import type { Runtime } from "../../cli/runtime.ts";
import { checkUuid } from "../../cli/values.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { sanitizeLine } from "../../output/style.ts";
import { printJson, runIdArg } from "../_shared.ts";
import { buildAnswers, normaliseAnswer, parseAnswerFlags } from "./answers.ts";

export default leafCommand({
  meta: {
    name: "respond",
    description: "Answer a run's pending human-in-the-loop request (approve, deny, or answer questions)",
    examples: [
      "duvo runs respond <run-id> --approve",
      "duvo runs respond <run-id> --deny",
      'duvo runs respond <run-id> --answer "<question-id>=<answer-text>"',
      'duvo runs respond <run-id> --answer "1=EU" --answer "Channels=Email,Slack"',
    ],
    notes:
      "Find the question ids with `duvo runs messages <run-id>` (the pending request lists them).\n" +
      "A key may also be the question's header or text; option labels match case-insensitively.",
  },
  args: {
    ...runIdArg,
    "request-id": { type: "positional", description: "The request's id (default: the run's pending request)", required: false },
    approve: { type: "boolean", description: "Approve an approval request" },
    deny: { type: "boolean", description: "Deny an approval request" },
    answer: { type: "string", description: "Answer a question: <question-id>=<answer-text>", valueHint: "question=answer", repeatable: true },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = checkUuid(args["run-id"], "run id");
    const requestId = args["request-id"] === undefined ? undefined : checkUuid(args["request-id"], "request id");
    if (args.approve && args.deny) throw new UsageError("--approve and --deny cannot be used together");
    if ((args.approve || args.deny) && args.answer.length) throw new UsageError("--answer cannot be combined with --approve or --deny");
    const pairs = parseAnswerFlags(args.answer);
    const interactive = !args.approve && !args.deny && pairs.length === 0;
    if (interactive && !runtime.canPrompt) {
      throw new UsageError("no answer given: use --approve, --deny or --answer <question-id>=<answer-text>");
    }

    const { client } = await runtime.api();
    const details = await getRun(client, runId);
    if (!details.run) throw new NotFoundError(`run ${runId} no longer exists`);
    const request = details.pending_human_request;
    if (!request) throw new NotFoundError(`run ${runId} has no pending human request (status: ${details.run.status})`);
    if (requestId && requestId !== request.id.toLowerCase()) {
      throw new NotFoundError(`request ${requestId} is not pending on run ${runId} (the pending one is ${request.id})`);
    }

    let body: HumanResponseBody;
    if (request.type === "question") {
      if (args.approve || args.deny) throw new UsageError(`request ${request.id} asks questions: answer with --answer <question-id>=<answer-text>`);
      body = { answers: interactive ? await askAnswers(runtime, request) : buildAnswers(request.questions ?? [], pairs) };
    } else {
      if (pairs.length) throw new UsageError(`request ${request.id} is an approval: use --approve or --deny`);
      const approved = interactive
        ? await runtime.prompter.confirm(`Approve: ${sanitizeLine(request.title)}?`, false)
        : args.approve === true;
      body = { approved };
    }

    const result = await respondToHumanRequest(client, runId, request.id, body);
    if (args.json) return printJson(runtime, result);
    const verb = "approved" in body ? (body.approved ? "Approved" : "Denied") : "Answered";
    runtime.log.success(`${verb} request ${request.id} on run ${runId}`);
  },
});

/** Asks each question in turn: a select, a multi-select, or free text. */
export async function askAnswers(runtime: Runtime, request: HumanRequest): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  for (const question of request.questions ?? []) {
    const label = `${question.header ? `[${sanitizeLine(question.header)}] ` : ""}${sanitizeLine(question.question)}`;
    const options = (question.options ?? []).map((option) => ({
      label: option.label,
      hint: option.description ? sanitizeLine(option.description) : undefined,
    }));
    let answer: string;
    if (!options.length) answer = await runtime.prompter.text(label);
    else if (question.multi_select) answer = (await runtime.prompter.multiselect(label, options)).join(",");
    else answer = await runtime.prompter.select(label, options);
    answers[question.question] = normaliseAnswer(question, answer);
  }
  return answers;
}
