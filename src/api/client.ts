/**
 * The one HTTP client: ofetch with the base URL + `/v2`, bearer auth, `User-Agent`, a
 * per-request timeout, and the retry policy (docs/contract.md, "Retries") in one place:
 * - GETs retry network errors, 429, 5xx and unparseable or schema-breaking bodies,
 *   with exponential backoff and jitter, honouring `retry-after` / `x-ratelimit-reset`,
 *   until DUVO_RETRY_BUDGET runs out;
 * - POSTs retry only when the request cannot have reached the server (connection
 *   refused, 429), and always carry an `Idempotency-Key`.
 * Every response body is checked against its valibot schema. Time (backoff, budgets,
 * rate-limit windows) comes from the given clock and requests go through the given
 * transport, so both can be replaced in tests.
 *
 * This module does not load valibot (~2 ms): a GET goes out first, and valibot comes with the
 * answer's schema, built while the request is on its way (src/api/call.ts); bodies and
 * answers are checked through the schema itself (answer.ts), an error answer by api-error.ts.
 */
import { ofetch, type FetchResponse } from "ofetch";
import { apiHeaders } from "./headers.ts";
import type * as v from "valibot";
import type { Clock } from "../clock.ts";
import { abortError, CliError, UnexpectedResponseError } from "../errors.ts";
import { checkRequestBody, MAX_RESPONSE_CHARS, parseBody } from "./answer.ts";
import type { HttpMethod } from "./operation.ts";

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string;
  userAgent: string;
  timeoutMs: number;
  retryBudgetMs: number;
  signal: AbortSignal;
  clock: Clock;
  /** The HTTP transport (default: the global `fetch`, which honours HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS). */
  fetch?: Transport;
  debug?: (line: string) => void;
}

/** What sends a request: `fetch`, or a stand-in for it in tests. */
export type Transport = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The operation's request-body schema (strict): a body that breaks it is a usage error, and nothing is sent. */
  bodySchema?: AnySchema;
  idempotencyKey?: string;
  /** A multipart/form-data body instead of JSON (an upload; file parts are read from disk as they are sent). */
  form?: FormData;
  /**
   * Work done while the first attempt is on its way (call.ts loads the answer's schema then),
   * finished before any answer is read; with it, `schema` may be a function giving the schema.
   */
  whileSending?: () => Promise<void>;
}

/** A request whose answer is a body to pass on as it arrives (a download, an HTML page), not JSON. */
export interface StreamRequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** The `Accept` header (default any type). */
  accept?: string;
}

/** A successful answer whose body is read as it arrives. */
export interface StreamedAnswer {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array>;
}

/** A request whose body is sent as given and whose answer is returned whatever its status (`duvo api`). */
export interface RawRequestOptions {
  query?: Record<string, string>;
  /** Sent as is, as `application/json`. */
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export type { HttpMethod };
/** What the client sends: the operations' methods, and HEAD (only `duvo api` sends one). */
export type Method = HttpMethod | "HEAD";
/** GET and HEAD change nothing: retried on network errors and 5xx, sent without an Idempotency-Key. */
const isSafe = (method: Method) => method === "GET" || method === "HEAD";

export interface RateLimit {
  limit: number;
  remaining: number;
  resetAt: number; // epoch ms
}

type AnySchema = v.GenericSchema;

/** How one answer was judged: a value to return, or a failure, whether to retry it, and what to return when retrying stops (else the failure is thrown). */
type Verdict<T> = { value: T } | { failure: CliError; retry: boolean; waitMs?: number; giveUp?: () => T };

/** A change request that may or may not have reached the server: never retried blindly. */
export class UncertainOutcomeError extends CliError {
  /** What went wrong, without the "may or may not" clause (callers add their own). */
  constructor(readonly failure: string) {
    super(`${failure}; the request may or may not have reached the server`);
  }
}

export interface ApiClient {
  get<S extends AnySchema>(path: string, schema: S, options?: RequestOptions): Promise<v.InferOutput<S>>;
  post<S extends AnySchema>(path: string, schema: S, options?: RequestOptions): Promise<v.InferOutput<S>>;
  /** Any method, the answer checked with `schema`: GETs retry as `get`, other methods as `post` (with an Idempotency-Key). */
  call<S extends AnySchema>(method: Method, path: string, schema: S | (() => S), options?: RequestOptions): Promise<v.InferOutput<S>>;
  /**
   * Any method, body unchecked, any status returned (network failures still throw). The
   * same retry rules as `get`/`post`: a GET retries 429 and 5xx within the budget and
   * then returns the last answer; other methods retry only what cannot have reached the
   * server, and carry an `Idempotency-Key`.
   */
  request(method: Method, path: string, options?: RawRequestOptions): Promise<RawResponse>;
  /**
   * Any method, a 2xx answer's body streamed (never held whole): returned as soon as its head
   * arrives. Until then the rules of `call`: a GET retries network errors, 429 and 5xx, other
   * methods only what cannot have reached the server; an error status is the usual ApiError.
   * The timeout covers the wait for the head and each pause between chunks, not the whole body.
   */
  stream(method: Method, path: string, options?: StreamRequestOptions): Promise<StreamedAnswer>;
  /** The rate-limit headers of the last response, for callers that pace themselves. */
  readonly rateLimit: RateLimit | undefined;
  readonly baseUrl: string;
}

/** How one request is sent: JSON (`body`), as given (`rawBody`), or with its answer streamed. */
type Prepared = RequestOptions & { rawBody?: string; stream?: boolean; accept?: string };

interface Attempt {
  response?: FetchResponse<string>;
  networkError?: Error;
  cannotHaveReachedServer?: boolean;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetcher = ofetch.create(
    {
      baseURL: `${options.baseUrl}/v2`,
      headers: apiHeaders(options.apiKey, options.userAgent),
      retry: 0,
      ignoreResponseError: true,
      responseType: "text",
    },
    options.fetch ? { fetch: options.fetch as typeof fetch } : undefined,
  );
  const clock = options.clock;
  const rateBudget = new RateBudget(clock);
  const debug = options.debug;

