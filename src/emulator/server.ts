/**
 * HTTP around the state: a real Bun.serve socket, request recording, auth, rate limiting,
 * idempotency, latency, and injected faults (faults.ts), decided in one place per request.
 */
import type { Server } from "bun";
import { TEAMS } from "./fixtures.ts";
import { ApiError, type Reply } from "./http.ts";
import { dispatch, documentedError, routeOf, type Statuses } from "./routes.ts";
import type { EmulatorState } from "./state.ts";
import { serveStorage, STORAGE_PATH } from "./platform/storage.ts";
import { droppedConnection, FaultPlan, type FaultKind, type FaultOptions } from "./faults.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
  /** The status answered; 0 while the request is still being handled. */
  status: number;
  /** The fault injected into this response, if any. */
  fault?: FaultKind;
  /** The document's operation the request was routed to; undefined for an unknown route or one refused before routing. */
  operationId?: string;
  /** The body answered (before any injected fault changed it). */
  responseBody?: unknown;
  /** With a `stored-500` or `stored-cut` fault: the answer the change had before the fault replaced it. */
  stored?: { status: number; body: unknown };
  /** A storage answer (/storage/): its headers; its body is `responseBody`, as bytes. */
  responseHeaders?: Record<string, string>;
}

export interface ServerOptions {
  /** 0 = any free port (kept across down()/up()); default 8787. */
  port: number;
  /** Default "127.0.0.1". */
  host: string;
  /** Delay added to every response, in ms; default 0. */
  latencyMs: number;
  /**
   * Requests per minute per key; default 300. 0 = off: nothing is refused and the headers
   * advertise a limit of UNLIMITED_RATE (1,000,000), so clients that read them never throttle.
   */
  rateLimit: number;
  /** Injected faults (probabilities per kind, seeded; several rules: the first that applies to a request); none by default. */
  faults?: FaultOptions | FaultOptions[];
  /**
   * "document" (default): an error status the operation does not document is answered with one
   * it does (a 409 as 400, a 403 as 401). "platform": 403, 409, 413 and 422 as the platform sends them.
   */
  statuses?: Statuses;
  /** Called with every request once it is answered (tests check each answer against the document here). */
  onResponse?: (record: RecordedRequest) => void;
}

/** With the rate limit off, the headers advertise this limit so clients reading them never throttle. */
const UNLIMITED_RATE = 1_000_000;
const MAX_BODY_BYTES = 1024 * 1024;
/** Uploads (multipart or octet-stream bodies) may be larger than a JSON body. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** Fixed one-minute windows per key, starting with the key's first request. */
class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(readonly limit: number) {}

  take(key: string, nowMs = Date.now()) {
    let w = this.windows.get(key);
    if (!w || nowMs >= w.start + 60_000) this.windows.set(key, (w = { start: nowMs, count: 0 }));
    const resetMs = w.start + 60_000;
    const over = w.count >= this.limit;
    if (!over) w.count += 1; // a refused request does not use up the window
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - w.count),
      reset: Math.ceil(resetMs / 1000), // Unix seconds at which the window resets
      retryAfter: over ? Math.max(1, Math.ceil((resetMs - nowMs) / 1000)) : null, // seconds to wait when this request is over the limit
    };
  }
}

export class EmulatorServer {
  readonly requests: RecordedRequest[] = [];
  /** `stored-late` changes answered but not applied yet. */
  lateWrites = 0;
  private server: Server<undefined> | null = null;
  private limiter: RateLimiter;
  faults: FaultPlan | undefined;
  port: number;

  constructor(
    private state: EmulatorState,
    private options: ServerOptions,
  ) {
    this.port = options.port;
    this.limiter = new RateLimiter(options.rateLimit > 0 ? options.rateLimit : UNLIMITED_RATE);
    this.setFaults(options.faults);
  }

  setFaults(faults: FaultOptions | FaultOptions[] | undefined): void {
    this.faults = faults ? new FaultPlan(faults) : undefined;
  }

