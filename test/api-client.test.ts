/**
 * The client against servers that misbehave in specific ways: schema breaks, unknown
 * statuses and extra fields, 5xx and 429 retries, and a start whose connection drops.
 */
import { afterEach, describe, expect, spyOn, test } from "bun:test";
import * as v from "valibot";
import { checkRequestBody, MAX_RESPONSE_CHARS, validate } from "../src/api/answer.ts";
import { createApiClient, type Transport } from "../src/api/client.ts";
import { errorFromResponse } from "../src/api/api-error.ts";
import { InterruptedError } from "../src/errors.ts";
import { documentExample, runDuvo, tempDir } from "./helpers.ts";
import { connectionRefused, fakeClock, stubTransport, type StubRequest } from "./fake-clock.ts";

const RUN_ID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
const AGENT_ID = "5e1f0c2a-7d3b-4c9e-8a30-000000000001";
const TEAM_ID = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";
const KEY = "dv_test_key_never_printed_9f3a";

const run = (overrides: Record<string, unknown> = {}) => ({
  id: RUN_ID,
  agent_id: AGENT_ID,
  build_id: "5e1f0c2a-7d3b-4c9e-8a40-000000000001",
  status: "running",
  source: "api",
  sandbox_id: null,
  started_at: "2026-11-28T10:00:01Z",
  completed_at: null,
  created_at: "2026-11-28T10:00:00Z",
  updated_at: "2026-11-28T10:00:02Z",
  human_in_the_loop_enabled: true,
  ...overrides,
});

let stopServer: (() => void) | undefined;
afterEach(() => stopServer?.());

/** A server answering each request with the next scripted response; records what it got. */
function scriptedServer(respond: (request: Request, count: number) => Response | Promise<Response>) {
  const received: { method: string; path: string; url: string; headers: Headers; body: string }[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      received.push({ method: request.method, path: url.pathname, url: url.pathname + url.search, headers: request.headers, body: await request.text() });
      return respond(request, received.length);
    },
  });
  stopServer = () => server.stop(true);
  return { url: `http://127.0.0.1:${server.port}`, received };
}

/** An API answered in-process, in the virtual time of a fake clock (see fake-clock.ts). */
function virtualServer(respond: (request: StubRequest, count: number, now: number) => Response | Promise<Response>) {
  const time = fakeClock();
  const { fetch, received } = stubTransport(time, (request, count) => respond(request, count, time.clock.now()));
  const duvo = (argv: string[], extra: Record<string, string> = {}) => runDuvo(argv, { env: env("http://127.0.0.1:9", extra), clock: time.clock, fetch });
  return { duvo, received, slept: time.slept, clock: time.clock };
}

const env = (url: string, extra: Record<string, string> = {}) => ({
  DUVO_API_BASE_URL: url,
  DUVO_API_KEY: KEY,
  DUVO_TEAM_ID: TEAM_ID,
  DUVO_CONFIG_DIR: tempDir(),
  ...extra,
});

