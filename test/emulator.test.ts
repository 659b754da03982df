/**
 * The emulator against the API of docs/contract.md, over real sockets with plain fetch. Every response body is
 * validated against the client's own schemas (src/api/schemas.ts) by `ok`/`fail` below.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { ErrorBodySchema } from "../src/api/api-error.ts";
import type { Message } from "../src/api/schemas.ts";
import * as S from "./api-schemas.ts";
import {
  AGENT_IDS,
  APPROVAL_REQUEST,
  CHANNELS_QUESTION,
  DEMO_AGENTS,
  FIXTURE_UPDATED_AT,
  FOLLOW_UP_QUESTION,
  OTHER_AGENT_ID,
  OTHER_TEAM_ID,
  OTHER_TEAM_KEY,
  REGION_QUESTION,
  type Emulator,
  type EmulatorOptions,
} from "../src/emulator/index.ts";
import { eventually, PATIENCE_MS, testEmulator } from "./helpers.ts";

const RUN_KEYS = ["agent_id", "build_id", "completed_at", "created_at", "human_in_the_loop_enabled", "id", "sandbox_id", "source", "started_at", "status", "updated_at"];
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let emu: Emulator; // fast, rate limit off, small default bulk count
const extra: Emulator[] = [];
beforeAll(async () => {
  emu = await testEmulator({ speed: 500, bulkMessages: 25 });
});
afterAll(async () => {
  await Promise.all([emu, ...extra].map((e) => e.stop()));
});
async function another(options: EmulatorOptions): Promise<Emulator> {
  const e = await testEmulator({ speed: 1, rateLimit: 300, ...options });
  extra.push(e);
  return e;
}

interface Call {
  body?: unknown;
  rawBody?: string;
  key?: string | null; // null = no Authorization header
  headers?: Record<string, string>;
  on?: Emulator;
}
async function call(method: string, path: string, c: Call = {}) {
  const e = c.on ?? emu;
  const key = c.key === undefined ? e.apiKey : c.key;
  const headers: Record<string, string> = { ...c.headers };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (c.body !== undefined || c.rawBody !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(e.url + path, { method, headers, body: c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body)) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
}
/** A call that must answer `status` with a body valid against `schema`. */
async function ok<T extends v.GenericSchema>(
  schema: T,
  method: string,
  path: string,
  c: Call = {},
  status = method === "POST" && !path.endsWith("/stop") && !path.endsWith("/respond") ? 201 : 200,
) {
  const r = await call(method, path, c);
  if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.json)}`);
  return v.parse(schema, r.json);
}
/** A call that must fail with `status` and an `{error, message}` body. */
async function fail(status: number, method: string, path: string, c: Call = {}) {
  const r = await call(method, path, c);
  expect({ status: r.status, json: r.json }).toMatchObject({ status });
  return v.parse(ErrorBodySchema, r.json);
}

const get = <T extends v.GenericSchema>(schema: T, path: string, on?: Emulator) => ok(schema, "GET", path, { on });
const start = async (agent_id: string, message?: string, on: Emulator = emu) =>
  (await ok(S.RunEnvelopeSchema, "POST", `/v2/teams/${on.teamId}/runs`, { body: { agent_id, message }, on })).run;
const details = (id: string, on?: Emulator) => get(S.RunDetailsSchema, `/v2/runs/${id}`, on);

async function waitFor(id: string, statuses: string[], on?: Emulator, timeoutMs = PATIENCE_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await details(id, on);
    if (statuses.includes(d.run!.status)) return d;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${d.run!.status}`);
    await Bun.sleep(5);
  }
}

/** Every message of a run, paging 50 at a time, with the API's shape checked. */
async function messages(id: string, on?: Emulator): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const page = await get(S.MessagePageSchema, `/v2/runs/${id}/messages?limit=50&offset=${all.length}`, on);
    all.push(...page.messages);
    if (page.messages.length < 50) return checkShapes(all);
  }
}
function checkShapes(ms: Message[]): Message[] {
  ms.forEach((m, i) => {
    const content = Object.keys(m).filter((k) => !["id", "type", "role", "timestamp"].includes(k));
    expect(Object.keys(m).slice(0, 4)).toEqual(["id", "type", "role", "timestamp"]);
    expect(content.length === 1 && ["text_content", "tool_call", "tool_result"].includes(content[0]!)).toBe(true);
    if (i > 0) expect(m.timestamp > ms[i - 1]!.timestamp).toBe(true); // same fixed-width format
    expect(Number.isNaN(Date.parse(m.timestamp))).toBe(false);
    if (m.tool_result) expect(m.tool_result.tool_call_id).toBe(ms[i - 1]!.tool_call!.id);
  });
  expect(new Set(ms.map((m) => m.id)).size).toBe(ms.length);
  return ms;
}
/** A transcript without ids and times, for exact comparison. */
const transcript = (ms: Message[]) =>
  ms.map((m) => {
    if (m.tool_call) return [m.role, m.type, m.tool_call.name, m.tool_call.arguments];
    if (m.tool_result) {
      const { tool_call_id: _, ...rest } = m.tool_result;
      return [m.role, m.type, rest];
    }
    return [m.role, m.type, m.text_content];
  });

