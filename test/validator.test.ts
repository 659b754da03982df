/**
 * The independent checks the preload applies to every test can fail: the Ajv validator
 * rejects each kind of drift, for requests (path, query, body) and for answers; and a small
 * suite run in a subprocess against a drifting emulator, or a duvo that drifts, fails.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedRequest } from "../src/emulator/index.ts";
import { checkAgainstDocument, documentExample, documentViolations, ROOT, runDuvo, tempDir, testEmulator } from "./helpers.ts";
import { requestProblems, responseProblem } from "./openapi-validator.ts";
import { storageProblem } from "./storage-contract.ts";

const RUN = "5e1f0c2a-7d3b-4c9e-8a10-0000000000aa";
const TEAM = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";
const start = (body: unknown, query: Record<string, string> = {}) => requestProblems("startRun", { params: { teamId: TEAM }, query, body });

describe("requests", () => {
  test("a request the document allows passes, with its parameters read from text", () => {
    expect(start({ agent_id: RUN, message: "hi" })).toBeUndefined();
    expect(requestProblems("listRuns", { params: { teamId: TEAM }, query: { limit: "5", offset: "0", sort_order: "asc" } })).toBeUndefined();
    expect(requestProblems("getRun", { params: { run_id: RUN }, query: {} })).toBeUndefined();
  });

  test("an extra key: in the body and in the query", () => {
    expect(start({ agent_id: RUN, extra: 1 })).toBe("startRun request: / must NOT have additional properties (extra)");
    expect(start({ agent_id: RUN }, { trace: "1" })).toBe("startRun query: / must NOT have additional properties (trace)");
  });

  test("a missing required key", () => {
    expect(start({ message: "hi" })).toBe("startRun request: / must have required property 'agent_id'");
    expect(requestProblems("getRun", { params: {}, query: {} })).toBe("getRun path: / must have required property 'run_id'");
  });

  test("a wrong type: in the body and a query parameter that is not a number", () => {
    expect(start({ agent_id: RUN, message: 42 })).toBe("startRun request: /message must be string");
    expect(requestProblems("listRuns", { params: { teamId: TEAM }, query: { limit: "five" } })).toBe("listRuns query: /limit must be number");
  });

  test("a bad enum value", () => {
    expect(requestProblems("listRuns", { params: { teamId: TEAM }, query: { sort_order: "up" } })).toBe("listRuns query: /sort_order must be equal to one of the allowed values");
    const filters = { all_matching: true, filters: { status: ["finished"] }, status: "completed" };
    expect(requestProblems("bulkUpdateCaseStatus", { params: { queue_id: RUN }, query: {}, body: filters })).toStartWith(
      "bulkUpdateCaseStatus request: /filters/status/0 must be equal to one of the allowed values",
    );
  });

  test("a bad format: in the body and in the path", () => {
    expect(start({ agent_id: "nope" })).toBe('startRun request: /agent_id must match format "uuid"');
    expect(requestProblems("getRun", { params: { run_id: "nope" }, query: {} })).toBe('getRun path: /run_id must match format "uuid"');
  });

  test("a body where the operation takes none, and a non-JSON body left alone", () => {
    expect(requestProblems("getRun", { params: { run_id: RUN }, query: {}, body: {} })).toBe("getRun takes no body");
    expect(requestProblems("startRun", { params: { teamId: TEAM }, query: {}, body: { form: "parts" }, json: false })).toBeUndefined();
  });
});

describe("answers", () => {
  const label = () => documentExample("createQueueLabel");

  test("the document's example passes", () => {
    expect(responseProblem("createQueueLabel", 200, label())).toBeUndefined();
    expect(responseProblem("listRuns", 200, documentExample("listRuns"))).toBeUndefined();
  });

  test("an extra key", () => {
    const body = label();
    body.label.extra = true;
    expect(responseProblem("createQueueLabel", 200, body)).toBe("createQueueLabel 200: /label must NOT have additional properties (extra)");
  });

  test("a missing required key", () => {
    const body = label();
    delete body.label.case_count;
    expect(responseProblem("createQueueLabel", 200, body)).toBe("createQueueLabel 200: /label must have required property 'case_count'");
  });

  test("a wrong type", () => {
    const body = label();
    body.label.color_hue = "red";
    expect(responseProblem("createQueueLabel", 200, body)).toBe("createQueueLabel 200: /label/color_hue must be integer");
  });

  test("a bad enum value", () => {
    const body = documentExample("listRuns");
    body.data[0].status = "done";
    expect(responseProblem("listRuns", 200, body)).toBe("listRuns 200: /data/0/status must be equal to one of the allowed values");
  });

  test("a bad format", () => {
    const body = label();
    body.label.id = "label-1";
    expect(responseProblem("createQueueLabel", 200, body)).toBe('createQueueLabel 200: /label/id must match format "uuid"');
  });

  test("a status the operation does not document", () => {
    expect(responseProblem("createQueueLabel", 418, {})).toStartWith("createQueueLabel does not document status 418");
  });
});

describe("which answers the preload checks", () => {
  const label = documentExample("createQueueLabel");
  const broken = { label: { ...label.label, extra: 1 } };
  const exchange = (extra: Partial<RecordedRequest>): RecordedRequest => ({
    method: "POST",
    path: `/v2/queues/${RUN}/labels`,
    query: {},
    headers: {},
    body: { value: "x" },
    status: 200,
    operationId: "createQueueLabel",
    responseBody: label,
    ...extra,
  });
  const problems = (record: RecordedRequest) => {
    checkAgainstDocument(record);
    return documentViolations.splice(0);
  };

  test("a plain answer, a slow one, and the answer a stored-* fault replaced are checked", () => {
    expect(problems(exchange({}))).toEqual([]);
    const extra = "createQueueLabel 200: /label must NOT have additional properties (extra)";
    expect(problems(exchange({ responseBody: broken }))).toEqual([`POST /v2/queues/${RUN}/labels → 200: ${extra}`]);
    expect(problems(exchange({ fault: "slow", responseBody: broken }))).toEqual([`POST /v2/queues/${RUN}/labels → 200: ${extra}`]);
    expect(problems(exchange({ fault: "stored-500", status: 500, responseBody: broken, stored: { status: 200, body: broken } }))).toEqual([
      `POST /v2/queues/${RUN}/labels → 200: ${extra}`,
    ]);
    expect(problems(exchange({ fault: "stored-cut", status: -1, stored: { status: 200, body: broken } }))).toEqual([`POST /v2/queues/${RUN}/labels → 200: ${extra}`]);
  });

  test("faults meant to break the answer, and the rate limit's 429, are not", () => {
    for (const fault of ["malformed", "schema", "500", "502", "503", "429", "reset"] as const) {
      expect(problems(exchange({ fault, responseBody: broken }))).toEqual([]);
    }
    expect(problems(exchange({ status: 429, responseBody: { error: "Too Many Requests", message: "slow down" } }))).toEqual([]);
  });

  test("an unknown route must answer the error shape", () => {
    const unknown = { method: "GET", path: "/v2/nowhere", operationId: undefined, status: 404 };
    expect(problems(exchange({ ...unknown, responseBody: { error: "Not Found", message: "No route for /v2/nowhere" } }))).toEqual([]);
    expect(problems(exchange({ ...unknown, responseBody: { error: "Not Found" } }))).toEqual([
      'GET /v2/nowhere → 404: not the error shape {error, message}: {"error":"Not Found"}',
    ]);
  });

  test("a request duvo sent is checked; one sent by anything else is not", () => {
    const bad = { body: { value: "x", extra: 1 } };
    expect(problems(exchange({ ...bad, headers: { "user-agent": "Bun/1.4.4" } }))).toEqual([]);
    expect(problems(exchange({ ...bad, headers: { "user-agent": "duvo/0.1.0" } }))).toEqual([
      `duvo sent POST /v2/queues/${RUN}/labels: createQueueLabel request: / must NOT have additional properties (extra)`,
    ]);
  });
});

describe("storage answers (presigned uploads and downloads, test/storage-contract.ts)", () => {
  const text = (value: string) => new TextEncoder().encode(value);
  const xml = { "content-type": "application/xml" };
  const answer = (method: string, status: number, headers: Record<string, string>, body: Uint8Array) => ({ method, status, responseHeaders: headers, responseBody: body });
  const storageExchange = (extra: Partial<RecordedRequest>): RecordedRequest => ({
    method: "PUT",
    path: "/storage/0123abcd",
    query: {},
    headers: { "user-agent": "duvo/0.1.0" },
    body: undefined,
    status: 200,
    responseHeaders: {},
    responseBody: new Uint8Array(0),
    ...extra,
  });

  test("what the contract allows passes", () => {
    expect(storageProblem(answer("PUT", 200, {}, new Uint8Array(0)))).toBeUndefined();
    expect(storageProblem(answer("GET", 200, { "content-type": "text/markdown;charset=utf-8" }, text("# Policy")))).toBeUndefined();
    expect(storageProblem(answer("GET", 200, { "content-type": "application/octet-stream" }, new Uint8Array(0)))).toBeUndefined();
    expect(storageProblem(answer("GET", 403, xml, text("<Error><Code>AccessDenied</Code></Error>")))).toBeUndefined();
    expect(storageProblem(answer("PUT", 400, xml, text("<Error><Code>InvalidArgument: only one auth mechanism allowed</Code></Error>")))).toBeUndefined();
    expect(storageProblem(answer("GET", 404, xml, text("<Error><Code>NoSuchKey</Code></Error>")))).toBeUndefined();
    expect(storageProblem(answer("GET", 405, xml, text("<Error><Code>MethodNotAllowed</Code></Error>")))).toBeUndefined();
  });

  test("a drifting answer fails: status, headers, body", () => {
    expect(storageProblem(answer("PUT", 201, {}, new Uint8Array(0)))).toBe("PUT answers 200 or 400, 403, 404, 405 (404 a GET only), got 201");
    expect(storageProblem(answer("PUT", 404, xml, text("<Error><Code>NoSuchKey</Code></Error>")))).toBe("PUT answers 200 or 400, 403, 404, 405 (404 a GET only), got 404");
    expect(storageProblem(answer("PUT", 200, { "content-type": "application/json" }, text("{}")))).toBe("an upload's 200 carries no body, got 2 bytes");
    expect(storageProblem(answer("GET", 200, {}, text("# Policy")))).toBe("a download's 200 names its content type, got null");
    expect(storageProblem(answer("GET", 200, { "content-type": "markdown" }, text("# Policy")))).toBe('a download\'s 200 names its content type, got "markdown"');
    expect(storageProblem(answer("GET", 403, { "content-type": "application/json" }, text('{"error":"Forbidden"}')))).toBe('a refusal is application/xml, got "application/json"');
    expect(storageProblem(answer("GET", 403, xml, text("<Error><Code>NoSuchKey</Code></Error>")))).toBe(
      'a 403 is <Error><Code>AccessDenied</Code></Error>, got "<Error><Code>NoSuchKey</Code></Error>"',
    );
    expect(storageProblem(answer("GET", 404, xml, text("Not Found")))).toBe('a 404 is <Error><Code>NoSuchKey</Code></Error>, got "Not Found"');
    expect(storageProblem({ method: "GET", status: 200, responseHeaders: { "content-type": "text/plain" }, responseBody: undefined })).toBe(
      "no body recorded (the emulator records a storage answer's bytes)",
    );
  });

  test("the preload checks storage answers against the contract, not against the document", () => {
    const problems = (record: RecordedRequest) => {
      checkAgainstDocument(record);
      return documentViolations.splice(0);
    };
    expect(problems(storageExchange({}))).toEqual([]);
    expect(problems(storageExchange({ status: 201 }))).toEqual(["PUT /storage/… → 201: storage: PUT answers 200 or 400, 403, 404, 405 (404 a GET only), got 201"]);
    expect(problems(storageExchange({ method: "GET", responseBody: text("bytes") }))).toEqual(["GET /storage/… → 200: storage: a download's 200 names its content type, got null"]);
  });

  test("the emulator hands every storage answer to the check, and its answers keep the contract", async () => {
    const seen: RecordedRequest[] = [];
    const emulator = await testEmulator({ onResponse: (record) => void seen.push(record) });
    try {
      const env = { DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_CONFIG_DIR: tempDir("duvo-config-") };
      const uploadUrl = async () =>
        JSON.parse((await runDuvo(["files", "upload-url", "--file-name", "policy.md", "--content-type", "text/markdown", "--json"], { env })).stdout).signedUrl as string;
      const first = await uploadUrl();
      expect((await fetch(first, { method: "PUT", body: "# Policy", headers: { "content-type": "text/markdown" } })).status).toBe(200);
      const download = JSON.parse((await runDuvo(["files", "download-url", "policy.md", "--json"], { env })).stdout).url as string;
      const got = await fetch(download);
      expect({ status: got.status, type: got.headers.get("content-type"), body: await got.text() }).toEqual({ status: 200, type: "text/markdown", body: "# Policy" });
      expect((await fetch(first, { method: "PUT", body: "again" })).status).toBe(403); // one upload per URL
      expect((await fetch(await uploadUrl(), { method: "PUT", body: "x", headers: { authorization: `Bearer ${emulator.apiKey}` } })).status).toBe(400);
      expect((await fetch(await uploadUrl())).status).toBe(405);
      expect((await runDuvo(["files", "delete", "policy.md", "--yes"], { env })).code).toBe(0);
      expect((await fetch(download)).status).toBe(404);
      const storage = seen.filter((record) => record.path.startsWith("/storage/"));
      expect(storage.map((record) => `${record.method} ${record.status}`)).toEqual(["PUT 200", "GET 200", "PUT 403", "PUT 400", "GET 405", "GET 404"]);
      expect(storage.map((record) => storageProblem(record) ?? "ok")).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
    } finally {
      await emulator.stop();
    }
  });
});

/**
 * Three tests in a subprocess, with the real preload: one clean, one where the emulator's
 * answer drifts (an extra key on the profile), one where duvo's request drifts (an extra query
 * parameter the emulator ignores). Each drifting test passes its own assertions; only the
 * preload's checks can fail it.
 */
