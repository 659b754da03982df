/**
 * Following in virtual time: a fake clock and an in-process API (test/fake-clock.ts), so
 * the pacing rules are checked request by request, and outcomes (exit 6, 8, 3) without
 * waiting for a scripted run.
 */
import { describe, expect, test } from "bun:test";
import { documentExample, runDuvo, tempDir } from "./helpers.ts";
import { fakeClock, stubTransport, type StubRequest } from "./fake-clock.ts";

const RUN_ID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
const RUN_PATH = `/v2/runs/${RUN_ID}`;
// A run as the document shapes it (every key present), with what these tests set.
const run = (status: string) => ({
  ...documentExample("getRun").run,
  id: RUN_ID,
  agent_id: "5e1f0c2a-7d3b-4c9e-8a30-000000000001",
  status,
  created_at: "2026-11-28T10:00:00Z",
  updated_at: "2026-11-28T10:00:02Z",
});
const message = (index: number) => ({ id: `m-${index}`, type: "text", role: "assistant", timestamp: "2026-11-28T10:00:00Z", text_content: `message ${index}` });
const approval = { id: "5e1f0c2a-7d3b-4c9e-8a60-000000000001", title: "Pay the vendor?", description: null, created_at: "2026-11-28T10:00:00Z", type: "approval" };

/**
 * A run as the API shows it over virtual time: `statusAt(ms)` and `messagesAt(ms)` (how
 * many messages exist then). Returns the command's outcome and every request with its time.
 */
async function follow(script: { statusAt: (ms: number) => string; messagesAt?: (ms: number) => number }, flags: string[] = []) {
  const time = fakeClock();
  const api = stubTransport(time, (request: StubRequest) => {
    const status = script.statusAt(request.at);
    if (request.path === RUN_PATH) {
      return Response.json({ run: run(status), pending_human_request: status === "waiting" || status === "needs_attention" ? approval : null });
    }
    const total = script.messagesAt?.(request.at) ?? 0;
    const offset = Number(request.query.get("offset"));
    const limit = Number(request.query.get("limit"));
    const messages = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, index) => message(offset + index));
    return Response.json({ messages, total, limit, offset });
  });
  const result = await runDuvo(["runs", "messages", RUN_ID, "--follow", "--json", ...flags], {
    env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: "dv_test", DUVO_CONFIG_DIR: tempDir() },
    clock: time.clock,
    fetch: api.fetch,
  });
  const requests = api.received.map((request) => ({ at: request.at, what: request.path === RUN_PATH ? "run" : `messages@${request.query.get("offset")}` }));
  return { ...result, requests };
}

/** The most requests in any window of `ms` of virtual time. */
const busiestWindow = (times: number[], ms: number) => Math.max(...times.map((start) => times.filter((at) => at >= start && at < start + ms).length));

