/**
 * A command whose GETs were sent early (early.ts), run first on their answers alone: the
 * parsed command's own `run`, with a runtime whose API session (session.ts, the same `call`
 * and team lookup) reads copies of those answers instead of loading the HTTP client, the
 * retry policy and the rest of the runtime (4–6 ms of a one-request command; docs/performance.md).
 *
 * It prints only a success, and only once the command has finished: whatever it cannot do
 * here (a request that was not sent early, an answer that is not a 2xx, a body that breaks its
 * schema, a prompt, a log line, any error) stops it before anything is printed, and the command
 * then runs the usual way, which takes the answers themselves (untouched: only copies were
 * read) and gives the usual retries, errors and exit codes. Ctrl-C while waiting goes the usual
 * way too, and so does an answer (head and body) slower than EARLY_WAIT_MS or the request's own
 * timeout, whose request the command then takes as it is, still on its way.
 *
 * The command may thus run twice: before its early GETs are answered, a command that declares
 * them must do nothing but read.
 */
import { MAX_RESPONSE_CHARS, parseBody } from "../api/answer.ts";
import type { ApiClient } from "../api/client.ts";
import type { IO, OutputStream } from "../output/io.ts";
import { styleFor } from "../output/style.ts";
import type { EarlyRequests } from "./early.ts";
import type { Invocation } from "./parse.ts";
import type { Runtime } from "./runtime.ts";
import { apiSession, checkTeams, requestTimeoutMs } from "./session.ts";

/** How long an answer sent ahead (head and body) is waited for here before the command goes the usual way, at most. */
export const EARLY_WAIT_MS = 1000;

/**
 * What the command did that only the usual way can do. Not told apart from other errors: any
 * error sends the command the usual way, which then reports it in its own words.
 */
class NotAnsweredEarly extends Error {}
const usualWay = (): never => {
  throw new NotAnsweredEarly();
};

/**
 * The command's exit code when it ran on the answers sent ahead and printed; undefined when it
 * must run the usual way (nothing was printed). `waitMs`: how long an answer is waited for
 * (default EARLY_WAIT_MS, or the request's timeout when that is shorter).
 */
export async function runAnsweredEarly(invocation: Invocation, io: IO, early: EarlyRequests, waitMs?: number): Promise<number | undefined> {
  const printed: (string | Uint8Array)[] = [];
  const stdout = writingTo(io.stdout, async (text) => void printed.push(text.slice())); // bytes copied: the caller may reuse its buffer
  const stderr = writingTo(io.stderr, usualWay);
  let code: number | void;
  try {
    const teams = checkTeams(invocation.globals.team, io.env);
    const credentials = early.credentials();
    const wait = waitMs ?? Math.min(EARLY_WAIT_MS, requestTimeoutMs(io.env));
    const session = apiSession(earlyClient(credentials.apiBaseUrl, early, io.signal, wait), credentials, teams);
    const runtime: Runtime = {
      io: {
        stdout,
        stderr,
        get stdinIsTTY() {
          return io.stdinIsTTY;
        },
        readStdin: usualWay,
        env: io.env,
        signal: io.signal,
      },
      jq: undefined,
      globals: invocation.globals,
      get log() {
        return usualWay();
      },
      errStyle: styleFor(io, io.stderr),
      outStyle: styleFor(io, io.stdout),
      get canPrompt() {
        return usualWay();
      },
      get prompter() {
        return usualWay();
      },
      get clock() {
        return usualWay();
      },
      fetch: usualWay,
      api: async () => session,
      clientFor: usualWay,
    };
    code = await invocation.command.duvoRun!(invocation.args, runtime);
  } catch {
    // Nothing printed: the usual way runs the command again, on the answers themselves, and says what went wrong.
    return undefined;
  }
  if (io.signal.aborted) return undefined; // Ctrl-C came as it finished: the usual way stops it as it stops any command
  // Outside the try: a write that fails is the command's failure, reported as the usual way reports it, not a reason to run it again.
  for (const text of printed) await io.stdout.write(text);
  return code ?? 0;
}

/** `stream` as the command sees it, its writes going to `write`; whether it is a terminal and its width asked only when the command asks (the process's `columns` costs ~8 ms to create: io.ts). */
function writingTo(stream: OutputStream, write: OutputStream["write"]): OutputStream {
  return {
    write,
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** The client's `call`, answered by a copy of the GET sent ahead to the same URL; anything else goes the usual way. */
function earlyClient(baseUrl: string, early: EarlyRequests, signal: AbortSignal, waitMs: number): ApiClient {
  return {
    baseUrl,
    async call(method, path, schema, request = {}) {
      const query = Object.values(request.query ?? {}).some((value) => value !== undefined);
      // Only a GET was sent early (call.ts never gives one a body).
      const copy = method === "GET" && !query ? early.peek(`${baseUrl}/v2${path}`) : undefined;
      if (!copy) return usualWay();
      const deadline = performance.now() + waitMs; // from when the command asked, as the usual way's timeout would start
      // The body of a 2xx, read as it comes (an error's is the usual way's); head and body within the wait.
      const body = copy.then((response) => (response.status >= 200 && response.status < 300 ? response.text() : undefined));
      body.catch(() => {});
      await request.whileSending?.(); // the answer's schema, loaded while the answer is on its way
      const text = await arrived(body, signal, deadline - performance.now());
      if (text === undefined || text.length > MAX_RESPONSE_CHARS) return usualWay();
      const checked = parseBody(method, path, text, typeof schema === "function" ? schema() : schema);
      return checked.ok ? checked.value : usualWay();
    },
    get: usualWay,
    post: usualWay,
    request: usualWay,
    stream: usualWay,
    get rateLimit() {
      return usualWay();
    },
  };
}

/** The answer's body, or undefined when it failed, was not a 2xx, Ctrl-C came first, or it took longer than `waitMs`. */
function arrived(body: Promise<string | undefined>, signal: AbortSignal, waitMs: number): Promise<string | undefined> {
  if (signal.aborted) return Promise.resolve(undefined); // an abort already given is not given again
  return new Promise((resolve) => {
    const done = (text: string | undefined) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
      resolve(text);
    };
    const stop = () => done(undefined);
    const timer = setTimeout(stop, waitMs);
    signal.addEventListener("abort", stop, { once: true });
    body.then(done, stop);
  });
}
