/**
 * A one-request command's GET, sent while the command loads. The binary's entry (src/main.ts)
 * asks here before it loads the parser and the command: when the argv is a command that
 * declares early requests (`early` on the command, table in generated/early-requests.ts)
 * given exactly its one positional as a UUID and at most `--json`, and the key and base URL
 * resolve, the GETs that command always sends first go out now. The parsed command then runs
 * first on copies of their answers alone (`peek`, early-runtime.ts); when it cannot finish that
 * way, it runs as usual, through the real client, and its first request to each of those URLs
 * takes the answer already on its way instead of sending again (`take`). Either way the server
 * sees the same requests, with the same headers, as without this; only sooner
 * (docs/performance.md).
 *
 * Anything else (another flag, a value that is not a UUID, --debug or DUVO_DEBUG, no key, a
 * bad DUVO_TEAM_ID) sends nothing here: the usual way then gives the usual answer or error
 * (credentials that do not resolve give their error where the command would have resolved
 * them), so an argv the parser refuses never sends a request. test/early.test.ts holds every
 * declared command to that and to the same requests either way.
 */
import { apiHeaders, TEST_COMMAND_HEADER } from "../api/headers.ts";
import type { Credentials } from "../config/credentials.ts";
import { userAgent } from "../version.ts";
import { EARLY_REQUESTS } from "./generated/early-requests.ts";
import { isTruthy, isUuid } from "./values.ts";

/** The answers sent ahead, each taken once by the request it stands for. */
export interface EarlyRequests {
  /**
   * What they were sent with, resolved from the same env and no flags; or the error resolving
   * them gave (then nothing was sent). The command's session takes this rather than resolving
   * again: a key file that is a pipe (`DUVO_API_KEY_FILE=<(…)`) can be read only once.
   */
  credentials(): Credentials;
  /** The answer sent ahead for this request (a GET of the same URL and key), once; undefined for any other. */
  take(input: string | URL | Request, init?: RequestInit): Promise<Response> | undefined;
  /**
   * A copy of the answer sent ahead to this URL, leaving the answer itself to be taken: the
   * command is first run on the copies alone (early-runtime.ts), and if that cannot print, the
   * usual way takes the answers as they came.
   */
  peek(url: string): Promise<Response> | undefined;
}

interface Sent {
  authorization: string;
  response: Promise<Response>;
  controller: AbortController;
}

/** `argv` as the binary got it; `fetcher` is the global fetch (tests give their own). */
export async function sendEarly(argv: string[], env: Record<string, string | undefined>, fetcher: typeof fetch = fetch): Promise<EarlyRequests | undefined> {
  const shape = earlyShape(argv);
  if (!shape || isTruthy(env.DUVO_DEBUG) || (env.DUVO_TEAM_ID && !isUuid(env.DUVO_TEAM_ID))) return undefined;
  let credentials: Credentials;
  try {
    credentials = await (await import("../config/credentials.ts")).resolveCredentials({}, env);
  } catch (error) {
    // Nothing sent: the command's session gives this error where it would have resolved them.
    return {
      credentials: () => {
        throw error;
      },
      take: () => undefined,
      peek: () => undefined,
    };
  }
  const headers = apiHeaders(credentials.apiKey, userAgent);
  if (isTruthy(env.DUVO_TEST_TAG_REQUESTS)) headers[TEST_COMMAND_HEADER] = shape.command;
  const sent = new Map<string, Sent>();
  for (const path of shape.paths) {
    const url = `${credentials.apiBaseUrl}${path.replace("{}", shape.value ?? "")}`;
    const controller = new AbortController();
    const response = fetcher(url, { headers, signal: controller.signal });
    response.catch(() => {}); // taken, its failure is the command's; not taken, nobody waits for it
    sent.set(url, { authorization: headers.Authorization!, response, controller });
  }
  return {
    credentials: () => credentials,
    take(input, init) {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const early = sent.get(url);
      if (!early || (init?.method ?? "GET") !== "GET" || new Headers(init?.headers).get("Authorization") !== early.authorization) return undefined;
      sent.delete(url);
      return answerUnlessAborted(early, init?.signal ?? undefined);
    },
    peek(url) {
      const copy = sent.get(url)?.response.then((response) => response.clone() as Response);
      copy?.catch(() => {}); // a failed request is the usual way's to report, whether or not the copy was waited for
      return copy;
    },
  };
}

/** The command and its URL values when `argv` is one that sends early: `[...command, uuid?]` and `--json` at most once after the command. */
export function earlyShape(argv: string[]): { command: string; paths: string[]; value?: string } | undefined {
  for (const words of [2, 1]) {
    const command = argv.slice(0, words).join(" ");
    const entry = Object.hasOwn(EARLY_REQUESTS, command) ? EARLY_REQUESTS[command] : undefined;
    if (!entry) continue;
    const [positional, json, paths] = entry;
    const rest = argv.slice(words);
    const flags = rest.filter((token) => token.startsWith("-"));
    const values = rest.filter((token) => !token.startsWith("-"));
    if (flags.length > 1 || (flags.length === 1 && (!json || flags[0] !== "--json"))) return undefined;
    if (values.length !== (positional ? 1 : 0) || (positional && !isUuid(values[0]!))) return undefined;
    return { command, paths, value: positional ? values[0]!.toLowerCase() : undefined };
  }
  return undefined;
}

/**
 * The answer sent ahead, or the abort of the request that takes it (Ctrl-C, its timeout), which
 * also stops the one sent ahead: before its head arrives, and after, while its body is read.
 */
function answerUnlessAborted(early: Sent, signal: AbortSignal | undefined): Promise<Response> {
  if (!signal) return early.response;
  return new Promise((resolve, reject) => {
    const abort = () => {
      early.controller.abort(signal.reason);
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    early.response.then(resolve, (error) => {
      signal.removeEventListener("abort", abort);
      reject(error);
    });
  });
}