describe("pacing (in virtual time)", () => {
  test("while the run waits for a human, only the run is read, every 5 s (12 a minute)", async () => {
    const result = await follow({ statusAt: (ms) => (ms < 120_000 ? "waiting" : "completed"), messagesAt: () => 1 });
    expect(result.code).toBe(0);
    const whileWaiting = result.requests.filter((request) => request.at > 0);
    expect(new Set(whileWaiting.map((request) => request.what))).toEqual(new Set(["run", "messages@1"]));
    // The only message read after the start is the last look once the run ended.
    expect(whileWaiting.filter((request) => request.what !== "run").map((request) => request.at)).toEqual([120_000]);
    const runReads = whileWaiting.filter((request) => request.what === "run").map((request) => request.at);
    expect(runReads).toEqual(Array.from({ length: 24 }, (_, index) => (index + 1) * 5_000));
    expect(busiestWindow(runReads, 60_000)).toBe(12);
  });

  test("while busy with news: a message poll every 1.1 s, every twelfth followed at once by a status check (at most 60 in any minute)", async () => {
    const result = await follow({ statusAt: (ms) => (ms < 120_000 ? "running" : "completed"), messagesAt: (ms) => Math.floor(ms / 1_000) });
    expect(result.code).toBe(0);
    const steady = result.requests.filter((request) => request.at > 0 && request.at < 120_000);
    // The status check never takes a message poll's turn: no message waits two intervals.
    expect(steady.filter((request) => request.what !== "run").map((request) => request.at)).toEqual(Array.from({ length: 109 }, (_, index) => (index + 1) * 1_100));
    expect(steady.filter((request) => request.what === "run").map((request) => request.at)).toEqual(Array.from({ length: 9 }, (_, index) => (index + 1) * 13_200));
    // Right after its tick's message poll, at the same moment.
    const first = steady.findIndex((request) => request.what === "run");
    expect(steady[first - 1]).toEqual({ at: 13_200, what: expect.stringMatching(/^messages@/) });
    // Steady polling (after the first look, before the last): 55 polls and 5 status checks at most in any minute
    // (the rule before, a request a second with every fifth a status check, made 60 too).
    expect(
      busiestWindow(
        steady.map((request) => request.at),
        60_000,
      ),
    ).toBe(60);
  });

  test("a slow reply does not push the next poll later: polls are due 1.1 s after the previous one started", async () => {
    const time = fakeClock();
    const controller = new AbortController();
    const api = stubTransport(time, async (request: StubRequest) => {
      if (request.path === RUN_PATH) return Response.json({ run: run(request.at < 10_000 ? "running" : "completed"), pending_human_request: null });
      if (request.at > 0) await time.clock.sleep(400, controller.signal); // each message page takes 0.4 s to come
      const total = Math.floor(request.at / 1_000);
      const offset = Number(request.query.get("offset"));
      return Response.json({ messages: Array.from({ length: Math.max(0, total - offset) }, (_, index) => message(offset + index)), total, limit: 50, offset });
    });
    const result = await runDuvo(["runs", "messages", RUN_ID, "--follow", "--json"], {
      env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: "dv_test", DUVO_CONFIG_DIR: tempDir() },
      clock: time.clock,
      fetch: api.fetch,
    });
    expect(result.code).toBe(0);
    const polls = api.received.filter((request) => request.path !== RUN_PATH && request.at > 0 && request.at < 10_000).map((request) => request.at);
    expect(polls).toEqual([1_100, 2_200, 3_300, 4_400, 5_500, 6_600, 7_700, 8_800, 9_900]);
  });

  test("after a poll that found nothing new, the next poll checks only the status", async () => {
    // Messages at 0 s and 0.5 s, then one at 2.5 s: the poll at 2.2 s finds nothing.
    const result = await follow({
      statusAt: (ms) => (ms < 6_000 ? "running" : "completed"),
      messagesAt: (ms) => (ms < 500 ? 1 : ms < 2_500 ? 2 : 3 + Math.floor((ms - 2_500) / 1_000)),
    });
    expect(result.code).toBe(0);
    expect(result.requests.filter((request) => request.at > 0 && request.at < 6_000)).toEqual([
      { at: 1_100, what: "messages@1" },
      { at: 2_200, what: "messages@2" }, // nothing new
      { at: 3_300, what: "run" }, // so the run's status, instead of a message poll
      { at: 4_400, what: "messages@2" },
      { at: 5_500, what: "messages@4" },
    ]);
  });

  test("after 10 s without a new message it slows to every 5 s, and speeds up again when one arrives", async () => {
    // Messages at 0 s (one), then nothing until 40 s, then one a second.
    const result = await follow({
      statusAt: (ms) => (ms < 60_000 ? "running" : "completed"),
      messagesAt: (ms) => (ms < 40_000 ? 1 : 1 + Math.floor((ms - 40_000) / 1_000)),
    });
    expect(result.code).toBe(0);
    const times = result.requests.map((request) => request.at);
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    const between = (from: number, to: number) => gaps.filter((_, index) => times[index]! >= from && times[index + 1]! <= to);
    expect(new Set(between(15_000, 40_000))).toEqual(new Set([0, 5_000])); // a message poll and a status check every 5 s
    expect(Math.max(...between(47_000, 60_000))).toBe(1_100); // news again: back to 1.1 s
  });

  test("a full page is followed at once by the next (a backlog is caught up without pauses)", async () => {
    const result = await follow({ statusAt: () => "completed", messagesAt: () => 120 });
    expect(result.code).toBe(0);
    expect(result.requests).toEqual([
      { at: 0, what: "run" },
      { at: 0, what: "messages@0" },
      { at: 0, what: "messages@50" },
      { at: 0, what: "messages@100" },
    ]);
  });
});

describe("outcomes with --exit-status", () => {
  test.each(["stopped", "interrupted", "failed"])("a run that ends %s is exit 6, after its final status line", async (status) => {
    const result = await follow({ statusAt: (ms) => (ms < 3_000 ? "running" : status), messagesAt: () => 2 }, ["--exit-status"]);
    expect(result.code).toBe(6);
    const lines = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => (line.type === "run_status" ? line.status : line.id))).toEqual(["running", "m-0", "m-1", status]);
    expect((await follow({ statusAt: () => status })).code).toBe(0); // without --exit-status
  });

  test("needs_attention is a run that needs a human: the request is printed once, then exit 8", async () => {
    const result = await follow({ statusAt: (ms) => (ms < 2_000 ? "running" : "needs_attention") }, ["--exit-status"]);
    expect(result.code).toBe(8);
    const lines = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => (line.type === "run_status" ? line.status : line.type))).toEqual(["running", "needs_attention", "human_request"]);
    expect(lines[2]).toMatchObject({ id: approval.id, status: "pending", request_type: "approval", content: "Pay the vendor?" });
  });

  test("run: null from GET /v2/runs/{id} (the run no longer exists) is exit 3, for follow and get", async () => {
    const time = fakeClock();
    const api = stubTransport(time, () => Response.json({ run: null, pending_human_request: null }));
    const options = { env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: "dv_test", DUVO_CONFIG_DIR: tempDir() }, clock: time.clock, fetch: api.fetch };
    for (const argv of [
      ["runs", "messages", RUN_ID, "--follow"],
      ["runs", "get", RUN_ID],
    ]) {
      expect(await runDuvo(argv, options)).toEqual({ code: 3, stdout: "", stderr: `error: run ${RUN_ID} no longer exists\n` });
    }
  });
});

