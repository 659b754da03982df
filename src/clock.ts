/**
 * Time as the program sees it: `now` and `sleep`. Commands get it from the runtime, so
 * pacing, `--timeout` and retry budgets can be driven by a fake clock in tests (no real
 * waiting), and the test-only DUVO_POLL_SCALE can run the whole clock faster.
 */
import { abortError } from "./errors.ts";

export interface Clock {
  /** Milliseconds since the epoch, as this clock counts them. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => realSleep(ms, signal),
};

/**
 * A clock that runs `factor` times faster than the wall clock: its `now` and its sleeps
 * agree with each other, so pacing, deadlines and retry budgets keep their proportions.
 * Used for DUVO_POLL_SCALE (a test-only setting) and by in-process tests.
 */
export function acceleratedClock(factor: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * factor,
    sleep: (ms, signal) => realSleep(ms / factor, signal),
  };
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = setTimeout(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