  async function attempt(method: Method, path: string, request: Prepared): Promise<Attempt> {
    // A streamed answer may take long to arrive whole: its timeout restarts with every chunk.
    const idle = request.stream ? idleTimeout(options.timeoutMs) : undefined;
    const signal = AbortSignal.any([options.signal, idle?.signal ?? AbortSignal.timeout(options.timeoutMs)]);
    const started = performance.now();
    debug?.(`→ ${method} ${path}${formatQuery(request.query)}`);
    try {
      const response = await fetcher.raw<string, "text">(path, {
        method,
        query: request.query,
        body: request.form ?? request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
        headers: {
          ...(request.body !== undefined || request.rawBody !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(request.idempotencyKey ? { "Idempotency-Key": request.idempotencyKey } : {}),
          ...(request.stream ? { Accept: request.accept ?? "*/*" } : {}),
        },
        signal,
        ...(request.stream ? { responseType: "stream" as "text" } : {}),
      });
      if (idle) {
        const body = response._data as unknown as ReadableStream<Uint8Array> | null;
        if (response.status >= 200 && response.status < 300) (response as { _data: unknown })._data = idle.watch(body ?? new Blob([]).stream());
        else {
          // An error's body is small: read it whole, as for any other answer.
          (response as { _data: unknown })._data = body ? await new Response(body).text() : "";
          idle.stop();
        }
      }
      const rateLimit = readRateLimit(response.headers, clock);
      rateBudget.update(rateLimit);
      const limits = rateLimit ? ` (rate limit ${rateLimit.remaining}/${rateLimit.limit})` : ""; // this answer's, if it has one
      debug?.(`← ${response.status} ${method} ${path} ${Math.round(performance.now() - started)} ms${limits}`);
      return { response };
    } catch (error) {
      idle?.stop();
      if (options.signal.aborted) throw abortError(options.signal);
      const cause = describeNetworkError(error, options.timeoutMs);
      debug?.(`✗ ${method} ${path}: ${cause.message}`);
      return { networkError: cause, cannotHaveReachedServer: isConnectionRefused(error) };
    }
  }

  /**
   * One request under the retry policy. Network errors are judged here (GETs retry; other
   * methods only when the request cannot have reached the server); `judge` reads an
   * answer: a value to return, or the failure and whether it may be retried.
   */
  async function withRetries<T>(method: Method, path: string, request: Prepared, judge: (response: FetchResponse<string>) => Verdict<T>): Promise<T> {
    const deadline = clock.now() + options.retryBudgetMs;
    const isGet = isSafe(method);
    for (let tries = 0; ; tries++) {
      await rateBudget.take(options.signal, debug);
      const sending = attempt(method, path, request); // the request is on its way once this returns
      if (tries === 0 && request.whileSending) {
        try {
          await request.whileSending();
        } catch (error) {
          await sending;
          throw error;
        }
      }
      const result = await sending;
      const status = result.response?.status ?? 200;
      if (status < 200 || status >= 300) apiErrors ??= await import("./api-error.ts"); // what failedAnswer reads
      let verdict: Verdict<T>;
      if (result.networkError) {
        const retry = isGet || result.cannotHaveReachedServer === true;
        verdict = {
          retry,
          failure: retry
            ? new CliError(`cannot reach ${options.baseUrl}: ${result.networkError.message}`)
            : new UncertainOutcomeError(`${method} ${path} failed (${result.networkError.message})`),
        };
      } else verdict = judge(result.response!);
      if ("value" in verdict) return verdict.value;
      const delay = verdict.waitMs ?? backoffMs(tries);
      if (!verdict.retry || clock.now() + delay > deadline) {
        if (verdict.giveUp) return verdict.giveUp();
        throw verdict.failure;
      }
      debug?.(`  retrying in ${Math.round(delay)} ms (${verdict.failure.message})`);
      await clock.sleep(delay, options.signal);
    }
  }

  function send<S extends AnySchema>(method: Method, path: string, schema: S | (() => S), request: RequestOptions = {}) {
    const isGet = isSafe(method);
    if (request.bodySchema) checkRequestBody(request.bodySchema, request.body);
    return withRetries(method, path, request, (response): Verdict<v.InferOutput<S>> => {
      const status = response.status;
      if ((response._data?.length ?? 0) > MAX_RESPONSE_CHARS) {
        // No page of this API comes near this: something is wrong upstream.
        throw new UnexpectedResponseError(`unexpected response from ${method} ${path}: the body is over ${MAX_RESPONSE_CHARS / 2 ** 20} MiB`);
      }
      if (status === 204) return { value: null as v.InferOutput<S> }; // no content (e.g. a delete)
      if (status >= 200 && status < 300) {
        const checked = parseBody(method, path, response._data ?? "", typeof schema === "function" ? schema() : schema);
        return checked.ok ? { value: checked.value } : { failure: checked.error, retry: isGet };
      }
      return failedAnswer(method, path, response);
    });
  }

  /** An error status: the API's error, retried when it is a 429 or a GET's 5xx, after the wait the answer asks for. */
  function failedAnswer(method: Method, path: string, response: FetchResponse<string>): Verdict<never> {
    return {
      failure: apiErrors!.errorFromResponse(method, path, response.status, response._data ?? ""),
      retry: mayRetryStatus(method, response.status),
      waitMs: retryAfterMs(response.headers, clock),
    };
  }

  function sendRaw(method: Method, path: string, request: RawRequestOptions = {}): Promise<RawResponse> {
    const isGet = isSafe(method);
    const prepared = { query: request.query, rawBody: request.body, idempotencyKey: isGet ? undefined : crypto.randomUUID() };
    return withRetries(method, path, prepared, (response): Verdict<RawResponse> => {
      const answer = { status: response.status, headers: response.headers, text: response._data ?? "" };
      const retry = mayRetryStatus(method, response.status);
      if (!retry) return { value: answer };
      // Out of budget, the caller gets the last answer (and prints it) rather than an error.
      return { retry, failure: new CliError(`${response.status}`), waitMs: retryAfterMs(response.headers, clock), giveUp: () => answer };
    });
  }

  function sendStreamed(method: Method, path: string, request: StreamRequestOptions = {}): Promise<StreamedAnswer> {
    const isGet = isSafe(method);
    const prepared: Prepared = { ...request, stream: true, idempotencyKey: isGet ? undefined : crypto.randomUUID() };
    return withRetries(method, path, prepared, (response): Verdict<StreamedAnswer> => {
      const status = response.status;
      if (status >= 200 && status < 300) return { value: { status, headers: response.headers, body: response._data as unknown as ReadableStream<Uint8Array> } };
      return failedAnswer(method, path, response);
    });
  }

  return {
    request: sendRaw,
    stream: sendStreamed,
    get: (path, schema, request) => send("GET", path, schema, request),
    post: (path, schema, request) => send("POST", path, schema, { ...request, idempotencyKey: request?.idempotencyKey ?? crypto.randomUUID() }),
    call: (method, path, schema, request) =>
      send(method, path, schema, method === "GET" ? request : { ...request, idempotencyKey: request?.idempotencyKey ?? crypto.randomUUID() }),
    get rateLimit() {
      return rateBudget.current;
    },
    baseUrl: options.baseUrl,
  };
}

/** Loaded when the first error answer arrives (it brings valibot for the error body's schema). */
let apiErrors: typeof import("./api-error.ts") | undefined;

/** The rate-limit headers; the window's end (epoch seconds) is compared with the clock's `now`. */
function readRateLimit(headers: Headers, clock: Clock): RateLimit | undefined {
  const limit = Number(headers.get("x-ratelimit-limit"));
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const reset = Number(headers.get("x-ratelimit-reset") ?? Number.NaN); // absent: unknown, not 0
  if (!headers.has("x-ratelimit-limit") || !Number.isFinite(limit) || !Number.isFinite(remaining)) return undefined;
  return { limit, remaining, resetAt: Number.isFinite(reset) ? reset * 1000 : clock.now() + 60_000 };
}

function retryAfterMs(headers: Headers, clock: Clock): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - clock.now());
  }
  const reset = Number(headers.get("x-ratelimit-reset") ?? Number.NaN); // absent: unknown, not 0
  if (headers.get("x-ratelimit-remaining") === "0" && Number.isFinite(reset)) return Math.max(0, reset * 1000 - clock.now());
  return undefined;
}

