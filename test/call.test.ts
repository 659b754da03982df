/**
 * `call(id, request)` (src/api/call.ts), the one way to reach an operation: the path filled
 * and escaped, `{teamId}` from the resolved team unless given, the body checked strictly
 * before anything is sent, the answer checked and typed. Against the emulator over HTTP; the
 * type checks at the end are compiled by `tsc --noEmit` (test/ is in tsconfig's include).
 */
import { describe, expect, test } from "bun:test";
import { checkBody, createCall, untyped, type AnswerOf, type Call } from "../src/api/call.ts";
import { createApiClient } from "../src/api/client.ts";
import { systemClock } from "../src/clock.ts";
import { ApiError, ExitCode, UnexpectedResponseError, UsageError } from "../src/errors.ts";
import { useEmulator } from "./helpers.ts";

const { emulator, duvo } = useEmulator();

const OTHER_TEAM = "0b5d2e8f-7a90-4e7a-9c61-3f2a5c1e8d4b";
const AGENT = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";

const clientOptions = () => ({
  baseUrl: emulator.url,
  apiKey: emulator.apiKey,
  userAgent: "duvo-test",
  timeoutMs: 5_000,
  retryBudgetMs: 0,
  signal: new AbortController().signal,
  clock: systemClock,
});

/** A call against the emulator, counting how often the team was asked for. */
function callForTest() {
  const client = createApiClient(clientOptions());
  const asked = { team: 0 };
  const call = createCall(client, {
    teamId: async () => {
      asked.team++;
      return emulator.teamId;
    },
  });
  return { call, asked };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("call(id, request)", () => {
  test("the operation's method and path from the table, values escaped; {*} keeps its slashes", async () => {
    const { call } = callForTest();
    emulator.clearRequests();
    await failure(call("getAgentMemoryFile", { path: { agent_id: AGENT, "*": "notes/a b#?.md" } }));
    expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([["GET", `/v2/agents/${AGENT}/memory/files/notes/a%20b%23%3F.md`]]);
    emulator.clearRequests();
    await failure(call("getRun", { path: { run_id: "a/b c" } }));
    expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([["GET", "/v2/runs/a%2Fb%20c"]]);
  });

  test("{teamId} is the resolved team, asked only when a path has one; a request may give another", async () => {
    const { call, asked } = callForTest();
    emulator.clearRequests();
    const { queues } = await call("listQueues", { query: { limit: 5 } });
    expect(Array.isArray(queues)).toBe(true);
    expect(emulator.requests.at(-1)).toMatchObject({ method: "GET", path: `/v2/teams/${emulator.teamId}/queues`, query: { limit: "5" } });
    expect(asked.team).toBe(1);
    await failure(call("listQueues", { path: { teamId: OTHER_TEAM } }));
    expect(emulator.requests.at(-1)).toMatchObject({ method: "GET", path: `/v2/teams/${OTHER_TEAM}/queues` });
    await call("listMyTeams");
    expect(emulator.requests.at(-1)).toMatchObject({ method: "GET", path: "/v2/teams" });
    expect(asked.team).toBe(1); // neither the override nor a path without {teamId} asked
  });

  test("a body that breaks the operation's schema is exit 4 naming the field, and nothing is sent", async () => {
    const { call, asked } = callForTest();
    emulator.clearRequests();
    const refused = await failure(call("createQueue", { body: { name: "Invoices", colour: "red" } as never }));
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).exitCode).toBe(ExitCode.usage);
    expect((refused as UsageError).message).toBe("invalid request body.colour: unknown field (not in the API's schema)");
    const tooLong = await failure(call("createQueue", { body: { name: "x".repeat(101) } }));
    expect((tooLong as UsageError).message).toBe("invalid request body.name: Invalid length: Expected <=100 but received 101");
    expect(emulator.requests).toEqual([]);
    expect(asked.team).toBe(0); // not even the team was looked up
  });

  test("a POST sends its body with an Idempotency-Key (the one given, or a new one); the answer is the API's", async () => {
    const { call } = callForTest();
    emulator.clearRequests();
    const { queue } = await call("createQueue", { body: { name: "Called" }, idempotencyKey: "call-test-1" });
    expect(queue.name).toBe("Called");
    const sent = emulator.requests.at(-1)!;
    expect(sent).toMatchObject({ method: "POST", path: `/v2/teams/${emulator.teamId}/queues`, body: { name: "Called" } });
    expect(sent.headers["idempotency-key"]).toBe("call-test-1");
    await call("createQueue", { body: { name: "Called again" } });
    expect(emulator.requests.at(-1)!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("an error answer is the client's error (exit code from the status)", async () => {
    const { call } = callForTest();
    const missing = await failure(call("getQueue", { path: { queue_id: OTHER_TEAM } }));
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBe(404);
  });

  test("a GET's answer is checked against its schema (loaded while the request is on its way): a malformed one is an unexpected response", async () => {
    const sent: string[] = [];
    const client = createApiClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "dv_test",
      userAgent: "duvo-test",
      timeoutMs: 5_000,
      retryBudgetMs: 0,
      signal: new AbortController().signal,
      clock: systemClock,
      fetch: async (input) => {
        sent.push(String(input instanceof Request ? input.url : input));
        return Response.json({ run: { id: 5, status: "running" }, pending_human_request: null });
      },
    });
    const refused = await failure(createCall(client, {})("getRun", { path: { run_id: AGENT } }));
    expect(sent).toEqual([`http://127.0.0.1:9/v2/runs/${AGENT}`]);
    expect(refused).toBeInstanceOf(UnexpectedResponseError);
    expect((refused as UnexpectedResponseError).message).toStartWith(`unexpected response from GET /runs/${AGENT}: run.id`);
  });

  test("commands reach it through the runtime: `runs get` asks GET /v2/runs/{run_id}", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "get", AGENT]);
    expect(result.code).toBe(3);
    expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([["GET", `/v2/runs/${AGENT}`]]);
  });
});