const LOOKUP = ["assistant", "tool_call", "lookup_invoice", { invoice_id: "INV-2024-0042" }];
const LOOKUP_RESULT = ["tool", "tool_result", { result: { invoice_id: "INV-2024-0042", amount: 1250, currency: "EUR", status: "paid", payment_id: "PAY-88121" } }];
const APPROVAL_INTRO = ["assistant", "text", "Invoice INV-2024-0042 from Acme Supplies is due: 1,250.00 EUR. I need your approval to pay it."];
const PAYMENT = [
  ["assistant", "tool_call", "send_payment", { vendor: "Acme Supplies", invoice_id: "INV-2024-0042", amount: 1250, currency: "EUR" }],
  ["tool", "tool_result", { result: { payment_id: "PAY-90031", status: "sent" } }],
  ["assistant", "text", "Payment sent: 1,250.00 EUR to Acme Supplies (PAY-90031)."],
];

describe("auth, identity and team scoping", () => {
  test("a missing or unknown key is a 401", async () => {
    for (const c of [{ key: null }, { key: "dv_nope" }, { key: null, headers: { authorization: `Basic ${emu.apiKey}` } }]) {
      expect(await fail(401, "GET", "/v2/teams", c)).toMatchObject({ error: "Unauthorized" });
    }
  });

  test("teams and profile show only the key's own team", async () => {
    expect(await get(S.TeamListSchema, "/v2/teams")).toEqual({
      teams: [{ id: emu.teamId, name: "Demo team", organization_id: "5e1f0c2a-7d3b-4c9e-8a50-000000000001" }],
    });
    const other = await ok(S.TeamListSchema, "GET", "/v2/teams", { key: OTHER_TEAM_KEY });
    expect(other.teams).toEqual([{ id: OTHER_TEAM_ID, name: "Other team", organization_id: null }]);
    expect(await get(S.ProfileSchema, "/v2/profile")).toEqual({
      profile: { id: "5e1f0c2a-7d3b-4c9e-8a20-000000000001", name: "Demo User", email: "demo@example.com", teamId: emu.teamId },
    });
  });

  test("another team's collections are 403, its agents and runs 404", async () => {
    // The list operations document no 403: the refusal is the 401 they do document.
    await fail(401, "GET", `/v2/teams/${OTHER_TEAM_ID}/agents`);
    await fail(401, "GET", `/v2/teams/${OTHER_TEAM_ID}/runs`);
    await fail(403, "POST", `/v2/teams/${OTHER_TEAM_ID}/runs`, { body: { agent_id: OTHER_AGENT_ID } });
    await fail(401, "GET", `/v2/teams/${NO_SUCH_ID}/runs`);
    await fail(404, "GET", `/v2/agents/${OTHER_AGENT_ID}`);
    await fail(404, "POST", `/v2/teams/${emu.teamId}/runs`, { body: { agent_id: OTHER_AGENT_ID } });
    const theirs = (await ok(S.RunEnvelopeSchema, "POST", `/v2/teams/${OTHER_TEAM_ID}/runs`, { key: OTHER_TEAM_KEY, body: { agent_id: OTHER_AGENT_ID } })).run;
    await fail(404, "GET", `/v2/runs/${theirs.id}`);
    await fail(404, "GET", `/v2/runs/${theirs.id}/messages`);
    await fail(404, "POST", `/v2/runs/${theirs.id}/stop`);
    expect((await ok(S.RunDetailsSchema, "GET", `/v2/runs/${theirs.id}`, { key: OTHER_TEAM_KEY })).run!.id).toBe(theirs.id);
  });
});

