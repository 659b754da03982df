import { isTerminal } from "../../api/schemas.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { CliError, NotFoundError, UsageError } from "../../errors.ts";
import { runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "Stop a running run (asks first on a terminal; -y skips the question)",
    examples: ["duvo runs stop <run-id>                        # stop a running Run", "duvo runs stop <run-id> -y --json"],
  },
  args: {
    ...runIdArg,
    yes: { type: "boolean", alias: "y", description: "Do not ask for confirmation" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = args["run-id"];
    const { call } = await runtime.api();
    const before = await call("getRun", { path: { run_id: runId } });
    if (!before.run) throw new NotFoundError(`run ${runId} no longer exists`);
    if (isTerminal(before.run.status)) {
      const message = `run has already ended (${before.run.status})`;
      if (args.json) return printJson(runtime, { success: false, message, run: before.run });
      runtime.log.info(`Run ${runId} has already ended (${before.run.status}); nothing to stop.`);
      return;
    }
    if (runtime.canPrompt && !args.yes) {
      const confirmed = await runtime.prompter.confirm(`Stop run ${runId} (${before.run.status})?`, false);
      if (!confirmed) throw new UsageError("not stopped: cancelled at the prompt");
    }
    const result = await call("stopRun", { path: { run_id: runId } });
    if (!result.success) {
      // The API says no-op: fine if the run ended meanwhile, an error otherwise.
      const after = await call("getRun", { path: { run_id: runId } });
      if (!after.run || !isTerminal(after.run.status)) {
        throw new CliError(`the API did not stop run ${runId}${result.message ? `: ${result.message}` : ""}`);
      }
      if (args.json) return printJson(runtime, { ...result, run: after.run });
      runtime.log.info(`Run ${runId} ended meanwhile (${after.run.status}).`);
      return;
    }
    if (args.json) return printJson(runtime, result);
    runtime.log.success(`Stopped run ${runId}`);
  },
});
