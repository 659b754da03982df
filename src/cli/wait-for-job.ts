/**
 * Work the platform does in the background (a dashboard refreshing, a snapshot being
 * produced), waited for with `--wait`: its state is read on the runtime's clock every 2 s
 * (the pace of `runs wait`), with a spinner on a terminal, until it is done or failed.
 * `--timeout` holds even while a read is being retried (exit 7); a failed job is exit 1 with
 * the platform's reason. Ctrl-C stops the waiting, not the work.
 */
import { CliError, ExitCode, InterruptedError } from "../errors.ts";
import { formatElapsed, startSpinner, type Spinner } from "../output/spinner.ts";
import { colourEnabled, sanitizeLine } from "../output/style.ts";
import type { DuvoArgsDef } from "./command.ts";
import type { Runtime } from "./runtime.ts";
import { parseDuration } from "./values.ts";

/** How often a busy job (or run) is read. */
export const BUSY_POLL_MS = 2_000;

export const waitArgs = {
  wait: { type: "boolean", description: "Wait until the work is done (exit 1 with the reason if it fails)" },
  timeout: { type: "string", description: "With --wait: give up after this long (90s, 5m, 1h): exit 7", valueHint: "duration", requires: "wait" },
} as const satisfies DuvoArgsDef;

/** `--timeout` in ms (undefined: no limit); exit 4 for a bad duration (the parser refuses it without --wait). */
export function readWaitArgs(args: { timeout?: string }): number | undefined {
  return args.timeout === undefined ? undefined : parseDuration(args.timeout, "--timeout");
}

/** What one read of a job says. */
export type JobState = { done: true } | { failed: true } | { busy: string };

export interface Job<T> {
  /** What is waited for, for messages: `dashboard <id>`. */
  name: string;
  /** One read of the job (its retries are the client's). */
  read(): Promise<T>;
  state(value: T): JobState;
  /** Why it failed, in the platform's words (may read more). */
  reason(value: T): Promise<string>;
}

/** The failed job's reason: exit 1. */
export class JobFailedError extends CliError {}

/**
 * Reads `job` until it is done (its last read returned), failed (JobFailedError), or
 * `timeoutMs` ran out (`timedOut`, with the last read if there was one).
 */
export async function waitForJob<T>(runtime: Runtime, job: Job<T>, timeoutMs: number | undefined): Promise<{ timedOut: false; last: T } | { timedOut: true; last: T | undefined }> {
  const { clock, io } = runtime;
  const started = clock.now();
  const deadline = timeoutMs === undefined ? Infinity : started + timeoutMs;
  const showSpinner = io.stderr.isTTY && colourEnabled(io, io.stderr);
  let spinner: Spinner | undefined;
  let last: T | undefined;
  try {
    for (;;) {
      const read = await beforeDeadline(job.read(), deadline, runtime);
      if (read === TIMED_OUT) return { last, timedOut: true };
      last = read;
      const state = job.state(read);
      if ("done" in state) return { last: read, timedOut: false };
      if ("failed" in state) {
        await spinner?.stop();
        throw new JobFailedError(`${job.name} failed: ${sanitizeLine(await job.reason(read))}`);
      }
      const label = `${job.name} is ${state.busy} (${formatElapsed(clock.now() - started)})`;
      if (showSpinner) (spinner ??= startSpinner(io.stderr, label)).update(label);
      const left = deadline - clock.now();
      if (left <= 0) return { last, timedOut: true };
      await clock.sleep(Math.min(BUSY_POLL_MS, left), io.signal);
    }
  } catch (error) {
    if (error instanceof InterruptedError) {
      await spinner?.stop();
      await io.stderr.write(`Stopped waiting; ${job.name} keeps going.\n`);
    }
    throw error;
  } finally {
    await spinner?.stop();
  }
}

/** Exit 7 with a line saying what was still going on. */
export function timedOut(runtime: Runtime, name: string, timeout: string | undefined): number {
  runtime.log.warn(`Timed out after ${timeout}: ${name} is still working.`);
  return ExitCode.timeout;
}

export const TIMED_OUT = Symbol("timed out");

/** The promise's value, or TIMED_OUT once the deadline passes on the runtime's clock (the request is left behind). */
export function beforeDeadline<T>(promise: Promise<T>, deadline: number, runtime: Runtime): Promise<T | typeof TIMED_OUT> {
  if (deadline === Infinity) return promise;
  const done = new AbortController();
  const expiry = runtime.clock.sleep(Math.max(0, deadline - runtime.clock.now()), AbortSignal.any([done.signal, runtime.io.signal])).then(
    (): typeof TIMED_OUT => TIMED_OUT,
    () => new Promise<never>(() => {}), // cancelled: the request settles the race
  );
  return Promise.race([promise, expiry]).finally(() => done.abort());
}