describe("validation", () => {
  test("malformed ids in the path are 400s naming the field", async () => {
    expect((await fail(400, "GET", "/v2/runs/not-a-uuid")).message).toBe("run_id must be a UUID");
    expect((await fail(400, "GET", "/v2/agents/123")).message).toBe("agent_id must be a UUID");
    // The document gives teamId no format: a malformed one is simply not the key's team (401, as 403 is not listed).
    expect((await fail(401, "GET", "/v2/teams/xyz/agents")).message).toBe("This API key does not have access to that team");
    expect((await fail(400, "POST", `/v2/runs/${NO_SUCH_ID}/human-requests/abc/respond`, { body: { approved: true } })).message).toBe("request_id must be a UUID");
    await fail(404, "GET", `/v2/runs/${NO_SUCH_ID}`);
    await fail(404, "GET", "/v2/nothing-here");
    await fail(404, "DELETE", `/v2/runs/${NO_SUCH_ID}`);
  });

  test("paging limits are enforced", async () => {
    const run = await start(AGENT_IDS.complete);
    for (const q of ["limit=51", "limit=0", "limit=1.5", "limit=abc", "offset=-1"]) {
      await fail(400, "GET", `/v2/runs/${run.id}/messages?${q}`);
    }
    expect((await get(S.MessagePageSchema, `/v2/runs/${run.id}/messages?limit=50`)).limit).toBe(50);
    expect((await fail(400, "GET", `/v2/runs/${run.id}/messages?limit=51`)).message).toBe("limit must be an integer between 1 and 50");
    await fail(400, "GET", `/v2/teams/${emu.teamId}/agents?limit=101`);
    for (const q of ["limit=101", "sort_order=up", "sort_by=title", "since=yesterday", "agent_id=x", "has_issues=maybe"]) {
      await fail(400, "GET", `/v2/teams/${emu.teamId}/runs?${q}`);
    }
  });

  test("the start body takes exactly agent_id, message, sandbox_id and webhook_url", async () => {
    const path = `/v2/teams/${emu.teamId}/runs`;
    const agent_id = AGENT_IDS.complete;
    expect((await fail(400, "POST", path, { body: { agent_id, prompt: "hi" } })).message).toContain('"prompt"');
    expect((await fail(400, "POST", path, { body: {} })).message).toBe("agent_id is required");
    expect((await fail(400, "POST", path, { body: { agent_id: "nope" } })).message).toBe("agent_id must be a UUID");
    await fail(400, "POST", path, { body: { agent_id, message: 42 } });
    await fail(400, "POST", path, { body: { agent_id, webhook_url: "ftp://example.com/hook" } });
    await fail(400, "POST", path, { body: { agent_id, webhook_url: "not a url" } });
    await fail(400, "POST", path, { body: [agent_id] });
    await fail(400, "POST", path, { rawBody: "{oops" });
    await fail(404, "POST", path, { body: { agent_id: NO_SUCH_ID } });
    // startRun documents no 413: too large a body is its 400.
    expect((await fail(400, "POST", path, { body: { agent_id, message: "x".repeat(1_100_000) } })).message).toBe("Request body larger than 1048576 bytes");
    const run = (await ok(S.RunEnvelopeSchema, "POST", path, { body: { agent_id, sandbox_id: "sbx-1", webhook_url: "https://example.com/hook" } })).run;
    expect(run.sandbox_id).toBe("sbx-1");
  });
});

describe("agents", () => {
  test("list, paging, get, extras and last_run_at", async () => {
    const all = await get(S.AgentListSchema, `/v2/teams/${emu.teamId}/agents`);
    expect(all.agents.map((a) => a.name)).toEqual(DEMO_AGENTS.map((a) => a.name));
    expect([all.total, all.limit, all.offset]).toEqual([6, 20, 0]);
    expect(all.agents[0]).toMatchObject({ team_id: emu.teamId, pinned_at: FIXTURE_UPDATED_AT, latest_build: { name: `${DEMO_AGENTS[0].name} v3`, revision_number: 3 } });
    expect(all.agents[0]!.latest_build).toMatchObject({ revision_number: 3, status: "live" });
    const page = await get(S.AgentListSchema, `/v2/teams/${emu.teamId}/agents?limit=2&offset=1`);
    expect(page.agents.map((a) => a.id)).toEqual([AGENT_IDS.approval, AGENT_IDS.question]);
    expect([page.total, page.limit, page.offset]).toEqual([6, 2, 1]);

    const pinned = await get(S.AgentEnvelopeSchema, `/v2/agents/${AGENT_IDS.complete}`);
    expect(pinned.user_context.pinned_at).toBe(FIXTURE_UPDATED_AT);
    expect(Object.hasOwn(pinned.agent, "pinned_at")).toBe(false); // the document gives the pin in user_context only
    const run = await start(AGENT_IDS.question);
    const after = await get(S.AgentEnvelopeSchema, `/v2/agents/${AGENT_IDS.question}`);
    expect(Object.hasOwn(after.agent, "last_run_at")).toBe(false); // only the list carries it
    expect(after.user_context).toEqual({ pinned_at: null });
    const listed = await get(S.AgentListSchema, `/v2/teams/${emu.teamId}/agents?limit=100`);
    expect(listed.agents.find((a) => a.id === AGENT_IDS.question)!.last_run_at).toBe(run.created_at);
  });
});

