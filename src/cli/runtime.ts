/**
 * What a command gets from outside: streams, global flags, a logger on stderr, prompts,
 * a clock, the HTTP transport, and lazy API access (credentials are resolved only when a
 * command first needs them, after its arguments were checked). Tests replace the
 * prompter, the clock and the transport.
 */
import type { ConsolaInstance, LogObject } from "consola/core";
import { createApiClient, type ApiClient, type Transport } from "../api/client.ts";
import { TEST_COMMAND_HEADER } from "../api/headers.ts";
import { acceleratedClock, systemClock, type Clock } from "../clock.ts";
import { resolveCredentials } from "../config/credentials.ts";
import { InterruptedError } from "../errors.ts";
import type { IO } from "../output/io.ts";
import type { JqFilter } from "../output/jq.ts";
import type { EarlyRequests } from "./early.ts";
import { sanitize, styleFor, type Style } from "../output/style.ts";
import { isTruthy, nonNegativeNumber, positiveNumber } from "./values.ts";
import { apiSession, checkTeams, requestTimeoutMs, type ApiSession } from "./session.ts";
import { userAgent } from "../version.ts";

export interface Prompter {
  confirm(message: string, initial?: boolean): Promise<boolean>;
  text(message: string, options?: { placeholder?: string }): Promise<string>;
  select(message: string, options: { label: string; hint?: string }[]): Promise<string>;
  multiselect(message: string, options: { label: string; hint?: string }[]): Promise<string[]>;
  /** A line typed without echo (an API key). */
  password(message: string): Promise<string>;
}

/** The flags every command accepts (`--profile`, `--team`, `--debug`, `--no-input`), as parsed. */
export interface Globals {
  profile?: string;
  team?: string;
  debug: boolean;
  noInput: boolean;
}

export interface Runtime {
  io: IO;
  /** Set by `--jq`: every JSON output goes through it instead of straight to stdout. */
  jq?: JqFilter;
  globals: Globals;
  log: ConsolaInstance;
  /** Styles for text written to stderr and stdout. */
  errStyle: Style;
  outStyle: Style;
  /** Prompts only when stdin and stdout are TTYs and neither --no-input nor DUVO_NO_INPUT is set. */
  canPrompt: boolean;
  prompter: Prompter;
  api(): Promise<ApiSession>;
  /** A client for a key that is not (yet) in the config or env: `duvo login` checks one with it. */
  clientFor(credentials: { apiKey: string; apiBaseUrl: string }): ApiClient;
  /** Time for pacing, `--timeout`, backoff and retry budgets. */
  clock: Clock;
  /** Sends HTTP requests (`fetch`, honouring HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS). */
  fetch: Transport;
}

export interface RuntimeOptions {
  prompter?: Prompter;
  jq?: JqFilter;
  /** Default: the system clock, or with DUVO_POLL_SCALE (test-only) one that runs 1/scale times faster. */
  clock?: Clock;
  /** Default: the global `fetch`. */
  fetch?: Transport;
  /** The GETs the binary sent ahead for this argv (src/cli/early.ts): the first request to each URL takes its answer. */
  early?: EarlyRequests;
  /** The command being run (`["runs", "get"]`): with DUVO_TEST_TAG_REQUESTS set, every request names it (TEST_COMMAND_HEADER). */
  command?: string[];
}

export function createRuntime(io: IO, globals: Globals, options: RuntimeOptions = {}): Runtime {
  const debug = globals.debug || isTruthy(io.env.DUVO_DEBUG);
  const errStyle = styleFor(io, io.stderr);
  // consola is loaded and set up when something is first logged: most commands log nothing (~1 ms of start-up).
  let logger: ConsolaInstance | undefined;
  const log = (): ConsolaInstance =>
    (logger ??= (require("consola/core") as typeof import("consola/core")).createConsola({
      // Set explicitly: consola's default level is 1 (warnings only) under NODE_ENV=test, which
      // `bun test` sets for every child too; tests must see what users see.
      level: debug ? 4 : 3,
      reporters: [{ log: (entry) => void io.stderr.write(formatLog(entry, errStyle)) }],
    }));
  const canPrompt = io.stdinIsTTY && io.stdout.isTTY && !globals.noInput && !isTruthy(io.env.DUVO_NO_INPUT);
  let session: Promise<ApiSession> | undefined;
  const scale = positiveNumber(io.env.DUVO_POLL_SCALE);
  const clock = options.clock ?? (scale === undefined ? systemClock : acceleratedClock(1 / scale));
  const send: Transport = options.fetch ?? ((input, init) => fetch(input, init));
  const early = options.early;
  const plain: Transport = early ? (input, init) => early.take(input, init) ?? send(input, init) : send;
  const transport = options.command && isTruthy(io.env.DUVO_TEST_TAG_REQUESTS) ? tagged(plain, options.command.join(" ")) : plain;
  const network: Network = { clock, fetch: transport };

  return {
    io,
    jq: options.jq,
    globals,
    get log() {
      return log();
    },
    errStyle,
    outStyle: styleFor(io, io.stdout),
    canPrompt,
    prompter: options.prompter ?? consolaPrompter(),
    clock,
    fetch: transport,
    api() {
      session ??= openSession(io, globals, log, debug, network, options.fetch === undefined && !early, early);
      return session;
    },
    clientFor: (credentials) => clientFor(io, log, debug, network, credentials),
  };
}