describe("response checking", () => {
  test("extra fields and unknown statuses pass through untouched", async () => {
    const body = { run: run({ status: "hibernating", cost_cents: 12, nested: { a: [1] } }), pending_human_request: null, trace_id: "t-1" };
    const server = scriptedServer(() => Response.json(body));
    const json = await runDuvo(["runs", "get", RUN_ID, "--json"], { env: env(server.url) });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(body);
    const human = await runDuvo(["runs", "get", RUN_ID], { env: env(server.url) });
    expect(human.stdout).toContain("Status       hibernating");
  });

  test("a body that breaks its schema is a clear error naming the field (exit 1), after retrying", async () => {
    const server = scriptedServer(() => Response.json({ run: run({ status: 5 }) }));
    const result = await runDuvo(["runs", "get", RUN_ID], { env: env(server.url, { DUVO_RETRY_BUDGET: "1" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: unexpected response from GET /runs/${RUN_ID}: run.status: Invalid type: Expected string but received 5\n`);
    expect(server.received.length).toBeGreaterThan(1); // retried within the budget
  });

  test("a body that is not JSON is a clear error", async () => {
    const server = scriptedServer(() => new Response("<html>gateway</html>", { status: 200 }));
    const result = await runDuvo(["runs", "get", RUN_ID], { env: env(server.url, { DUVO_RETRY_BUDGET: "0" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: unexpected response from GET /runs/${RUN_ID}: the body is not JSON (<html>gateway</html>)\n`);
  });

  test("error bodies: {error, message} is shown; 401 is exit 2; the key is never printed", async () => {
    const server = scriptedServer(() => Response.json({ error: "Unauthorized", message: "Invalid API key" }, { status: 401 }));
    const result = await runDuvo(["runs", "get", RUN_ID, "--debug"], { env: env(server.url) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: GET /runs/${RUN_ID} failed with 401: Unauthorized: Invalid API key\n`);
    expect(result.stderr).toContain(`→ GET /runs/${RUN_ID}`);
    expect(result.stderr + result.stdout).not.toContain(KEY);
    expect(server.received[0]!.headers.get("authorization")).toBe(`Bearer ${KEY}`);
  });
});

describe("retries", () => {
  test("GETs retry 5xx and 429 (honouring retry-after) and then succeed", async () => {
    const server = scriptedServer((_, count) => {
      if (count === 1) return Response.json({ error: "Bad Gateway" }, { status: 502 });
      if (count === 2) return Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "retry-after": "0" } });
      return Response.json({ run: run(), pending_human_request: null });
    });
    const result = await runDuvo(["runs", "get", RUN_ID, "--json"], { env: env(server.url) });
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(3);
  });

  test("a stop answered 500 is not retried (a POST that may have reached the server)", async () => {
    const server = scriptedServer((request) =>
      request.method === "GET" ? Response.json({ run: run(), pending_human_request: null }) : Response.json({ error: "Internal" }, { status: 500 }),
    );
    const result = await runDuvo(["runs", "stop", RUN_ID], { env: env(server.url) });
    expect(result.code).toBe(1);
    expect(server.received.filter((request) => request.method === "POST")).toHaveLength(1);
  });

  test("a POST answered 429 is retried with the same Idempotency-Key", async () => {
    const server = scriptedServer((_, count) =>
      count === 1
        ? Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "retry-after": "0" } })
        : Response.json({ run: run({ status: "pending" }) }, { status: 201 }),
    );
    const result = await runDuvo(["runs", "start", "--agent", AGENT_ID], { env: env(server.url) });
    expect(result.code).toBe(0);
    const keys = server.received.map((request) => request.headers.get("idempotency-key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]!);
  });

  test("a start whose connection drops is not retried: it says the run may exist and how to check", async () => {
    let posts = 0;
    const listener = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(socket) {
          posts++;
          socket.end(); // close without answering: the request may have been processed
        },
      },
    });
    stopServer = () => listener.stop(true);
    const result = await runDuvo(["runs", "start", "--agent", AGENT_ID], { env: env(`http://127.0.0.1:${listener.port}`) });
    expect(result.code).toBe(1);
    expect(posts).toBe(1);
    const [message, hint] = result.stderr.trimEnd().split("\n");
    expect(message).toMatch(/^error: POST \/teams\/.+\/runs failed \(.+\); the run may or may not have been started$/);
    expect(hint).toBe(`Check with: duvo runs list --agent ${AGENT_ID} --limit 5`);
  });
});

describe("what reaches the URL", () => {
  test("user text is escaped: a search with &, =, #, / and unicode arrives exactly as typed", async () => {
    const server = scriptedServer(() => Response.json({ data: [], total: 0 }));
    const search = "a&b=c#d/../ü %2F?x";
    const result = await runDuvo(["runs", "list", "--search", search, "--json"], { env: env(server.url) });
    expect(result.code).toBe(0);
    const request = server.received[0]!;
    expect(request.path).toBe(`/v2/teams/${TEAM_ID}/runs`);
    expect(new URL(`http://x${request.url}`).searchParams.get("search")).toBe(search);
  });

  test("an agent name is matched locally and never put in a path", async () => {
    const server = scriptedServer(() => Response.json({ agents: [], total: 0, limit: 100, offset: 0 }));
    const result = await runDuvo(["runs", "start", "--agent", "../../teams"], { env: env(server.url) });
    expect(result.code).toBe(4);
    expect(server.received.map((request) => request.path)).toEqual([`/v2/teams/${TEAM_ID}/agents`]);
  });
});

describe("rate limits (in virtual time)", () => {
  test("with x-ratelimit-remaining at 10% of the limit or less, the next request waits for the window to reset", async () => {
    let resetAt = 0;
    const server = virtualServer((_, count, now) => {
      if (count === 1) {
        resetAt = Math.ceil(now / 1000) + 7;
        return Response.json(
          { run: run(), pending_human_request: null },
          { headers: { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "10", "x-ratelimit-reset": String(resetAt) } },
        );
      }
      return Response.json({ messages: [], total: 0, limit: 50, offset: 0 });
    });
    const result = await server.duvo(["runs", "messages", RUN_ID, "--json"]);
    expect(result.code).toBe(0);
    expect(server.received.map((request) => request.at)).toEqual([0, 7_000]);
    expect(server.slept).toEqual([7_000]);
  });

  test("above 10% it does not wait", async () => {
    const server = virtualServer((_, count, now) =>
      count === 1
        ? Response.json(
            { run: run(), pending_human_request: null },
            { headers: { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "11", "x-ratelimit-reset": String(Math.ceil(now / 1000) + 30) } },
          )
        : Response.json({ messages: [], total: 0, limit: 50, offset: 0 }),
    );
    const result = await server.duvo(["runs", "messages", RUN_ID, "--json"]);
    expect(result.code).toBe(0);
    expect(server.received.map((request) => request.at)).toEqual([0, 0]);
    expect(server.slept).toEqual([]);
  });

  test("a 429's retry-after is waited for exactly, then the GET succeeds", async () => {
    const server = virtualServer((_, count) =>
      count === 1 ? Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "retry-after": "3" } }) : Response.json({ run: run(), pending_human_request: null }),
    );
    const result = await server.duvo(["runs", "get", RUN_ID, "--json"]);
    expect(result.code).toBe(0);
    expect(server.received.map((request) => request.at)).toEqual([0, 3_000]);
  });

  test("5xx answers back off exponentially (with jitter) until DUVO_RETRY_BUDGET runs out, then exit 1", async () => {
    const server = virtualServer(() => Response.json({ error: "Bad Gateway" }, { status: 502 }));
    const result = await server.duvo(["runs", "get", RUN_ID], { DUVO_RETRY_BUDGET: "10" });
    expect(result).toEqual({ code: 1, stdout: "", stderr: `error: GET /runs/${RUN_ID} failed with 502: Bad Gateway\n` });
    // Each pause is within [base/2, base] for base = 250 ms doubling (capped at 8 s); none goes past the 10 s budget.
    server.slept.forEach((pause, tries) => {
      const base = Math.min(8_000, 250 * 2 ** tries);
      expect(pause).toBeGreaterThanOrEqual(base / 2);
      expect(pause).toBeLessThanOrEqual(base);
    });
    expect(server.slept.length).toBeGreaterThanOrEqual(4);
    const last = server.received.at(-1)!.at;
    expect(last).toBeLessThanOrEqual(10_000);
    expect(server.received).toHaveLength(server.slept.length + 1);
  });
});

describe("contract corners", () => {
  test("stop: success:false from the API is exit 1 while the run goes on, exit 0 if it ended meanwhile", async () => {
    const server = scriptedServer((request) =>
      request.method === "POST" ? Response.json({ success: false, message: "Run is busy" }) : Response.json({ run: run(), pending_human_request: null }),
    );
    const refused = await runDuvo(["runs", "stop", RUN_ID], { env: env(server.url) });
    expect(refused).toEqual({ code: 1, stdout: "", stderr: `error: the API did not stop run ${RUN_ID}: Run is busy\n` });
    stopServer?.();
    let gets = 0;
    const ended = scriptedServer((request) => {
      if (request.method === "POST") return Response.json({ success: false });
      gets++;
      return Response.json({ run: run({ status: gets === 1 ? "running" : "completed" }), pending_human_request: null });
    });
    const meanwhile = await runDuvo(["runs", "stop", RUN_ID], { env: env(ended.url) });
    expect(meanwhile).toEqual({ code: 0, stdout: "", stderr: `Run ${RUN_ID} ended meanwhile (completed).\n` });
  });

  test("a status the client does not know counts as busy: wait keeps waiting, then reports the end", async () => {
    const server = virtualServer((_, count) => Response.json({ run: run({ status: count < 3 ? "hibernating" : "completed" }), pending_human_request: null }));
    const result = await server.duvo(["runs", "wait", RUN_ID, "--exit-status"]);
    expect(result.code).toBe(0);
    expect(server.received.map((request) => request.at)).toEqual([0, 2_000, 4_000]); // busy: every 2 s
    expect(result.stdout).toContain("Status       completed");
  });

  test("an ambiguous agent name is exit 4 listing the candidates, and nothing is started", async () => {
    const twins = [
      { ...documentExample("listAgents").agents[0], id: "5e1f0c2a-7d3b-4c9e-8a30-0000000000a1", name: "Twin" },
      { ...documentExample("listAgents").agents[0], id: "5e1f0c2a-7d3b-4c9e-8a30-0000000000a2", name: "twin" },
    ];
    const server = scriptedServer(() => Response.json({ agents: twins, total: 2, limit: 100, offset: 0 }));
    const result = await runDuvo(["runs", "start", "--agent", "TWIN"], { env: env(server.url) });
    expect(result).toEqual({
      code: 4,
      stdout: "",
      stderr: `error: agent name "TWIN" is ambiguous: Twin (${twins[0]!.id}), twin (${twins[1]!.id}); use an id\n`,
    });
    expect(server.received.map((request) => request.method)).toEqual(["GET"]);
  });

  test("an --answer key that matches two questions is exit 4, and nothing is sent", async () => {
    const request = {
      id: "5e1f0c2a-7d3b-4c9e-8a60-000000000001",
      title: "Two choices",
      description: null,
      created_at: "2026-11-28T10:00:00Z",
      type: "question",
      questions: [
        { question: "First?", header: "Choice" },
        { question: "Second?", header: "Choice" },
      ],
    };
    const server = scriptedServer(() => Response.json({ run: run({ status: "waiting" }), pending_human_request: request }));
    const result = await runDuvo(["runs", "respond", RUN_ID, "--answer", "choice=a", "--answer", "2=b"], { env: env(server.url) });
    expect(result).toEqual({ code: 4, stdout: "", stderr: 'error: --answer key "choice" matches questions 1 and 2; use the number\n' });
    expect(server.received.map((received) => received.method)).toEqual(["GET"]);
  });

  test("a POST refused at connection (the server not up yet) is retried with the same Idempotency-Key", async () => {
    const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const port = probe.port;
    await probe.stop(true);
    const keys: (string | null)[] = [];
    // The server comes up once the first attempt has found the port closed (not after a guessed sleep).
    const refusedKeys: (string | null)[] = [];
    let refused!: () => void;
    const firstRefused = new Promise<void>((resolve) => (refused = resolve));
    const transport = async (input: Request | string | URL, init?: RequestInit) => {
      try {
        return await fetch(input, init);
      } catch (error) {
        refusedKeys.push(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get("idempotency-key"));
        refused();
        throw error;
      }
    };
    const started = runDuvo(["runs", "start", "--agent", AGENT_ID], { env: env(`http://127.0.0.1:${port}`), fetch: transport });
    await firstRefused;
    const late = Bun.serve({
      port,
      hostname: "127.0.0.1",
      fetch(request) {
        keys.push(request.headers.get("idempotency-key"));
        return Response.json({ run: run({ status: "pending" }) }, { status: 201 });
      },
    });
    stopServer = () => late.stop(true);
    const result = await started;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${RUN_ID}\n`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(refusedKeys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(refusedKeys)).toEqual(new Set(keys)); // every attempt, refused or answered, carried the same key
  });
});

test("a concurrent export keeps the rate limit's last 10% free: no 429, every message, at most 90% of each window used", async () => {
  const LIMIT = 20;
  const TOTAL = 1_500;
  const perWindow = new Map<number, number>();
  let refused = 0;
  const server = virtualServer((request, _, now) => {
    const window = Math.floor(now / 1000); // one-second windows, reset at the next whole second
    const used = (perWindow.get(window) ?? 0) + 1;
    perWindow.set(window, used);
    const headers = { "x-ratelimit-limit": String(LIMIT), "x-ratelimit-remaining": String(Math.max(0, LIMIT - used)), "x-ratelimit-reset": String(window + 1) };
    if (used > LIMIT) {
      refused++;
      return Response.json({ error: "Too Many Requests" }, { status: 429, headers: { ...headers, "retry-after": "1" } });
    }
    if (!request.path.endsWith("/messages")) return Response.json({ run: run({ status: "completed" }), pending_human_request: null }, { headers });
    const offset = Number(request.query.get("offset"));
    const limit = Number(request.query.get("limit"));
    const messages = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, index) => ({
      id: `m-${offset + index}`,
      type: "text",
      role: "assistant",
      timestamp: "2026-11-28T10:00:00Z",
      text_content: String(offset + index),
    }));
    return Response.json({ messages, total: TOTAL, limit, offset }, { headers });
  });
  const result = await server.duvo(["runs", "messages", RUN_ID, "--json"]);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).messages.map((message: { content: string }) => Number(message.content))).toEqual(Array.from({ length: TOTAL }, (_, index) => index));
  expect(refused).toBe(0);
  expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(LIMIT * 0.9);
});

test("following: a second request while the run stays waiting comes after the messages written before it", async () => {
  const request = (id: string, title: string) => ({ id, title, description: null, created_at: "2026-11-28T10:00:00Z", type: "approval" });
  const message = (id: string, text: string) => ({ id, type: "text", role: "assistant", timestamp: "2026-11-28T10:00:00Z", text_content: text });
  let runReads = 0;
  const server = scriptedServer((incoming) => {
    const url = new URL(incoming.url);
    if (url.pathname.endsWith("/messages")) {
      const all = runReads >= 2 ? [message("m1", "first"), message("m2", "second")] : [message("m1", "first")];
      const offset = Number(url.searchParams.get("offset"));
      return Response.json({ messages: all.slice(offset), total: all.length, limit: 50, offset });
    }
    runReads++;
    if (runReads >= 3) return Response.json({ run: run({ status: "completed" }), pending_human_request: null });
    const pending = runReads === 1 ? request("5e1f0c2a-7d3b-4c9e-8a60-00000000000a", "First") : request("5e1f0c2a-7d3b-4c9e-8a60-00000000000b", "Second");
    return Response.json({ run: run({ status: "waiting" }), pending_human_request: pending });
  });
  const result = await runDuvo(["runs", "messages", RUN_ID, "--follow", "--json"], { env: env(server.url) });
  expect(result.code).toBe(0);
  const order = result.stdout
    .trimEnd()
    .split("\n")
    .map((line) => {
      const parsed = JSON.parse(line);
      return parsed.type === "run_status" ? `status:${parsed.status}` : parsed.type === "human_request" ? `request:${parsed.title}` : `message:${parsed.content}`;
    });
  expect(order).toEqual(["status:waiting", "message:first", "request:First", "message:second", "request:Second", "status:completed"]);
});

describe("retry decisions (in virtual time; written to kill mutants of client.ts)", () => {
  test("a 429's retry-after given as an HTTP date is waited for until that date", async () => {
    const server = virtualServer((_, count, now) =>
      count === 1
        ? Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "retry-after": new Date(now + 4_000).toUTCString() } })
        : Response.json({ run: run(), pending_human_request: null }),
    );
    expect((await server.duvo(["runs", "get", RUN_ID, "--json"])).code).toBe(0);
    expect(server.received.map((request) => request.at)).toEqual([0, 4_000]);
    expect(server.slept).toEqual([4_000]);
  });

  test("a 429 without retry-after but with x-ratelimit-remaining 0 waits for x-ratelimit-reset", async () => {
    const server = virtualServer((_, count, now) =>
      count === 1
        ? Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 6) } })
        : Response.json({ run: run(), pending_human_request: null }),
    );
    expect((await server.duvo(["runs", "get", RUN_ID, "--json"])).code).toBe(0);
    expect(server.slept).toEqual([6_000]);
  });

  test("a 429 with x-ratelimit-remaining 0 and no reset header backs off (it is not retried at once)", async () => {
    const server = virtualServer((_, count) =>
      count === 1
        ? Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "x-ratelimit-remaining": "0" } })
        : Response.json({ run: run(), pending_human_request: null }),
    );
    expect((await server.duvo(["runs", "get", RUN_ID, "--json"])).code).toBe(0);
    expect(server.received).toHaveLength(2);
    expect(server.slept).toHaveLength(1);
    expect(server.slept[0]).toBeGreaterThanOrEqual(125); // the first backoff: 125-250 ms
    expect(server.slept[0]).toBeLessThanOrEqual(250);
  });

  test("a wait the answer asks for beyond DUVO_RETRY_BUDGET is not waited: one request, exit 1", async () => {
    const server = virtualServer(() => Response.json({ error: "Service Unavailable" }, { status: 503, headers: { "retry-after": "30" } }));
    const result = await server.duvo(["runs", "get", RUN_ID], { DUVO_RETRY_BUDGET: "10" });
    expect(result).toEqual({ code: 1, stdout: "", stderr: `error: GET /runs/${RUN_ID} failed with 503: Service Unavailable\n` });
    expect(server.received).toHaveLength(1);
    expect(server.slept).toEqual([]);
  });

  test("a POST answered 503 is not retried; a GET carries no Idempotency-Key, every POST one (a UUID)", async () => {
    const server = virtualServer((request) =>
      request.method === "GET" ? Response.json({ run: run(), pending_human_request: null }) : Response.json({ error: "Service Unavailable" }, { status: 503 }),
    );
    const result = await server.duvo(["runs", "stop", RUN_ID]);
    expect(result.code).toBe(1);
    expect(server.received.map((request) => request.method)).toEqual(["GET", "POST"]);
    expect(server.received[0]!.headers.get("idempotency-key")).toBeNull();
    expect(server.received[1]!.headers.get("idempotency-key")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("duvo api: a GET answered 503 is retried; out of budget, the last answer is printed as it came", async () => {
    const retried = virtualServer((_, count) => (count < 3 ? Response.json({ error: "Service Unavailable" }, { status: 503 }) : Response.json({ ok: true })));
    const success = await retried.duvo(["api", "GET", `/v2/runs/${RUN_ID}`]);
    expect({ code: success.code, stdout: JSON.parse(success.stdout) }).toEqual({ code: 0, stdout: { ok: true } });
    expect(retried.received).toHaveLength(3);
    const always = virtualServer(() => Response.json({ error: "Service Unavailable", message: "down" }, { status: 503 }));
    const failed = await always.duvo(["api", "GET", `/v2/runs/${RUN_ID}`], { DUVO_RETRY_BUDGET: "5" });
    expect(failed).toEqual({
      code: 1,
      stdout: '{"error":"Service Unavailable","message":"down"}\n',
      stderr: `error: GET /v2/runs/${RUN_ID} failed with 503: Service Unavailable: down\n`,
    });
    expect(always.received.length).toBeGreaterThan(2);
  });

  test("duvo api: a POST answered 500 is sent once, with an Idempotency-Key", async () => {
    const server = virtualServer(() => Response.json({ error: "Internal" }, { status: 500 }));
    const result = await server.duvo(["api", "POST", `/v2/runs/${RUN_ID}/stop`]);
    expect(result.code).toBe(1);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/**
 * The client alone (createApiClient over an in-process transport, in virtual time), for what no
 * command above reaches or shows: the rate budget's window arithmetic, streamed answers, the
 * status and size edges, `whileSending`. Written to kill surviving mutants of client.ts.
 */
describe("the client alone (in virtual time; written to kill mutants of client.ts)", () => {
  const START_S = Date.parse("2026-11-28T10:00:00Z") / 1000; // fakeClock's start, in epoch seconds
  const HOUR = 3_600_000;

  function directClient(respond: (request: StubRequest, count: number) => Response | Promise<Response>, retryBudgetMs = 60_000) {
    const time = fakeClock();
    const { fetch, received } = stubTransport(time, respond);
    // A mutant that waits forever ends the request after an hour of virtual time instead of hanging the test.
    const stop = new AbortController();
    const clock = {
      now: time.clock.now,
      sleep: (ms: number, signal: AbortSignal) => {
        if (time.elapsed() + ms > HOUR) stop.abort(new Error("waited over an hour of virtual time"));
        return time.clock.sleep(ms, signal);
      },
    };
    const client = createApiClient({ baseUrl: "http://127.0.0.1:9", apiKey: KEY, userAgent: "duvo-test", timeoutMs: 30_000, retryBudgetMs, signal: stop.signal, clock, fetch });
    return { client, received, slept: time.slept };
  }

  const limits = (limit: number, remaining: number, resetInS: number | "unreadable") => ({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": resetInS === "unreadable" ? "soon" : String(START_S + resetInS),
  });

  // Three GETs one after another; the first two answers carry these headers. 10% of a limit of 100 is 10.
  test.each([
    ["the same window can only lower the count, and a request counts before its answer", [limits(100, 11, 30), limits(100, 99, 30)], [0, 0, 30_000]],
    ["a later window replaces the count", [limits(100, 11, 30), limits(100, 90, 90)], [0, 0, 0]],
    ["an answer without rate-limit headers leaves the count as it was", [limits(100, 11, 30), {}], [0, 0, 30_000]],
    ["an x-ratelimit-reset that is not a number: the window is taken to end a minute after the answer", [limits(100, 10, "unreadable"), {}], [0, 60_000, 60_000]],
    ["a limit of 0 is no limit: nothing waits", [limits(0, 0, 30), limits(0, 0, 30)], [0, 0, 0]],
  ] as const)("rate budget: %s", async (_, headers, times) => {
    const { client, received } = directClient((_request, count) => Response.json({ n: count }, { headers: headers[count - 1] ?? {} }));
    for (let index = 0; index < 3; index++) expect((await client.request("GET", "/r")).status).toBe(200);
    expect(received.map((request) => request.at)).toEqual([...times]);
  });

  test("a retry-after that fits the budget exactly is waited for; a GET's 500 is retried", async () => {
    const { client, received } = directClient(
      (_, count) => (count === 1 ? Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "retry-after": "3" } }) : Response.json({ ok: count })),
      3_000,
    );
    expect(await client.call("GET", "/x", v.unknown())).toEqual({ ok: 2 });
    expect(received.map((request) => request.at)).toEqual([0, 3_000]);
    const five = directClient((_, count) => (count === 1 ? Response.json({ error: "Internal" }, { status: 500 }) : Response.json({ ok: count })));
    expect(await five.client.call("GET", "/x", v.unknown())).toEqual({ ok: 2 });
    expect(five.received).toHaveLength(2);
  });

  test("backoff: half the base plus a random share of the other half; a retry-after that is neither seconds nor a date is backoff", async () => {
    const random = spyOn(Math, "random").mockReturnValue(0.5);
    try {
      const { client, slept } = directClient((_, count) => {
        if (count === 1) return Response.json({ error: "Too Many Requests" }, { status: 429, headers: { "retry-after": "soon" } });
        return count < 4 ? Response.json({ error: "Bad Gateway" }, { status: 502 }) : Response.json({ ok: true });
      });
      expect(await client.call("GET", "/x", v.unknown())).toEqual({ ok: true });
      expect(slept).toEqual([187.5, 375, 750]); // base 250, 500, 1000 ms
    } finally {
      random.mockRestore();
    }
  });

  test("a 204 is null; a 300 is an error, for JSON and streamed answers alike", async () => {
    const { client } = directClient((request) => (request.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json({ a: 1 }, { status: 300 })));
    expect(await client.call("DELETE", "/x", v.object({ a: v.number() }))).toBeNull();
    await expect(client.call("GET", "/x", v.unknown())).rejects.toMatchObject({ message: 'GET /x failed with 300: {"a":1}', status: 300 });
    await expect(client.stream("GET", "/x")).rejects.toMatchObject({ status: 300 });
  });

  test("a body over 64 MiB is refused; one of exactly 64 MiB is read", async () => {
    const { client, received } = directClient((_, count) => new Response(`0${" ".repeat(MAX_RESPONSE_CHARS - (count === 1 ? 0 : 1))}`));
    await expect(client.call("GET", "/big", v.unknown())).rejects.toThrow("unexpected response from GET /big: the body is over 64 MiB");
    expect(received).toHaveLength(1); // not retried
    expect(await client.call("GET", "/big", v.unknown())).toBe(0);
  });

  test("a streamed GET: retried on a 503, then the 200's body as a stream, with the query and Accept asked for", async () => {
    const { client, received } = directClient((_, count) =>
      count === 1 ? Response.json({ error: "Service Unavailable" }, { status: 503 }) : new Response("hello, world", { headers: { "content-type": "text/plain" } }),
    );
    const answer = await client.stream("GET", "/file", { query: { part: 2 }, accept: "text/plain" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/plain");
    expect(answer.body).toBeInstanceOf(ReadableStream);
    expect(await new Response(answer.body).text()).toBe("hello, world");
    expect(received.map((request) => [request.method, request.path, request.query.get("part"), request.headers.get("accept"), request.headers.get("idempotency-key")])).toEqual([
      ["GET", "/v2/file", "2", "text/plain", null],
      ["GET", "/v2/file", "2", "text/plain", null],
    ]);
  });

  test("a POST refused with code ConnectionRefused (Bun's other spelling of ECONNREFUSED) cannot have reached the server: retried, same key", async () => {
    const { client, received } = directClient((_, count) => {
      if (count === 1) throw connectionRefused();
      return Response.json({ ok: true }, { status: 201 });
    });
    expect(await client.call("POST", "/x", v.object({ ok: v.boolean() }))).toEqual({ ok: true });
    const keys = received.map((request) => request.headers.get("idempotency-key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]!);
  });

  test("whileSending runs once, during the first attempt (not again on a retry); if it fails, that error is thrown", async () => {
    let runs = 0;
    const { client, received } = directClient((_, count) => (count === 1 ? Response.json({ error: "Bad Gateway" }, { status: 502 }) : Response.json({ ok: true })));
    const whileSending = async () => {
      runs++;
    };
    expect(await client.call("GET", "/x", () => v.object({ ok: v.boolean() }), { whileSending })).toEqual({ ok: true });
    expect({ runs, requests: received.length }).toEqual({ runs: 1, requests: 2 });
    const failing = directClient(() => Response.json({ ok: true }));
    const broken = async () => {
      throw new Error("the schema did not load");
    };
    await expect(failing.client.call("GET", "/x", () => v.unknown(), { whileSending: broken })).rejects.toThrow("the schema did not load");
    expect(failing.received).toHaveLength(1);
  });

  test("validate (the client's check, without loading valibot) gives v.safeParse's verdict, output and issues", () => {
    const schema = v.object({
      id: v.pipe(v.string(), v.uuid()),
      status: v.picklist(["running", "completed"]),
      tags: v.optional(v.array(v.string()), []),
      extra: v.strictObject({ n: v.pipe(v.number(), v.integer()) }),
    });
    const inputs: unknown[] = [
      { id: RUN_ID, status: "running", extra: { n: 1 } },
      { id: RUN_ID, status: "done", extra: { n: 1 } },
      { id: "not-a-uuid", status: "running", tags: ["a", 2], extra: { n: 1.5 } },
      { status: "running", extra: { n: 1, unknown: true } },
      null,
      "text",
    ];
    for (const input of inputs) {
      const expected = v.safeParse(schema, input);
      const got = validate(schema, input);
      expect(got.success).toBe(expected.success);
      if (got.success && expected.success) expect(got.output).toEqual(expected.output);
      else if (!got.success && !expected.success) {
        const fields = (issues: v.BaseIssue<unknown>[]) =>
          issues.map(({ kind, type, received, message, path }) => ({ kind, type, received, message, path: path?.map((item) => item.key) }));
        expect(fields(got.issues)).toEqual(fields(expected.issues));
      }
    }
    // the same messages as before: a missing field is "required", an unknown one in a strict object is named
    expect(() => checkRequestBody(schema, inputs[3])).toThrow("invalid request body.id: required");
    expect(() => checkRequestBody(schema, { id: RUN_ID, status: "running", extra: { n: 1, unknown: true } })).toThrow(
      "invalid request body.extra.unknown: unknown field (not in the API's schema)",
    );
  });
});

describe("one attempt, body checks and error text (written to kill mutants of client.ts)", () => {
  /** A client on a stub transport answering with `respond`; no retry budget unless asked; its --debug lines collected. */
  function client(respond: (request: StubRequest, count: number) => Response | Promise<Response>, options: { retryBudgetMs?: number } = {}) {
    const time = fakeClock();
    const stub = stubTransport(time, respond);
    const debug: string[] = [];
    const api = createApiClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: KEY,
      userAgent: "duvo-test",
      timeoutMs: 30_000,
      retryBudgetMs: options.retryBudgetMs ?? 0,
      signal: new AbortController().signal,
      clock: time.clock,
      fetch: stub.fetch,
      debug: (line) => debug.push(line),
    });
    return { api, received: stub.received, debug };
  }
  /** A transport that never answers, ending only when its signal aborts (as fetch does, also when it was aborted before). */
  const silent: Transport = (_input, init) =>
    new Promise((_, reject) => {
      const signal = init!.signal!;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason));
    });
  const onTransport = (transport: Transport, options: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
    createApiClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: KEY,
      userAgent: "duvo-test",
      timeoutMs: options.timeoutMs ?? 30_000,
      retryBudgetMs: 0,
      signal: options.signal ?? new AbortController().signal,
      clock: fakeClock().clock,
      fetch: transport,
    });

  test("headers: Accept JSON on a call, any type on a stream unless asked; Content-Type JSON only with a JSON body; a form is sent as multipart", async () => {
    const { api, received } = client((request) => (request.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json({ ok: true })));
    await api.call("GET", "/a", v.unknown());
    await api.call("POST", "/b", v.unknown(), { body: { name: "x" } });
    await api.request("POST", "/c", { body: '{"raw":true}' });
    await api.stream("GET", "/d");
    const form = new FormData();
    form.append("note", "hello form");
    await api.call("POST", "/e", v.unknown(), { form });
    expect(received.slice(0, 4).map((request) => [request.path, request.headers.get("accept"), request.headers.get("content-type"), request.body])).toEqual([
      ["/v2/a", "application/json", null, ""],
      ["/v2/b", "application/json", "application/json", '{"name":"x"}'],
      ["/v2/c", "application/json", "application/json", '{"raw":true}'],
      ["/v2/d", "*/*", null, ""],
    ]);
    expect(received[4]!.headers.get("content-type")).toStartWith("multipart/form-data; boundary=");
    expect(received[4]!.body).toContain('name="note"\r\n\r\nhello form');
  });

  test("HEAD is safe like GET: a 503 is retried, and no Idempotency-Key is sent", async () => {
    const { api, received } = client((_, count) => (count === 1 ? Response.json({ error: "Service Unavailable" }, { status: 503 }) : new Response(null, { status: 200 })), {
      retryBudgetMs: 60_000,
    });
    expect((await api.request("HEAD", "/h")).status).toBe(200);
    expect(received.map((request) => [request.method, request.headers.get("idempotency-key")])).toEqual([
      ["HEAD", null],
      ["HEAD", null],
    ]);
  });

  test("--debug lines: the query (undefined values left out), the status and time, the rate limit of the answers that carry one, a network failure", async () => {
    const { api, debug } = client((_, count) =>
      count === 1 ? Response.json({}, { headers: { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "42", "x-ratelimit-reset": "9999999999" } }) : Response.json({}),
    );
    const started = performance.now();
    await api.call("GET", "/q", v.unknown(), { query: { a: 1, b: undefined, c: "x y" } });
    await api.call("GET", "/r", v.unknown(), { query: { b: undefined } });
    const elapsed = performance.now() - started;
    expect(debug[0]).toBe("→ GET /q?a=1&c=x+y");
    expect(debug[1]).toMatch(/^← 200 GET \/q \d+ ms \(rate limit 42\/100\)$/);
    expect(Number(/(\d+) ms/.exec(debug[1]!)![1])).toBeLessThanOrEqual(Math.ceil(elapsed)); // the time the request took, not more
    expect(debug[2]).toBe("→ GET /r");
    expect(debug[3]).toMatch(/^← 200 GET \/r \d+ ms$/); // an answer without the headers names no rate limit
    const failing = client(() => {
      throw Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    });
    await expect(failing.api.call("GET", "/s", v.unknown())).rejects.toThrow("cannot reach http://127.0.0.1:9: connection refused");
    expect(failing.debug).toEqual(["→ GET /s", "✗ GET /s: connection refused"]);
  });

  test.each([
    ["a timeout", new DOMException("The operation timed out.", "TimeoutError"), "no answer within 30 s"],
    ["an abort that is not the user's", new DOMException("aborted", "AbortError"), "no answer within 30 s"],
    ["ECONNREFUSED", Object.assign(new Error("x"), { code: "ECONNREFUSED" }), "connection refused"],
    ["ConnectionRefused", Object.assign(new Error("x"), { code: "ConnectionRefused" }), "connection refused"],
    ["ECONNRESET", Object.assign(new Error("x"), { code: "ECONNRESET" }), "connection closed by the server"],
    ["ConnectionClosed", Object.assign(new Error("x"), { code: "ConnectionClosed" }), "connection closed by the server"],
    ["another code, its message's first line", Object.assign(new Error("broken pipe\nat somewhere"), { code: "EPIPE" }), "EPIPE: broken pipe"],
    ["no code", new Error("something odd\nsecond line"), "something odd"],
    ["not an Error at all", "a bare string", "a bare string"],
  ])("a network failure, as the user reads it: %s", async (_, thrown, said) => {
    const { api } = client(() => {
      throw thrown;
    });
    await expect(api.call("GET", "/n", v.unknown())).rejects.toThrow(`cannot reach http://127.0.0.1:9: ${said}`);
  });

  test("a POST whose connection broke may have reached the server: said so, not retried", async () => {
    const { api, received } = client(
      () => {
        throw Object.assign(new Error("x"), { code: "ECONNRESET" });
      },
      { retryBudgetMs: 60_000 },
    );
    await expect(api.call("POST", "/p", v.unknown(), { body: {} })).rejects.toThrow(
      "POST /p failed (connection closed by the server); the request may or may not have reached the server",
    );
    expect(received).toHaveLength(1);
  });

  test("no answer within the timeout ends the request, a streamed one too; the user's Ctrl-C ends it as an interruption", async () => {
    await expect(onTransport(silent, { timeoutMs: 50 }).call("GET", "/t", v.unknown())).rejects.toThrow("cannot reach http://127.0.0.1:9: no answer within 0.05 s");
    await expect(onTransport(silent, { timeoutMs: 50 }).stream("GET", "/t")).rejects.toThrow("cannot reach http://127.0.0.1:9: no answer within 0.05 s");
    const user = new AbortController();
    const pending = onTransport(silent, { signal: user.signal }).call("GET", "/t", v.unknown());
    user.abort("SIGINT");
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
  });

  test("a streamed body that stops sending ends after the timeout with no new data", async () => {
    const stalled: Transport = async (_input, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("first"));
            init?.signal?.addEventListener("abort", () => controller.error(init.signal!.reason));
          },
        }),
      );
    const answer = await onTransport(stalled, { timeoutMs: 50 }).stream("GET", "/slow");
    await expect(new Response(answer.body).text()).rejects.toMatchObject({ name: "TimeoutError", message: "no data for 0.05 s" });
  });

  test("a streamed answer: an error's body is read as text (also an empty one); a 2xx without a body is an empty stream", async () => {
    const { api } = client((_, count) =>
      count === 1
        ? Response.json({ error: "Not Found", message: "no such file" }, { status: 404 })
        : count === 2
          ? new Response(null, { status: 404 })
          : new Response(null, { status: 204 }),
    );
    await expect(api.stream("GET", "/f")).rejects.toThrow("GET /f failed with 404: Not Found: no such file");
    await expect(api.stream("GET", "/f")).rejects.toThrow("GET /f failed with 404: empty body");
    const empty = await api.stream("GET", "/f");
    expect(await new Response(empty.body).text()).toBe("");
  });

  test("an answer that breaks its schema at the top names the body", async () => {
    const { api } = client(() => Response.json({ a: 1 }));
    await expect(api.call("GET", "/x", v.number())).rejects.toThrow("unexpected response from GET /x: body: Invalid type: Expected number but received Object");
  });

  test("error text: {error} alone, the body's first 77 characters past 80, trimmed, an empty body; the hints of a 401 and a 429", () => {
    expect(errorFromResponse("GET", "/e", 400, JSON.stringify({ error: "Bad Request" })).message).toBe("GET /e failed with 400: Bad Request");
    expect(errorFromResponse("GET", "/e", 502, `  ${"x".repeat(80)}  `).message).toBe(`GET /e failed with 502: ${"x".repeat(80)}`);
    expect(errorFromResponse("GET", "/e", 502, "y".repeat(81)).message).toBe(`GET /e failed with 502: ${"y".repeat(77)}...`);
    expect(errorFromResponse("GET", "/e", 502, " \n ").message).toBe("GET /e failed with 502: empty body");
    expect(errorFromResponse("GET", "/e", 401, "{}").hint).toBe("Check DUVO_API_KEY or run `duvo login`.");
    expect(errorFromResponse("GET", "/e", 429, "{}").hint).toBe("Rate limited: try again later.");
    expect(errorFromResponse("GET", "/e", 500, "{}").hint).toBeUndefined();
  });
});