describe("scripted runs", () => {
  test("complete: text, tool call, tool result, text, then completed with an evaluation", async () => {
    const run = await start(AGENT_IDS.complete, "Reconcile March");
    expect(Object.keys(run).sort()).toEqual(RUN_KEYS);
    expect(run).toMatchObject({ status: "pending", started_at: null, completed_at: null, source: "api", human_in_the_loop_enabled: false });
    // The evaluation documents no 400: a malformed id is its 404.
    expect((await fail(404, "GET", `/v2/agent/${AGENT_IDS.complete}/runs/nope/evaluation`)).message).toBe("runId must be a UUID");
    const d = await waitFor(run.id, ["completed"]);
    expect(d.pending_human_request).toBeNull();
    expect(Object.keys(d.run!).sort()).toEqual(RUN_KEYS);
    expect(d.run!.started_at! > run.created_at && d.run!.completed_at! > d.run!.started_at!).toBe(true);
    expect(d.run!.updated_at).toBe(d.run!.completed_at!);
    expect(transcript(await messages(run.id))).toEqual([
      ["user", "text", "Reconcile March"],
      ["assistant", "text", "Looking up invoice INV-2024-0042 in the ledger."],
      LOOKUP,
      LOOKUP_RESULT,
      ["assistant", "text", "Invoice INV-2024-0042 is reconciled: 1,250.00 EUR matched to payment PAY-88121."],
    ]);
    const ev = await get(S.EvaluationSchema, `/v2/agent/${AGENT_IDS.complete}/runs/${run.id}/evaluation`);
    expect(ev.data).toMatchObject({ run_id: run.id, source: "automatic", output: { schemaId: "run-quality", schemaVersion: "1" } });
    await fail(404, "GET", `/v2/agent/${AGENT_IDS.fail}/runs/${run.id}/evaluation`);
    expect(emu.getRun(run.id)?.status).toBe("completed");
  });

  test("approval: waits, validates the response, approved pays", async () => {
    const run = await start(AGENT_IDS.approval);
    const d = await waitFor(run.id, ["waiting"]);
    const req = d.pending_human_request!;
    expect(req).toEqual({ id: req.id, title: APPROVAL_REQUEST.title, description: APPROVAL_REQUEST.description, created_at: req.created_at, type: "approval" });
    expect(d.run!.human_in_the_loop_enabled).toBe(true);
    expect((await get(S.EvaluationSchema, `/v2/agent/${AGENT_IDS.approval}/runs/${run.id}/evaluation`)).data).toBeNull();
    const path = `/v2/runs/${run.id}/human-requests/${req.id}/respond`;
    for (const body of [{}, { approved: "yes" }, { answers: { x: "y" } }, { approved: true, note: "hi" }]) await fail(400, "POST", path, { body });
    await fail(404, "POST", `/v2/runs/${run.id}/human-requests/${NO_SUCH_ID}/respond`, { body: { approved: true } });
    const answered = await ok(S.RespondResultSchema, "POST", path, { body: { approved: true } });
    expect(answered.human_request).toEqual({
      id: req.id,
      run_id: run.id,
      title: APPROVAL_REQUEST.title,
      description: APPROVAL_REQUEST.description,
      response: JSON.stringify({ approved: true }),
      responded_at: answered.human_request.responded_at,
      created_at: req.created_at,
    });
    expect(answered.human_request.responded_at! > req.created_at).toBe(true);
    await waitFor(run.id, ["completed"]);
    await fail(400, "POST", path, { body: { approved: true } }); // no 409 in the document
    expect(transcript(await messages(run.id))).toEqual([APPROVAL_INTRO, ...PAYMENT]);
  });

  test("approval: denied cancels without a tool call", async () => {
    const run = await start(AGENT_IDS.approval);
    const req = (await waitFor(run.id, ["waiting"])).pending_human_request!;
    await ok(S.RespondResultSchema, "POST", `/v2/runs/${run.id}/human-requests/${req.id}/respond`, { body: { approved: false } });
    expect((await waitFor(run.id, ["completed"])).pending_human_request).toBeNull();
    expect(transcript(await messages(run.id))).toEqual([APPROVAL_INTRO, ["assistant", "text", "Payment cancelled: nothing was sent to Acme Supplies."]]);
  });

  test("question: one free-text question, echoed back", async () => {
    const run = await start(AGENT_IDS.question);
    const req = (await waitFor(run.id, ["waiting"])).pending_human_request!;
    expect(req).toMatchObject({ type: "question", title: "Follow-up content", questions: [{ question: FOLLOW_UP_QUESTION, header: "Follow-up" }] });
    const path = `/v2/runs/${run.id}/human-requests/${req.id}/respond`;
    expect((await fail(400, "POST", path, { body: { answers: {} } })).message).toContain("Missing answer");
    expect((await fail(400, "POST", path, { body: { answers: { [FOLLOW_UP_QUESTION]: "x", "Other?": "y" } } })).message).toBe('Unknown question "Other?"');
    await fail(400, "POST", path, { body: { answers: { [FOLLOW_UP_QUESTION]: "" } } });
    await fail(400, "POST", path, { body: { approved: true } });
    const r = await ok(S.RespondResultSchema, "POST", path, { body: { answers: { [FOLLOW_UP_QUESTION]: "Thank them for the order." } } });
    expect(JSON.parse(r.human_request.response!)).toEqual({ answers: { [FOLLOW_UP_QUESTION]: "Thank them for the order." } });
    await waitFor(run.id, ["completed"]);
    expect(transcript(await messages(run.id))).toEqual([
      ["assistant", "text", "I drafted the follow-up for Northwind Traders, but I need one detail from you."],
      ["assistant", "text", "Thanks. The follow-up to Northwind Traders will say: Thank them for the order."],
    ]);
  });

  test("questions: two questions with options, one multi-select", async () => {
    const run = await start(AGENT_IDS.questions);
    const req = (await waitFor(run.id, ["waiting"])).pending_human_request!;
    expect(req.questions!.map((q) => [q.header, q.question, q.multi_select, q.options!.map((o) => o.label)])).toEqual([
      ["Region", REGION_QUESTION, undefined, ["EU", "US", "APAC"]],
      ["Channels", CHANNELS_QUESTION, true, ["Email", "Slack", "Blog"]],
    ]);
    expect(req.questions!.every((q) => q.options!.every((o) => typeof o.description === "string"))).toBe(true);
    const path = `/v2/runs/${run.id}/human-requests/${req.id}/respond`;
    const answer = (region: string, channels?: string) => ({
      body: { answers: { [REGION_QUESTION]: region, ...(channels === undefined ? {} : { [CHANNELS_QUESTION]: channels }) } },
    });
    expect((await fail(400, "POST", path, answer("Mars", "Email"))).message).toContain("must be one of EU, US, APAC");
    expect((await fail(400, "POST", path, answer("EU", "Email, Slack"))).message).toContain("without spaces");
    for (const bad of [answer("EU,US", "Email"), answer("EU", "Email,Email"), answer("EU", "email"), answer("EU")]) await fail(400, "POST", path, bad);
    await ok(S.RespondResultSchema, "POST", path, answer("US", "Email,Slack"));
    await waitFor(run.id, ["completed"]);
    expect(transcript(await messages(run.id))).toEqual([
      ["assistant", "text", "I'm preparing the release plan and need two decisions from you."],
      ["assistant", "text", "Release plan ready: first region US, announced on Email,Slack."],
    ]);
  });

  test("fail: the tool errors and the run fails; a failed run takes no messages", async () => {
    const run = await start(AGENT_IDS.fail);
    const d = await waitFor(run.id, ["failed"]);
    expect(d.run!.completed_at).toMatch(ISO_TIME);
    expect(transcript(await messages(run.id))).toEqual([
      ["assistant", "text", "Importing customers.csv into the CRM."],
      ["assistant", "tool_call", "import_csv", { file: "customers.csv", target: "crm" }],
      ["tool", "tool_result", { error: 'Row 42: missing required column "email"' }],
    ]);
    expect((await get(S.EvaluationSchema, `/v2/agent/${AGENT_IDS.fail}/runs/${run.id}/evaluation`)).data).toBeNull();
    await fail(400, "POST", `/v2/runs/${run.id}/messages`, { body: { message: "try again" } });
  });

  test("bulk: the bulkMessages default, or the count from the start message", async () => {
    const run = await start(AGENT_IDS.bulk);
    await waitFor(run.id, ["completed"]);
    const ms = await messages(run.id);
    expect(ms.map((m) => m.text_content)).toEqual(Array.from({ length: 25 }, (_, i) => `Exported record ${i + 1} of 25.`));
  });

  test("bulk: 10,000 messages, paged", async () => {
    const run = await start(AGENT_IDS.bulk, "10000");
    await waitFor(run.id, ["completed"], emu);
    const ms = await messages(run.id); // 201 pages of 50
    expect(ms.length).toBe(10_001);
    expect(transcript([ms[0]!, ms[5000]!, ms[10_000]!])).toEqual([
      ["user", "text", "10000"],
      ["assistant", "text", "Exported record 5000 of 10000."],
      ["assistant", "text", "Exported record 10000 of 10000."],
    ]);
    const page = await get(S.MessagePageSchema, `/v2/runs/${run.id}/messages?limit=3&offset=9999`);
    expect([page.total, page.limit, page.offset, page.messages.length]).toEqual([10_001, 3, 9999, 2]);
  });
});

