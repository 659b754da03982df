import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { NotFoundError } from "../../errors.ts";
import { numberQuestions } from "../../output/run-json.ts";
import { renderRunDetails } from "../../output/transcript.ts";
import { runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "Show a run's status, timestamps and pending human request",
    examples: ["duvo runs get <run-id>                         # get Run status", "STATUS=$(duvo runs get \"$RUN_ID\" --json | jq -r '.run.status')"],
  },
  args: { ...runIdArg, ...jsonArgs },
  early: ["getRun"],
  async run(args, runtime) {
    const runId = args["run-id"];
    const { call } = await runtime.api();
    const details = await call("getRun", { path: { run_id: runId } });
    if (!details.run) throw new NotFoundError(`run ${runId} no longer exists`);
    const request = details.pending_human_request ?? null;
    if (args.json) {
      await printJson(runtime, { ...details, pending_human_request: request && numberQuestions(request) });
    } else {
      await runtime.io.stdout.write(renderRunDetails(details.run, request, runtime.outStyle));
    }
  },
});