const DRIFT_SUITE = `
import { expect, test } from "bun:test";
import { PLUGINS } from ${JSON.stringify(join(ROOT, "src/emulator/plugins.ts"))};
import { useEmulator } from ${JSON.stringify(join(ROOT, "test/helpers.ts"))};

const { duvo } = useEmulator();

test("clean", async () => {
  expect((await duvo(["whoami", "--json"])).code).toBe(0);
});

test("the emulator's answer drifts", async () => {
  const getProfile = PLUGINS.getProfile!;
  PLUGINS.getProfile = async (c) => {
    const reply = await getProfile(c);
    return { ...reply, body: { ...(reply.body as object), drift: "an extra key" } };
  };
  try {
    expect((await duvo(["whoami", "--json"])).code).toBe(0);
  } finally {
    PLUGINS.getProfile = getProfile;
  }
});

test("duvo's request drifts", async () => {
  const drifting = (input: Request | string | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    url.searchParams.set("drift", "1");
    return fetch(input instanceof Request ? new Request(url, input) : url, init);
  };
  expect((await duvo(["whoami", "--json"], { fetch: drifting })).code).toBe(0);
});
`;

test("a suite against a drifting emulator, or with a drifting duvo, fails; the same suite without drift passes", async () => {
  const folder = tempDir("duvo-drift-");
  writeFileSync(join(folder, "drift.test.ts"), DRIFT_SUITE);
  writeFileSync(join(folder, "bunfig.toml"), `[test]\npreload = [${JSON.stringify(join(ROOT, "test/preload.ts"))}]\n`);
  const child = Bun.spawn([process.execPath, "test", "--timeout", "30000", "./drift.test.ts"], {
    cwd: folder,
    env: { ...process.env, DUVO_TEST_SKIP_BUILD: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  const output = stdout + stderr;
  expect(code).toBe(1);
  expect(output).toContain("(pass) clean");
  expect(output).toContain("(fail) the emulator's answer drifts");
  expect(output).toContain("(fail) duvo's request drifts");
  expect(output).toContain("GET /v2/profile → 200: getProfile 200: / must NOT have additional properties (drift)");
  expect(output).toContain("duvo sent GET /v2/profile: getProfile query: / must NOT have additional properties (drift)");
  expect(output).toMatch(/\b1 pass\b/);
  expect(output).toMatch(/\b2 fail\b/);
});