/**
 * Keeps `x-ratelimit-remaining` above 10% of the limit, also with several requests in
 * flight: what the responses said, minus the requests sent since. A request that would
 * go below waits for the window to reset.
 */
class RateBudget {
  current: RateLimit | undefined;
  constructor(private clock: Clock) {}

  /** Takes in a response's headers: a new window replaces the count, the same window can only lower it. */
  update(next: RateLimit | undefined) {
    if (!next) return;
    const known = this.current;
    if (!known || next.resetAt > known.resetAt) this.current = next;
    else this.current = { ...known, limit: next.limit, remaining: Math.min(known.remaining, next.remaining) };
  }

  /** Before a request: waits while the budget is at 10% of the limit or below, then counts the request. */
  async take(signal: AbortSignal, debug?: (line: string) => void) {
    for (;;) {
      const budget = this.current;
      if (!budget || budget.limit <= 0) return;
      if (this.clock.now() >= budget.resetAt) {
        // A new window: full again until a response says otherwise.
        this.current = { limit: budget.limit, remaining: budget.limit, resetAt: this.clock.now() + 60_000 };
        continue;
      }
      if (budget.remaining > budget.limit * 0.1) {
        budget.remaining--;
        return;
      }
      const wait = budget.resetAt - this.clock.now();
      debug?.(`  rate limit nearly used (${budget.remaining}/${budget.limit}): waiting ${Math.round(wait)} ms for the window to reset`);
      await this.clock.sleep(Math.min(wait, 60_000), signal);
    }
  }
}