interface Network {
  clock: Clock;
  fetch: Transport;
}

function clientFor(io: IO, log: () => ConsolaInstance, debug: boolean, network: Network, credentials: { apiKey: string; apiBaseUrl: string }): ApiClient {
  return createApiClient({
    ...network,
    baseUrl: credentials.apiBaseUrl,
    apiKey: credentials.apiKey,
    userAgent,
    timeoutMs: requestTimeoutMs(io.env),
    retryBudgetMs: (nonNegativeNumber(io.env.DUVO_RETRY_BUDGET) ?? 60) * 1000,
    signal: io.signal,
    debug: debug ? (line) => log().debug(line) : undefined,
  });
}

/**
 * `connectEarly`: the transport is the global `fetch`, whose connection can be opened ahead (`preconnect`).
 * `early`: the GETs sent ahead (src/cli/early.ts), whose credentials (or their error) were resolved from the same env.
 */
async function openSession(
  io: IO,
  globals: Globals,
  log: () => ConsolaInstance,
  debug: boolean,
  network: Network,
  connectEarly: boolean,
  early?: EarlyRequests,
): Promise<ApiSession> {
  const teams = checkTeams(globals.team, io.env);
  const credentials = early ? early.credentials() : await resolveCredentials(globals, io.env);
  if (connectEarly) preconnect(credentials.apiBaseUrl, io.env);
  return apiSession(clientFor(io, log, debug, network, credentials), credentials, teams);
}

/** Proxy settings `fetch` honours; a connection opened ahead would bypass them. */
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/**
 * A session is opened by a command about to send a request, its arguments checked: the
 * connection to the API (Bun's HTTP thread, DNS, TCP) is opened now, while the rest of the
 * request is made ready, instead of when `fetch` is first called (~1-2 ms of a one-request
 * command; docs/performance.md). Nothing is sent on it before that request. Not with a
 * proxy: `fetch.preconnect` would connect past it.
 */
function preconnect(baseUrl: string, env: Record<string, string | undefined>): void {
  if (PROXY_VARIABLES.some((name) => env[name])) return;
  try {
    fetch.preconnect(baseUrl);
  } catch {
    // only a head start: the request itself reports what is wrong with the connection
  }
}

function formatLog(entry: LogObject, style: Style): string {
  const text = entry.args.map((arg) => (typeof arg === "string" ? arg : String(arg))).join(" ");
  switch (entry.type) {
    case "success":
      return `${style.green("✓")} ${text}\n`;
    case "warn":
      return `${style.yellow("!")} ${text}\n`;
    case "error":
    case "fatal":
      return `${style.red("error:")} ${text}\n`;
    case "debug":
    case "trace":
      return `${style.dim(text)}\n`;
    default:
      return `${text}\n`;
  }
}

/** Prompts through consola (clack inside), loaded only when a prompt is shown. */
function consolaPrompter(): Prompter {
  const prompt = async (message: string, options: Record<string, unknown>) => {
    const { consola } = await import("consola");
    const answer = await consola.prompt(sanitize(message), { ...options, cancel: "symbol" } as never);
    // Ctrl-C (or Esc) at a prompt is an interruption like Ctrl-C anywhere else: exit 130.
    if (typeof answer === "symbol") throw new InterruptedError("SIGINT");
    return answer as unknown;
  };
  return {
    confirm: async (message, initial = false) => (await prompt(message, { type: "confirm", initial })) as boolean,
    text: async (message, options) => (await prompt(message, { type: "text", placeholder: options?.placeholder })) as string,
    select: async (message, options) => (await prompt(message, { type: "select", options: options.map((o) => ({ value: o.label, label: o.label, hint: o.hint })) })) as string,
    multiselect: async (message, options) =>
      (await prompt(message, {
        type: "multiselect",
        required: true,
        options: options.map((o) => ({ value: o.label, label: o.label, hint: o.hint })),
      })) as string[],
    // consola's prompt has no hidden input; a small raw-mode reader does it.
    password: async (message) => (await import("./hidden-input.ts")).readHiddenLine(sanitize(message)),
  };
}

/** The transport with TEST_COMMAND_HEADER on every request. */
function tagged(transport: Transport, command: string): Transport {
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(TEST_COMMAND_HEADER, command);
    return transport(input, { ...init, headers });
  };
}