/**
 * Follows with an API scripted request by request: `runAt(ms)` gives the run's status and its
 * pending request's id (or none); `pageAt(ms, offset)` the messages at an offset. Returns the
 * NDJSON lines (a status, a message id or "request <id>") and every request with its time.
 */
async function followScripted(runAt: (ms: number) => { status: string; request?: string }, pageAt: (ms: number, offset: number) => { ids: number[]; total: number }) {
  const time = fakeClock();
  const api = stubTransport(time, (request: StubRequest) => {
    const { status, request: pending } = runAt(request.at);
    if (request.path === RUN_PATH) return Response.json({ run: run(status), pending_human_request: pending ? { ...approval, id: pending } : null });
    const offset = Number(request.query.get("offset"));
    const page = pageAt(request.at, offset);
    return Response.json({ messages: page.ids.map(message), total: page.total, limit: Number(request.query.get("limit")), offset });
  });
  const result = await runDuvo(["runs", "messages", RUN_ID, "--follow", "--json"], {
    env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: "dv_test", DUVO_CONFIG_DIR: tempDir() },
    clock: time.clock,
    fetch: api.fetch,
  });
  const lines = result.stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line))
    .map((line) => (line.type === "run_status" ? line.status : line.type === "human_request" ? `request ${line.id}` : line.id));
  const requests = api.received.map((request) => `${request.path === RUN_PATH ? "run" : `messages@${request.query.get("offset")}`} ${request.at}`);
  return { code: result.code, lines, requests };
}

/** The first `count` messages, from `offset` on (50 a page). */
const upTo = (count: number) => (_: number, offset: number) => ({ ids: Array.from({ length: Math.max(0, Math.min(50, count - offset)) }, (_, i) => offset + i), total: count });
const REQUEST_A = "5e1f0c2a-7d3b-4c9e-8a60-00000000000a";
const REQUEST_B = "5e1f0c2a-7d3b-4c9e-8a60-00000000000b";

describe("order, dedup and the look after a quiet poll (in virtual time; written to kill mutants of follow-run.ts)", () => {
  test("a message met again at a later position (the transcript shifted) is printed once", async () => {
    const result = await followScripted(
      (ms) => ({ status: ms < 3_000 ? "running" : "completed" }),
      (ms, offset) => (offset === 0 ? { ids: [0, 1], total: 2 } : offset === 2 && ms >= 1_000 ? { ids: [1, 2], total: 4 } : { ids: [], total: 4 }),
    );
    expect(result.code).toBe(0);
    expect(result.lines).toEqual(["running", "m-0", "m-1", "m-2", "completed"]);
  });

  test("busy again after waiting: the status line comes before the messages written after it", async () => {
    const result = await followScripted(
      (ms) => (ms < 10_000 ? { status: "waiting", request: REQUEST_A } : { status: ms < 20_000 ? "running" : "completed" }),
      (ms, offset) => upTo(ms < 10_000 ? 1 : 3)(ms, offset),
    );
    expect(result.code).toBe(0);
    expect(result.lines).toEqual(["waiting", "m-0", `request ${REQUEST_A}`, "running", "m-1", "m-2", "completed"]);
  });

  test("a run that ended: the messages written before the end come before its final status line, which comes once", async () => {
    const result = await followScripted(
      (ms) => ({ status: ms < 2_000 ? "running" : "completed" }),
      (ms, offset) => upTo(ms < 2_000 ? 1 : 3)(ms, offset),
    );
    expect(result.code).toBe(0);
    expect(result.lines).toEqual(["running", "m-0", "m-1", "m-2", "completed"]);
  });

  test("a new request while the run stays waiting: the messages written before it come first", async () => {
    const result = await followScripted(
      (ms) => (ms < 20_000 ? { status: "waiting", request: ms < 10_000 ? REQUEST_A : REQUEST_B } : { status: "completed" }),
      (ms, offset) => upTo(ms < 10_000 ? 1 : 2)(ms, offset),
    );
    expect(result.code).toBe(0);
    expect(result.lines).toEqual(["waiting", "m-0", `request ${REQUEST_A}`, "m-1", `request ${REQUEST_B}`, "completed"]);
  });

  test("a message poll that finds nothing is followed by a look at the run; waiting from the start, the first look is after 5 s", async () => {
    const busy = await followScripted((ms) => ({ status: ms < 4_500 ? "running" : "completed" }), upTo(0));
    expect(busy.requests).toEqual(["run 0", "messages@0 0", "messages@0 1100", "run 2200", "messages@0 3300", "run 4400", "messages@0 5500", "run 6600", "messages@0 6600"]);
    const waiting = await followScripted((ms) => (ms < 12_000 ? { status: "waiting", request: REQUEST_A } : { status: "completed" }), upTo(0));
    expect(waiting.requests).toEqual(["run 0", "messages@0 0", "run 5000", "run 10000", "run 15000", "messages@0 15000"]);
  });
});