describe("messages, stop, idempotency", () => {
  test("a message to a waiting run answers it and takes the default (approve) branch", async () => {
    const run = await start(AGENT_IDS.approval);
    await waitFor(run.id, ["waiting"]);
    await ok(S.SentMessageSchema, "POST", `/v2/runs/${run.id}/messages`, { body: { message: "Go ahead" } });
    expect((await waitFor(run.id, ["completed"])).pending_human_request).toBeNull();
    expect(transcript(await messages(run.id))).toEqual([APPROVAL_INTRO, ["user", "text", "Go ahead"], ["assistant", "text", "Got your message: Go ahead"], ...PAYMENT]);
  });

  test("a message to a completed run resumes it, then it completes again", async () => {
    // Slow enough to see the intermediate states on a busy machine: pending for 600 ms after
    // the start, running for 4 s after the message (at speed 5 it was 60 and 400 ms).
    const slow = await another({ speed: 0.5, rateLimit: 0 }); // waitFor looks every 5 ms for seconds
    const run = await start(AGENT_IDS.bulk, "1", slow);
    expect((await details(run.id, slow)).run!.status).toBe("pending");
    const done = await waitFor(run.id, ["completed"], slow);
    await fail(400, "POST", `/v2/runs/${run.id}/messages`, { body: { message: "" }, on: slow });
    await fail(400, "POST", `/v2/runs/${run.id}/messages`, { body: { message: "hi", role: "user" }, on: slow });
    const sent = await ok(S.SentMessageSchema, "POST", `/v2/runs/${run.id}/messages`, { body: { message: "Thanks!" }, on: slow });
    expect(Object.keys(sent.message)).toEqual(["id", "type", "role", "timestamp", "text_content"]);
    expect(sent.message).toMatchObject({ type: "text", role: "user", text_content: "Thanks!" });
    const resumed = await details(run.id, slow);
    expect(resumed.run).toMatchObject({ status: "running", completed_at: null, started_at: done.run!.started_at });
    const again = await waitFor(run.id, ["completed"], slow);
    expect(again.run!.completed_at! > sent.message.timestamp).toBe(true);
    expect(transcript(await messages(run.id, slow))).toEqual([
      ["user", "text", "1"],
      ["assistant", "text", "Exported record 1 of 1."],
      ["user", "text", "Thanks!"],
      ["assistant", "text", "Got your message: Thanks!"],
    ]);
  });

  test("statuses go pending, starting, running at the scripted pace", async () => {
    /** An API timestamp in microseconds (it has six fractional digits). */
    const parseIsoUs = (text: string) => Date.parse(text) * 1000 + Number(/\.\d{3}(\d{1,3})/.exec(text)?.[1]?.padEnd(3, "0") ?? 0);
    // No sleep decides what is seen: the run is looked at until it runs, and every status seen
    // is kept (at a quarter of human pace each lasts over a second: starting 1.2 s after the
    // start, running 4 s after); the pace is read from the run's own timestamps, which the
    // emulator stamps with each step's due time, not with when it was looked at.
    const speed = 0.25;
    const slow = await another({ speed });
    const run = await start(AGENT_IDS.complete, undefined, slow);
    expect(run.status).toBe("pending");
    const seen = [run.status as string];
    let d = await details(run.id, slow);
    while (d.run!.status !== "running") {
      if (seen.at(-1) !== d.run!.status) seen.push(d.run!.status);
      if (d.run!.status === "starting") expect(d.run!.started_at).toBeNull();
      await Bun.sleep(50); // a look every 50 ms: within the emulator's rate limit
      d = await details(run.id, slow);
    }
    seen.push("running");
    expect(seen).toEqual(["pending", "starting", "running"]);
    expect(d.run!.started_at).toMatch(ISO_TIME);
    expect(parseIsoUs(d.run!.started_at!) - parseIsoUs(d.run!.created_at)).toBe(1_000_000 / speed); // 300 ms pending + 700 ms starting
    await eventually(() => slow.getRun(run.id)!.messages.length > 0);
    const first = (await get(S.MessagePageSchema, `/v2/runs/${run.id}/messages`, slow)).messages[0]!;
    expect(parseIsoUs(first.timestamp) - parseIsoUs(d.run!.started_at!)).toBe(1_500_000 / speed); // the first text 1.5 s after running
  });

  test("stop ends a busy or waiting run once; an ended run answers success: false", async () => {
    const busy = await start(AGENT_IDS.bulk, "100000"); // ~4 s of messages at this speed
    await waitFor(busy.id, ["running"]);
    expect(await ok(S.StopResultSchema, "POST", `/v2/runs/${busy.id}/stop`)).toEqual({ success: true });
    const d = await details(busy.id);
    expect(d.run!.status).toBe("stopped");
    expect(d.run!.completed_at).toMatch(ISO_TIME);
    const total = (await get(S.MessagePageSchema, `/v2/runs/${busy.id}/messages?limit=1`)).total;
    await Bun.sleep(30);
    expect((await get(S.MessagePageSchema, `/v2/runs/${busy.id}/messages?limit=1`)).total).toBe(total);
    expect(await ok(S.StopResultSchema, "POST", `/v2/runs/${busy.id}/stop`)).toEqual({ success: false, message: "Run is not active" });
    await fail(400, "POST", `/v2/runs/${busy.id}/messages`, { body: { message: "hello?" } });

    const waiting = await start(AGENT_IDS.approval);
    const req = (await waitFor(waiting.id, ["waiting"])).pending_human_request!;
    expect(await ok(S.StopResultSchema, "POST", `/v2/runs/${waiting.id}/stop`, { body: {} })).toEqual({ success: true });
    expect(await details(waiting.id)).toMatchObject({ run: { status: "stopped" }, pending_human_request: null });
    await fail(400, "POST", `/v2/runs/${waiting.id}/human-requests/${req.id}/respond`, { body: { approved: true } });
  });

  test("a repeated Idempotency-Key replays the first run instead of starting another", async () => {
    const e = await another({ speed: 500 });
    const path = `/v2/teams/${e.teamId}/runs`;
    const body = { agent_id: AGENT_IDS.complete, message: "once" };
    const headers = { "idempotency-key": "k-1" };
    const first = await call("POST", path, { body, headers, on: e });
    const second = await call("POST", path, { body, headers, on: e });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((await fail(400, "POST", path, { body: { ...body, message: "twice" }, headers, on: e })).message).toContain("Idempotency-Key");
    await ok(S.RunEnvelopeSchema, "POST", path, { body, headers: { "idempotency-key": "k-2" }, on: e });
    expect((await get(S.RunListSchema, `/v2/teams/${e.teamId}/runs`, e)).total).toBe(2);
  });
});