describe("call's checks at run time (written to kill mutants of call.ts)", () => {
  test("an operation id known only at run time: an unknown one, a body for one that takes none; nothing is sent", async () => {
    const { call } = callForTest();
    emulator.clearRequests();
    expect(((await failure(untyped(call)("getRuns"))) as Error).message).toBe("no operation getRuns in the document");
    expect(((await failure(untyped(call)("stopRun", { path: { run_id: AGENT }, body: {} }))) as Error).message).toBe("stopRun takes no body");
    expect(emulator.requests).toEqual([]);
  });

  test("a path value given as a function is asked for when the request is sent; a missing one is an error naming it", async () => {
    const { call } = callForTest();
    emulator.clearRequests();
    await failure(untyped(call)("getRun", { path: { run_id: async () => "run one" } }));
    expect(emulator.requests.map((r) => [r.method, r.path])).toEqual([["GET", "/v2/runs/run%20one"]]);
    // No team to fill {teamId} with: the call says which operation and which value.
    const noTeam = createCall(createApiClient({ ...clientOptions(), baseUrl: emulator.url }), {});
    expect(((await failure(noTeam("listQueues"))) as Error).message).toBe("listQueues: no value for {teamId}");
    expect(((await failure(untyped(noTeam)("getRun", { path: {} }))) as Error).message).toBe("getRun: no value for {run_id}");
    expect(emulator.requests).toHaveLength(1);
  });

  test("checkBody checks a body as call does (exit 4 naming the field) and sends nothing", async () => {
    emulator.clearRequests();
    const refused = await failure(checkBody("createQueue", { name: "Invoices", colour: "red" } as never));
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toBe("invalid request body.colour: unknown field (not in the API's schema)");
    expect(await checkBody("createQueue", { name: "Invoices" })).toBeUndefined();
    expect(emulator.requests).toEqual([]);
  });
});

/** Compiled, never run: `tsc --noEmit` fails when the types stop catching these. */
export async function typeChecks(call: Call) {
  const details: AnswerOf<"getRun"> = await call("getRun", { path: { run_id: AGENT } });
  const status: string | undefined = details.run?.status;
  // @ts-expect-error a path parameter's name misspelt
  await call("getRun", { path: { runid: AGENT } });
  // @ts-expect-error a required path parameter left out
  await call("getRun");
  // @ts-expect-error {teamId} may be left out, other parameters not
  await call("getQueue", {});
  await call("listQueues"); // only {teamId}: the request may be left out
  // @ts-expect-error an unknown query parameter
  await call("listQueues", { query: { limitt: 5 } });
  // @ts-expect-error a query value of the wrong type
  await call("listQueues", { query: { limit: "5" } });
  // @ts-expect-error an operation that takes no body
  await call("stopRun", { path: { run_id: AGENT }, body: {} });
  // @ts-expect-error a required body left out
  await call("postRunMessage", { path: { run_id: AGENT } });
  // @ts-expect-error a body of the wrong shape
  await call("postRunMessage", { path: { run_id: AGENT }, body: { text: "hi" } });
  // @ts-expect-error an operation the document does not have
  await call("getRuns", { path: { run_id: AGENT } });
  // @ts-expect-error the answer's type is the operation's: getRun has no `queues` (an answer is a loose object, so an unknown key reads as `unknown`: it fails when used)
  (await call("getRun", { path: { run_id: AGENT } })).queues.length;
  // @ts-expect-error a documented field has its documented type
  const id: number = (await call("getRun", { path: { run_id: AGENT } })).run!.id;
  return [status, id];
}