/**
 * A timeout that restarts with every chunk of a streamed body: a slow but moving download
 * goes on, a stalled one ends ("no data for N s"), DUVO_HTTP_TIMEOUT like any request.
 */
function idleTimeout(ms: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`no data for ${ms / 1000} s`, "TimeoutError")), ms);
    timer.unref?.(); // a body nobody reads any more must not keep the process alive
  };
  const stop = () => clearTimeout(timer);
  arm();
  return {
    signal: controller.signal,
    stop,
    watch(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
      return body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, sink) {
            arm();
            sink.enqueue(chunk);
          },
          flush: stop,
        }),
      );
    },
  };
}

/** A status worth asking again: the rate limit, or a server error on a GET (which cannot have changed anything). */
function mayRetryStatus(method: Method, status: number): boolean {
  return status === 429 || (isSafe(method) && status >= 500);
}

function backoffMs(tries: number): number {
  const base = Math.min(8_000, 250 * 2 ** tries);
  return base / 2 + Math.random() * (base / 2);
}

function isConnectionRefused(error: unknown): boolean {
  const codes = [error, (error as { cause?: unknown })?.cause].map((item) => (item as { code?: string })?.code);
  return codes.some((code) => code === "ECONNREFUSED" || code === "ConnectionRefused");
}

function describeNetworkError(error: unknown, timeoutMs: number): Error {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const name = (cause as Error)?.name;
  if (name === "TimeoutError" || name === "AbortError") return new Error(`no answer within ${timeoutMs / 1000} s`);
  const code = (cause as { code?: string })?.code;
  if (code === "ECONNREFUSED" || code === "ConnectionRefused") return new Error("connection refused");
  if (code === "ECONNRESET" || code === "ConnectionClosed") return new Error("connection closed by the server");
  const message = (cause as Error)?.message ?? String(cause);
  return new Error(code ? `${code}: ${message.split("\n")[0]}` : message.split("\n")[0]!);
}

function formatQuery(query: RequestOptions["query"]): string {
  if (!query) return "";
  const entries = Object.entries(query).filter(([, value]) => value !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)] as [string, string])).toString()}` : "";
}