test("runs list: filters, sorting, paging and summaries", async () => {
  const e = await another({ speed: 500 });
  const r1 = await start(AGENT_IDS.complete, "Reconcile alpha", e);
  const r2 = await start(AGENT_IDS.fail, undefined, e);
  const r3 = await start(AGENT_IDS.complete, undefined, e);
  for (const r of [r1, r2, r3]) await waitFor(r.id, ["completed", "failed"], e);
  const list = async (q: string) => {
    const res = await get(S.RunListSchema, `/v2/teams/${e.teamId}/runs${q}`, e);
    return [res.data.map((s) => s.id), res.total];
  };
  expect(await list("")).toEqual([[r3.id, r2.id, r1.id], 3]);
  expect(await list("?sort_order=asc&sort_by=created_at")).toEqual([[r1.id, r2.id, r3.id], 3]);
  expect(await list("?status=failed")).toEqual([[r2.id], 1]);
  expect(await list("?has_issues=true")).toEqual([[r2.id], 1]);
  expect(await list(`?agent_id=${AGENT_IDS.complete}`)).toEqual([[r3.id, r1.id], 2]);
  expect(await list("?search=ALPHA")).toEqual([[r1.id], 1]);
  expect(await list("?search=Reconciler")).toEqual([[r3.id], 1]);
  expect(await list(`?since=${encodeURIComponent(r2.created_at)}`)).toEqual([[r3.id, r2.id], 2]);
  expect(await list("?limit=1&offset=1")).toEqual([[r2.id], 3]);
  const { data } = await get(S.RunListSchema, `/v2/teams/${e.teamId}/runs?sort_order=asc`, e);
  expect(data.map((s) => [s.title, s.run_number, s.agent_name, s.status, s.submitted_prompt_count])).toEqual([
    ["Reconcile alpha", 1, "Invoice Reconciler", "completed", 1],
    ["Broken Importer #1", 1, "Broken Importer", "failed", 0],
    ["Invoice Reconciler #2", 2, "Invoice Reconciler", "completed", 0],
  ]);
  expect(Object.keys(data[0]!).sort()).toEqual([
    "agent_id",
    "agent_name",
    "build_id",
    "case_queue_id",
    "case_queue_item_id",
    "case_queue_name",
    "case_title",
    "completed_at",
    "created_at",
    "eval_summaries",
    "id",
    "postponed_to",
    "run_number",
    "source",
    "started_at",
    "status",
    "submitted_prompt_count",
    "title",
    "updated_at",
    "user_id",
  ]);
});

