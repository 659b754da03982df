/**
 * A fake clock and an in-process HTTP transport, injected through the runtime so pacing,
 * timeouts, backoff and rate limits are checked in virtual time: no real waiting, and no
 * dependence on how busy the machine is.
 */
import type { Transport } from "../src/api/client.ts";
import type { Clock } from "../src/clock.ts";
import { abortError } from "../src/errors.ts";

interface Timer {
  at: number;
  resolve: () => void;
}

/**
 * Virtual time: `sleep` registers a timer, and once the program has nothing else to do
 * (after the pending promise callbacks and a turn of the event loop), time jumps to the
 * earliest timer and wakes it. `slept` lists every requested pause, in order.
 */
export function fakeClock(start = Date.parse("2026-11-28T10:00:00Z")) {
  let now = start;
  const timers: Timer[] = [];
  const slept: number[] = [];
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Two turns of the event loop: in-process answers settle before time moves.
    setTimeout(() => setImmediate(fire), 0);
  };
  const fire = () => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.resolve();
    if (timers.length) schedule();
  };
  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      slept.push(ms);
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(abortError(signal));
        const timer: Timer = {
          at: now + Math.max(0, ms),
          resolve: () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index !== -1) timers.splice(index, 1);
          reject(abortError(signal));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        timers.push(timer);
        schedule();
      });
    },
  };
  return { clock, slept, elapsed: () => now - start };
}

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
  /** The fake clock's time, relative to its start, when the request was sent. */
  at: number;
}

/**
 * A transport answering in-process: `respond` gets each request (and how many came
 * before, 1-based) and returns the answer, or throws to act as a network failure.
 */
export function stubTransport(clock: { clock: Clock; elapsed: () => number }, respond: (request: StubRequest, count: number) => Response | Promise<Response>) {
  const received: StubRequest[] = [];
  const fetch: Transport = async (input, init) => {
    const request = new Request(input instanceof URL ? input.href : (input as string), init);
    const url = new URL(request.url);
    const entry: StubRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: await request.text(),
      at: clock.elapsed(),
    };
    received.push(entry);
    return respond(entry, received.length);
  };
  return { fetch, received };
}

/** A network failure as fetch reports a refused connection. */
export function connectionRefused(): Error {
  return Object.assign(new Error("Unable to connect. Is the computer able to access the url?"), { code: "ConnectionRefused" });
}