  listen(): void {
    if (this.server) return;
    this.server = Bun.serve({
      port: this.port,
      hostname: this.options.host,
      idleTimeout: 255, // the maximum: a long latency must not look like an idle connection
      fetch: (req) => this.handle(req),
    });
    // Port 0 picks a free port once; up() after down() reuses it.
    this.port = this.server.port ?? this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop(true); // closes open keep-alive connections too: clients see the outage
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const headers = Object.fromEntries(req.headers);
    const record: RecordedRequest = {
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: undefined,
      status: 0,
    };
    this.requests.push(record); // at arrival, so the log keeps arrival order
    if (url.pathname.startsWith(STORAGE_PATH)) {
      // Presigned uploads and downloads: no API key, no /v2, bodies of any size streamed.
      const response = await serveStorage(this.state, req, url);
      record.status = response.status;
      record.responseHeaders = Object.fromEntries(response.headers);
      record.responseBody = new Uint8Array(await response.clone().arrayBuffer());
      this.options.onResponse?.(record);
      return response;
    }
    const payload = new Uint8Array(await req.arrayBuffer());
    const contentType = req.headers.get("content-type");
    // JSON (or an unlabelled body) is parsed; multipart forms are read; any other body is handed over as bytes.
    const isJson = contentType === null || /json|^text\/plain/i.test(contentType);
    const text = isJson ? new TextDecoder().decode(payload) : "";
    let body: unknown;
    let form: Awaited<ReturnType<Response["formData"]>> | undefined;
    let badBody = false;
    if (text.trim() !== "") {
      try {
        body = record.body = JSON.parse(text);
      } catch {
        badBody = true;
      }
    } else if (contentType && /^multipart\/form-data/i.test(contentType)) {
      try {
        form = await new Response(payload, { headers: { "content-type": contentType } }).formData();
        record.body = await formSummary(form);
      } catch {
        badBody = true;
      }
    }
    // A HEAD is answered as the GET it mirrors (Bun drops the body).
    const operation = routeOf(req.method === "HEAD" ? "GET" : req.method, url.pathname);
    record.operationId = operation?.operation.id;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "")?.[1];
    const rate = this.limiter.take(token ?? "anonymous");
    const fault = (record.fault = this.faults?.pick(req.method, record.operationId));
    // Error statuses and (for reads) dropped connections come before any effect; a dropped
    // POST is dropped after it took effect: the client cannot know whether it did.
    if (fault === "429") return this.send(record, new ApiError(429, "Too many requests (injected)", { "retry-after": "1" }).toReply(), rate);
    if (fault === "500" || fault === "502" || fault === "503" || fault === "422") {
      return this.send(record, new ApiError(Number(fault), `Injected ${fault}`).toReply(), rate);
    }
    if (fault === "reset" && req.method === "GET") return this.drop(record);
    let reply: Reply;
    try {
      if (rate.retryAfter !== null) {
        throw new ApiError(429, `Rate limit of ${rate.limit} requests per minute exceeded; retry in ${rate.retryAfter} s`, {
          "retry-after": String(rate.retryAfter),
        });
      }
      const team = token === undefined ? undefined : TEAMS.find((t) => t.apiKey === token);
      if (!team) {
        throw new ApiError(401, token === undefined ? "Missing API key: send Authorization: Bearer <key>" : "Invalid API key");
      }
      const limit = isJson ? MAX_BODY_BYTES : MAX_UPLOAD_BYTES;
      if (payload.byteLength > limit) throw new ApiError(413, `Request body larger than ${limit} bytes`);
      if (badBody && req.method !== "GET") throw new ApiError(400, isJson ? "Request body is not valid JSON" : "Request body is not a valid multipart form");
      const extras = { form, raw: payload.byteLength > 0 ? { bytes: payload, contentType } : undefined };
      // stored-part: only the first half of a batch takes effect.
      const applied = fault === "stored-part" ? firstHalfOfBatch(body) : body;
      const apply = () => dispatch(this.state, team, operation, url, applied, extras);
      if (fault === "stored-late") {
        // Answered 500 now; the change lands later, whatever the client did meanwhile.
        this.lateWrites++;
        setTimeout(
          () =>
            void apply()
              .catch(() => undefined)
              .finally(() => this.lateWrites--),
          this.faults!.lateMs,
        );
        return this.send(record, new ApiError(500, "Injected 500; the request takes effect later").toReply(), rate);
      }
      reply = await this.idempotent(token!, req.method, url, headers["idempotency-key"], body, apply);
      if (fault === "twice" && reply.status < 300) await apply(); // the second delivery; the client sees the first answer
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(500, String(error));
      // Refusals before routing (auth, size, JSON) take the operation's documented error shape too.
      reply = operation ? documentedError(operation, failure, this.options.statuses) : failure.toReply();
    }
    if (fault === "stored-500" || fault === "stored-cut" || fault === "stored-part") record.stored = { status: reply.status, body: reply.body };
    if (fault === "reset" || fault === "stored-cut") return this.drop(record);
    if (fault === "stored-500" || fault === "stored-part") {
      // The change (or part of it) took effect; only its answer is lost.
      record.responseBody = reply.body;
      return this.send(record, new ApiError(500, "Injected 500 after the request took effect").toReply(), rate);
    }
    return this.send(record, reply, rate, fault);
  }

  private drop(record: RecordedRequest): Response {
    record.status = -1;
    this.options.onResponse?.(record);
    return droppedConnection();
  }

  /**
   * A POST repeated with the same Idempotency-Key (same API key) replays the first
   * successful answer instead of acting twice; the same key on a different request is a 409.
   */
  private async idempotent(apiKey: string, method: string, url: URL, idemKey: string | undefined, body: unknown, run: () => Promise<Reply>): Promise<Reply> {
    if (method !== "POST" || !idemKey) return run();
    const cacheKey = `${apiKey}\n${idemKey}`;
    const fingerprint = `${method} ${url.pathname}${url.search}\n${JSON.stringify(body ?? null)}`;
    const seen = this.state.idempotency.get(cacheKey);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw new ApiError(409, "This Idempotency-Key was already used for a different request"); // 400 where 409 is not documented
      }
      return { status: seen.status, body: seen.body, headers: { "idempotent-replayed": "true" } };
    }
    const reply = await run();
    if (reply.status < 300) this.state.idempotency.set(cacheKey, { fingerprint, status: reply.status, body: reply.body });
    return reply;
  }

  /** The one exit of every response. */
  private async send(record: RecordedRequest, reply: Reply, rate: ReturnType<RateLimiter["take"]>, fault?: FaultKind): Promise<Response> {
    record.status = reply.status;
    // A text answer (HTML) is recorded as its text; bytes are not recorded.
    record.responseBody = reply.body instanceof Uint8Array ? undefined : reply.body;
    this.options.onResponse?.(record);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "x-request-id": crypto.randomUUID(),
      "x-ratelimit-limit": String(rate.limit),
      "x-ratelimit-remaining": String(rate.remaining),
      "x-ratelimit-reset": String(rate.reset),
      ...reply.headers,
    };
    if (this.options.latencyMs > 0) await Bun.sleep(this.options.latencyMs);
    if (fault === "slow") await Bun.sleep(this.faults!.slowMs);
    if (reply.status === 204 || reply.body === undefined) return new Response(null, { status: reply.status, headers });
    // A reply that names its own content type (bytes, HTML) is sent as it is.
    const raw = reply.body instanceof Uint8Array || (typeof reply.body === "string" && reply.headers?.["content-type"] !== undefined);
    let text: string | Uint8Array = raw ? (reply.body as string | Uint8Array) : JSON.stringify(reply.body);
    if (fault === "malformed") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    if (fault === "schema") text = JSON.stringify(["injected schema-breaking body"]);
    return new Response(text, { status: reply.status, headers });
  }
}

/** A multipart body as the request log keeps it: each part's value, or a file's name, type, size and text. */
async function formSummary(form: Awaited<ReturnType<Response["formData"]>>): Promise<Record<string, unknown>> {
  const parts: Record<string, unknown> = {};
  for (const [name, value] of form) {
    parts[name] = typeof value === "string" ? value : { name: value.name, type: value.type, size: value.size, text: await value.text() };
  }
  return parts;
}

/** A body with a batch (`cases`) cut to its first half (at least one); any other body as it is. */
function firstHalfOfBatch(body: unknown): unknown {
  const batch = body && typeof body === "object" && "cases" in body ? (body as { cases: unknown }).cases : undefined;
  return Array.isArray(batch) ? { ...(body as object), cases: batch.slice(0, Math.max(1, Math.floor(batch.length / 2))) } : body;
}