test("rate limit headers on every response, 429 with retry-after over the limit", async () => {
  const e = await another({ rateLimit: 3 });
  const before = Math.floor(Date.now() / 1000);
  const seen = [];
  for (let i = 0; i < 3; i++) {
    const r = await call("GET", "/v2/teams", { on: e });
    seen.push([r.status, r.headers.get("x-ratelimit-limit"), r.headers.get("x-ratelimit-remaining")]);
    const reset = Number(r.headers.get("x-ratelimit-reset"));
    expect(reset >= before + 59 && reset <= before + 61).toBe(true);
  }
  expect(seen).toEqual([
    [200, "3", "2"],
    [200, "3", "1"],
    [200, "3", "0"],
  ]);
  const limited = await call("GET", `/v2/runs/${NO_SUCH_ID}`, { on: e });
  expect(limited.status).toBe(429);
  expect(v.parse(ErrorBodySchema, limited.json).error).toBe("Too Many Requests");
  const retryAfter = Number(limited.headers.get("retry-after"));
  expect(retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
  // Per key: the other team's key has its own window.
  expect((await call("GET", "/v2/teams", { on: e, key: OTHER_TEAM_KEY })).status).toBe(200);
  // Defaults: 300 a minute; 0 turns it off (advertised as 1,000,000).
  expect((await call("GET", "/v2/teams", { on: await another({}) })).headers.get("x-ratelimit-limit")).toBe("300");
  const off = await call("GET", "/v2/teams");
  expect(off.headers.get("x-ratelimit-limit")).toBe("1000000");
  // Requests without a key are counted apart: they still get their 401.
  expect((await fail(401, "GET", "/v2/teams", { key: null, on: e })).error).toBe("Unauthorized");
});

test("latency delays every response", async () => {
  const e = await another({ latencyMs: 150 });
  const t0 = performance.now();
  await fail(401, "GET", "/v2/teams", { key: null, on: e });
  expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
});

test("requests are recorded in order, with status and parsed body", async () => {
  const e = await another({ speed: 500 });
  await call("GET", "/v2/teams?x=1", { on: e });
  await call("POST", `/v2/teams/${e.teamId}/runs`, { body: { agent_id: "nope" }, on: e });
  expect(e.requests.map((r) => [r.method, r.path, r.query, r.status, r.body, r.headers.authorization])).toEqual([
    ["GET", "/v2/teams", { x: "1" }, 200, undefined, `Bearer ${e.apiKey}`],
    ["POST", `/v2/teams/${e.teamId}/runs`, {}, 400, { agent_id: "nope" }, `Bearer ${e.apiKey}`],
  ]);
  e.clearRequests();
  expect(e.requests).toEqual([]);
});

test("down() refuses connections, up() serves the same port with state kept", async () => {
  const e = await another({ speed: 500 });
  const { port, url } = e;
  const waiting = await start(AGENT_IDS.approval, undefined, e);
  const req = (await waitFor(waiting.id, ["waiting"], e)).pending_human_request!;
  const busy = await start(AGENT_IDS.complete, undefined, e);
  await e.down();
  try {
    await expect(fetch(`${url}/v2/teams`, { headers: { authorization: `Bearer ${e.apiKey}` } })).rejects.toThrow();
    await Bun.sleep(50); // the busy run keeps working while the server is down
  } finally {
    await e.up();
  }
  expect([e.port, e.url]).toEqual([port, url]);
  expect((await details(busy.id, e)).run!.status).toBe("completed");
  const d = await details(waiting.id, e);
  expect([d.run!.status, d.pending_human_request!.id]).toEqual(["waiting", req.id]);
  await ok(S.RespondResultSchema, "POST", `/v2/runs/${waiting.id}/human-requests/${req.id}/respond`, { body: { approved: true }, on: e });
  await waitFor(waiting.id, ["completed"], e);
});
