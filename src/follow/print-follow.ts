/**
 * Prints a followed run: NDJSON (`--json`) or a live transcript, then picks the exit
 * code. Shared by `runs start --follow` and `runs messages --follow`.
 */
import type { ConsolaInstance } from "consola/core";
import type { Call } from "../api/call.ts";
import type { RunDetails } from "../api/schemas.ts";
import type { Clock } from "../clock.ts";
import { CliError, ExitCode, InterruptedError } from "../errors.ts";
import { humanRequestEntry, withContent } from "../output/run-json.ts";
import { renderHumanRequest, statusText, TranscriptRenderer } from "../output/transcript.ts";
import { createFollower, type FollowEvent, type FollowReply } from "./follow-run.ts";
import { askForResponse, responseVerb, type ResponsePrompter } from "../api/human-response.ts";
import type { HumanRequest } from "../api/schemas.ts";
import type { IO } from "../output/io.ts";
import type { JqFilter } from "../output/jq.ts";
import type { Style } from "../output/style.ts";

/** What following needs from the runtime (cli/runtime.ts), which has all of it. */
export interface FollowRuntime {
  io: IO;
  jq?: JqFilter;
  outStyle: Style;
  errStyle: Style;
  canPrompt: boolean;
  prompter: ResponsePrompter;
  log: Pick<ConsolaInstance, "info" | "success" | "warn">;
  clock: Clock;
}

export interface FollowPrintOptions {
  call: Call;
  runId: string;
  offset: number;
  initial?: RunDetails;
  json: boolean;
  exitStatus: boolean;
}

export async function followAndPrint(runtime: FollowRuntime, options: FollowPrintOptions): Promise<number> {
  const { io } = runtime;
  const transcript = new TranscriptRenderer({ style: runtime.outStyle, shortTimes: io.stdout.isTTY });
  let stoppedForHuman = false;
  // --jq: jq runs on each NDJSON line (lines that arrive together in one jq run).
  const jqLines = options.json ? runtime.jq?.lines() : undefined;

  const onEvent = async (event: FollowEvent): Promise<FollowReply> => {
    if (options.json) {
      const line = `${JSON.stringify(toJsonLine(event))}\n`;
      await (jqLines ? jqLines.write(line) : io.stdout.write(line));
    } else if (event.kind === "status") {
      await io.stderr.write(`${runtime.errStyle.dim("●")} run ${event.run.id} is ${statusText(event.run.status, runtime.errStyle)}\n`);
    } else if (event.kind === "message") {
      await io.stdout.write(transcript.renderMessage(event.message));
    } else {
      await io.stdout.write(renderHumanRequest(event.run.id, event.request, runtime.outStyle));
    }
    if (event.kind === "human_request") {
      // At a terminal that may prompt, answer in place; otherwise never block.
      if (!options.json && runtime.canPrompt) return answerInline(runtime, options, event.request);
      if (options.exitStatus) {
        stoppedForHuman = true;
        return true;
      }
      if (!options.json) runtime.log.info(runtime.errStyle.dim("Waiting for an answer; following continues."));
    }
    return false;
  };

  const follower = createFollower({
    call: options.call,
    runId: options.runId,
    offset: options.offset,
    initial: options.initial,
    signal: jqLines ? AbortSignal.any([io.signal, jqLines.failed]) : io.signal,
    clock: runtime.clock,
    onEvent,
  });
  const resume = () => `duvo runs messages ${options.runId} --follow --offset ${follower.progress.offset}`;
  try {
    const outcome = await follower.run();
    await jqLines?.close();
    if (stoppedForHuman) return ExitCode.needsHuman;
    const status = outcome.run.status;
    if (options.exitStatus && status !== "completed") return ExitCode.runFailed;
    return ExitCode.ok;
  } catch (error) {
    // Lines given to jq are printed before anything else is said (the resume offset counts them).
    const jqFailure = await jqLines?.close().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (jqFailure !== undefined) throw jqFailure;
    if (error instanceof InterruptedError) {
      await io.stderr.write(`\nStopped following; the run keeps going.\n  resume:   ${resume()}\n  stop it:  duvo runs stop ${options.runId}\n`);
      throw error;
    }
    // Resuming helps after a network or server failure, not when the key or the run is wrong.
    if (error instanceof CliError && error.exitCode === ExitCode.error) {
      throw new CliError(error.message, error.exitCode, `To resume: ${resume()}`);
    }
    throw error;
  }
}

function toJsonLine(event: FollowEvent): unknown {
  if (event.kind === "status") {
    return { type: "run_status", status: event.run.status, run: event.run, timestamp: event.run.updated_at };
  }
  if (event.kind === "message") return withContent(event.message);
  return humanRequestEntry(event.request);
}

/**
 * Asks the pending request at the terminal and sends the answer; following then looks
 * at the run again at once. Cancelling the prompt stops following like Ctrl-C. If the
 * answer is refused (someone answered first, say), following simply goes on.
 */
async function answerInline(runtime: FollowRuntime, options: FollowPrintOptions, request: HumanRequest): Promise<FollowReply> {
  const body = await askForResponse(runtime.prompter, request); // a cancelled prompt stops following like Ctrl-C
  try {
    await options.call("respondToHumanRequest", { path: { run_id: options.runId, request_id: request.id }, body });
    runtime.log.success(`${responseVerb(body)} request ${request.id}`);
  } catch (error) {
    if (!(error instanceof CliError) || error instanceof InterruptedError) throw error;
    runtime.log.warn(`Could not send the answer (${error.message}); following continues.`);
  }
  return "refresh";
}
