import { isTerminal, needsHuman, type RunDetails } from "../../api/schemas.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { parseDuration } from "../../cli/values.ts";
import { ExitCode, InterruptedError, NotFoundError } from "../../errors.ts";
import { numberQuestions } from "../../output/run-json.ts";
import { formatElapsed, startSpinner, type Spinner } from "../../output/spinner.ts";
import { colourEnabled } from "../../output/style.ts";
import { renderRunDetails } from "../../output/transcript.ts";
import { beforeDeadline, BUSY_POLL_MS, TIMED_OUT } from "../../cli/wait-for-job.ts";
import { runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";

/** Polling pace: a status check every 2 s while busy (the pace of every background job), every 5 s while a human is needed. */
const WAITING_POLL_MS = 5_000;

export default leafCommand({
  meta: {
    description: "Block until a run ends (or, with --until-input, needs a human), then print it",
    examples: ["duvo runs wait <run-id>", "duvo runs wait <run-id> --timeout 10m --exit-status", "duvo runs wait <run-id> --until-input --json | jq .pending_human_request"],
    notes:
      "Exit codes: 7 when --timeout runs out. With --exit-status: 0 completed, 6 failed, stopped or\n" +
      "interrupted, 8 needs a human (only with --until-input). A run waiting for a human keeps\n" +
      "`wait` waiting unless --until-input is given.",
  },
  args: {
    ...runIdArg,
    timeout: { type: "string", description: "Give up after this long (90s, 5m, 1h): exit 7", valueHint: "duration" },
    "until-input": { type: "boolean", description: "Also stop when the run needs a human" },
    "exit-status": { type: "boolean", description: "Exit 6 if the run fails, stops or is interrupted; 8 if it needs a human" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = args["run-id"];
    const timeoutMs = args.timeout === undefined ? undefined : parseDuration(args.timeout, "--timeout");
    const { call } = await runtime.api();
    const { clock } = runtime;
    const started = clock.now();
    const { io } = runtime;
    const showSpinner = io.stderr.isTTY && !args.json && colourEnabled(io, io.stderr);
    let spinner: Spinner | undefined;
    const deadline = timeoutMs === undefined ? Infinity : started + timeoutMs;
    let details: RunDetails | undefined;
    let timedOut = false;
    try {
      for (;;) {
        // The timeout holds even while a request is being retried (an outage): race it.
        const read = await beforeDeadline(call("getRun", { path: { run_id: runId } }), deadline, runtime);
        if (read === TIMED_OUT) {
          timedOut = true;
          break;
        }
        details = read;
        if (!details.run) throw new NotFoundError(`run ${runId} no longer exists`);
        const status = details.run.status;
        if (isTerminal(status) || (args["until-input"] && needsHuman(status))) break;
        const label = `run ${runId} is ${status} (${formatElapsed(clock.now() - started)})`;
        if (showSpinner) (spinner ??= startSpinner(io.stderr, label)).update(label);
        const pause = needsHuman(status) ? WAITING_POLL_MS : BUSY_POLL_MS;
        const left = deadline - clock.now();
        if (left <= 0) {
          timedOut = true;
          break;
        }
        await clock.sleep(Math.min(pause, left), io.signal);
      }
    } catch (error) {
      if (error instanceof InterruptedError) {
        await spinner?.stop();
        await io.stderr.write(`Stopped waiting; run ${runId} keeps going.\n`);
      }
      throw error;
    } finally {
      await spinner?.stop();
    }

    if (!details) {
      runtime.log.warn(`Timed out after ${args.timeout} before the run could be read.`);
      return ExitCode.timeout;
    }
    const run = details.run!;
    const request = details.pending_human_request ?? null;
    if (args.json) await printJson(runtime, { ...details, pending_human_request: request && numberQuestions(request) });
    else await io.stdout.write(renderRunDetails(run, request, runtime.outStyle));
    if (timedOut) {
      runtime.log.warn(`Timed out after ${args.timeout}: run ${runId} is still ${run.status}.`);
      return ExitCode.timeout;
    }
    if (!args["exit-status"]) return ExitCode.ok;
    if (needsHuman(run.status)) return ExitCode.needsHuman;
    return run.status === "completed" ? ExitCode.ok : ExitCode.runFailed;
  },
});
