/** `duvo api`: the escape hatch, against the emulator over HTTP (and a scripted server for retries). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_IDS, OTHER_TEAM_KEY } from "../src/emulator/index.ts";
import { allowInvalidRequests, runDuvo, tempDir, useEmulator, UUID_PATTERN } from "./helpers.ts";

const { emulator, env, duvo } = useEmulator();

const fetchJson = async (path: string) => (await fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${emulator.apiKey}` } })).json();
const lastRequest = () => emulator.requests.at(-1)!;
const UNKNOWN_RUN = "5e1f0c2a-7d3b-4c9e-8a30-0000000000ff";

describe("GET", () => {
  test("prints the body (compact off a TTY) and sends the path without doubling /v2", async () => {
    emulator.clearRequests();
    const result = await duvo(["api", "GET", "/v2/teams"]);
    expect(result).toEqual({ code: 0, stderr: "", stdout: `${JSON.stringify(await fetchJson("/v2/teams"))}\n` });
    expect(emulator.requests[0]).toMatchObject({ method: "GET", path: "/v2/teams", query: {} });
    expect(emulator.requests[0]!.headers.authorization).toBe(`Bearer ${emulator.apiKey}`);
    expect(emulator.requests[0]!.headers["idempotency-key"]).toBeUndefined();
  });

  test("indented on a TTY; the method is case-insensitive", async () => {
    const result = await duvo(["api", "get", "/v2/profile"], { tty: true });
    expect(result.stdout).toBe(`${JSON.stringify(await fetchJson("/v2/profile"), null, 2)}\n`);
  });

  test("{teamId} is filled in; -f and -F go to the query string, merged with the path's own", async () => {
    emulator.clearRequests();
    const result = await duvo(["api", "GET", "/v2/teams/{teamId}/runs?status=failed", "-F", "limit=2", "-f", "search=march", "-F", "offset=0"]);
    expect(result.code).toBe(0);
    expect(lastRequest()).toMatchObject({
      path: `/v2/teams/${emulator.teamId}/runs`,
      query: { status: "failed", search: "march", limit: "2", offset: "0" },
    });
    expect(JSON.parse(result.stdout)).toEqual({ data: [], total: 0 });
  });

  test("--team decides {teamId}", async () => {
    emulator.clearRequests();
    const otherTeam = "5e1f0c2a-7d3b-4c9e-8a10-000000000002";
    const result = await duvo(["api", "GET", "/v2/teams/{teamId}/agents", "--team", otherTeam]);
    expect(lastRequest().path).toBe(`/v2/teams/${otherTeam}/agents`);
    expect(result.code).toBe(2);
  });
});

describe("errors: the body on stdout, the exit code of the table", () => {
  test("404 is exit 3", async () => {
    const result = await duvo(["api", "GET", `/v2/runs/${UNKNOWN_RUN}`]);
    expect(result).toEqual({
      code: 3,
      stdout: `{"error":"Not Found","message":"Run ${UNKNOWN_RUN} not found"}\n`,
      stderr: `error: GET /v2/runs/${UNKNOWN_RUN} failed with 404: Not Found: Run ${UNKNOWN_RUN} not found\n`,
    });
  });

  test("403 (another team's key) and 401 (a bad key) are exit 2", async () => {
    const forbidden = await duvo(["api", "POST", `/v2/teams/${emulator.teamId}/runs`, "-f", `agent_id=${AGENT_IDS.complete}`], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } });
    expect(forbidden.code).toBe(2);
    expect(JSON.parse(forbidden.stdout)).toEqual({ error: "Forbidden", message: "This API key does not have access to that team" });
    const unauthorized = await duvo(["api", "GET", "/v2/teams"], { env: { DUVO_API_KEY: "dv_nope" } });
    expect(unauthorized).toEqual({
      code: 2,
      stdout: '{"error":"Unauthorized","message":"Invalid API key"}\n',
      stderr: "error: GET /v2/teams failed with 401: Unauthorized: Invalid API key\nCheck DUVO_API_KEY or run `duvo login`.\n",
    });
  });

  test("400 is exit 1", async () => {
    allowInvalidRequests(); // duvo api sends what it is told
    const result = await duvo(["api", "GET", "/v2/teams/{teamId}/agents", "-F", "limit=500"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: "Bad Request", message: "limit must be an integer between 1 and 100" });
  });

  test("no key is exit 2 before any request", async () => {
    emulator.clearRequests();
    const result = await duvo(["api", "GET", "/v2/teams"], { env: { DUVO_API_KEY: undefined } });
    expect(result.code).toBe(2);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("bodies", () => {
  test("POST: -f strings and -F typed values (numbers, booleans, null, @file JSON) form a JSON object", async () => {
    allowInvalidRequests(); // duvo api sends what it is told
    const file = join(tempDir(), "extra.json");
    writeFileSync(file, '{"nested": [1, "two"]}');
    emulator.clearRequests();
    const result = await duvo([
      "api",
      "POST",
      "/v2/teams/{teamId}/runs",
      "--no-validate",
      "-f",
      `agent_id=${AGENT_IDS.complete}`,
      "-f",
      "message=42",
      "-f",
      "empty=",
      "-F",
      "count=42",
      "-F",
      "ratio=-1.5",
      "-F",
      "yes=true",
      "-F",
      "no=false",
      "-F",
      "nothing=null",
      "-F",
      "text=hello",
      "-F",
      `extra=@${file}`,
    ]);
    expect(lastRequest().body).toEqual({
      agent_id: AGENT_IDS.complete,
      message: "42",
      empty: "",
      count: 42,
      ratio: -1.5,
      yes: true,
      no: false,
      nothing: null,
      text: "hello",
      extra: { nested: [1, "two"] },
    });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().headers["idempotency-key"]).toMatch(UUID_PATTERN);
    expect(result.code).toBe(1); // sent unchecked (--no-validate), the API rejects the unknown fields: 400
    expect(JSON.parse(result.stdout).error).toBe("Bad Request");
  });

  test("a POST that the API accepts: 201, exit 0, the body printed", async () => {
    const result = await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "-f", `agent_id=${AGENT_IDS.complete}`, "-f", "message=via api"]);
    expect(result.code).toBe(0);
    const { run } = JSON.parse(result.stdout);
    expect(run.agent_id).toBe(AGENT_IDS.complete);
    expect(emulator.getRun(run.id)).toBeDefined();
  });

  test("--input sends a file or stdin as the body, exactly", async () => {
    const file = join(tempDir(), "body.json");
    const text = `{ "agent_id": "${AGENT_IDS.complete}",\n  "message": "from a file" }\n`;
    writeFileSync(file, text);
    emulator.clearRequests();
    expect((await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "--input", file])).code).toBe(0);
    expect(lastRequest()).toMatchObject({ query: {}, body: { agent_id: AGENT_IDS.complete, message: "from a file" } });
    const stdin = await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "--input", "-"], { stdin: `{"agent_id": "${AGENT_IDS.fail}"}` });
    expect(stdin.code).toBe(0);
    expect(lastRequest().body).toEqual({ agent_id: AGENT_IDS.fail });
  });

  test("PUT, PATCH and DELETE are sent as such, unchecked with --no-validate (the API has no such routes: 404, exit 3)", async () => {
    for (const method of ["PUT", "patch", "DELETE"]) {
      emulator.clearRequests();
      const result = await duvo(["api", method, `/v2/runs/${UNKNOWN_RUN}`, "-F", "x=1", "--no-validate"]);
      expect(result.code).toBe(3);
      expect(emulator.requests.map((request) => [request.method, request.body])).toEqual([[method.toUpperCase(), { x: 1 }]]);
    }
  });
});

describe("the OpenAPI document: checked before anything is sent", () => {
  test("an unknown path is exit 4 naming the closest operations; nothing is sent", async () => {
    emulator.clearRequests();
    expect(await duvo(["api", "GET", "/v2/run/abc"])).toEqual({
      code: 4,
      stdout: "",
      stderr:
        "error: GET /v2/run/abc is not an operation of the Duvo API; closest: GET /v2/runs/{run_id}, POST /v2/runs/{run_id}/stop, GET /v2/runs/{run_id}/messages (--no-validate sends it anyway)\n",
    });
    expect(emulator.requests).toHaveLength(0);
  });

  test("a method the path lacks is exit 4 listing the methods it has", async () => {
    expect(await duvo(["api", "DELETE", "/v2/teams/{teamId}/runs"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: /v2/teams/{teamId}/runs takes no DELETE; it takes: GET /v2/teams/{teamId}/runs, POST /v2/teams/{teamId}/runs (--no-validate sends it anyway)\n",
    });
  });

  test("a body that breaks the operation's schema is exit 4 naming the field; nothing is sent", async () => {
    emulator.clearRequests();
    const unknown = await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "-f", `agent_id=${AGENT_IDS.complete}`, "-f", "colour=blue"]);
    expect(unknown).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: invalid request body.colour: unknown field (not in the API's schema) (startRun; --no-validate sends it anyway)\n",
    });
    const missing = await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "-f", "message=hi"]);
    expect(missing.stderr).toBe("error: invalid request body.agent_id: required (startRun; --no-validate sends it anyway)\n");
    const typed = await duvo(["api", "POST", `/v2/runs/${UNKNOWN_RUN}/messages`, "-F", "message=5"]);
    expect(typed.stderr).toBe("error: invalid request body.message: Invalid type: Expected string but received 5 (postRunMessage; --no-validate sends it anyway)\n");
    const noBody = await duvo(["api", "POST", `/v2/runs/${UNKNOWN_RUN}/stop`, "-f", "now=yes"]);
    expect(noBody.stderr).toBe("error: POST /v2/runs/{run_id}/stop (stopRun) takes no body (--no-validate sends it anyway)\n");
    expect([unknown, missing, typed, noBody].map((r) => r.code)).toEqual([4, 4, 4, 4]);
    expect(emulator.requests).toHaveLength(0);
  });

  test("a body that is no object at all is said so, not taken for an unknown field (exit 4, nothing sent)", async () => {
    emulator.clearRequests();
    expect(await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "--input", "-"], { stdin: '"hi"' })).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: invalid request body: Invalid type: Expected Object but received "hi" (startRun; --no-validate sends it anyway)\n',
    });
    expect(emulator.requests).toHaveLength(0);
  });

  test("--no-validate sends a path the document does not know", async () => {
    emulator.clearRequests();
    const result = await duvo(["api", "GET", "/v2/brand-new-endpoint", "--no-validate"]);
    expect(result.code).toBe(3);
    expect(lastRequest().path).toBe("/v2/brand-new-endpoint");
  });

  test("--list prints the operations, or those matching a word; --json as an array", async () => {
    const all = await duvo(["api", "--list"]);
    expect(all.code).toBe(0);
    expect(all.stdout.trimEnd().split("\n")).toHaveLength(214); // the header and 213 operations
    const runs = await duvo(["api", "--list", "evaluation"]);
    expect(runs.stdout).toBe(
      [
        "METHOD  PATH                                         OPERATION         SUMMARY",
        "GET     /v2/agent/{agentId}/runs/{runId}/evaluation  getRunEvaluation  Get Run Evaluation",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await duvo(["api", "--list", "getQueue", "--json"])).stdout);
    expect(json).toEqual([{ method: "GET", path: "/v2/queues/{queue_id}", operation_id: "getQueue", tag: "Queues", summary: "Get Queue" }]);
    expect(await duvo(["api", "--list", "nothing-like-this"])).toEqual({ code: 4, stdout: "", stderr: 'error: no operation matches "nothing-like-this"\n' });
    expect((await duvo(["api"])).code).toBe(4);
  });
});

describe("--paginate", () => {
  test("follows offset/limit and prints one JSON document per page", async () => {
    emulator.clearRequests();
    const result = await duvo(["api", "GET", "/v2/teams/{teamId}/agents", "-F", "limit=4", "--paginate"]);
    expect(result.code).toBe(0);
    const pages = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(pages.map((page) => [page.offset, page.agents.length, page.total])).toEqual([
      [0, 4, 6],
      [4, 2, 6],
    ]);
    expect(emulator.requests.filter((request) => request.path.endsWith("/agents")).map((request) => request.query)).toEqual([{ limit: "4" }, { limit: "4", offset: "4" }]);
  });

  test("works on {data, total} collections too, and stops at an empty first page", async () => {
    for (let index = 0; index < 3; index++) await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "-f", `agent_id=${AGENT_IDS.complete}`]);
    const before = ((await fetchJson(`/v2/teams/${emulator.teamId}/runs?limit=1`)) as { total: number }).total;
    expect(before).toBeGreaterThanOrEqual(3);
    const result = await duvo(["api", "GET", "/v2/teams/{teamId}/runs", "-F", "limit=2", "--paginate"]);
    const pages = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(pages).toHaveLength(Math.ceil(before / 2));
    expect(pages.flatMap((page) => page.data).length).toBe(before);
    const empty = await duvo(["api", "GET", "/v2/teams/{teamId}/runs", "-f", "status=needs_attention", "--paginate"]);
    expect(empty.stdout).toBe('{"data":[],"total":0}\n');
  });
});

test("--json is accepted and changes nothing: the body is JSON anyway", async () => {
  const plain = await duvo(["api", "GET", "/v2/teams"]);
  expect(await duvo(["api", "GET", "/v2/teams", "--json"])).toEqual(plain);
  expect(plain.code).toBe(0);
});

describe("usage errors: exit 4, before any request", () => {
  test.each([
    [["api", "TRACE", "/v2/teams"], 'invalid method "TRACE": expected GET, HEAD, POST, PUT, PATCH, DELETE'],
    [["api", "GET", "/teams"], 'the path must start with /v2/ (got "/teams"); did you mean "/v2/teams"?'],
    [["api", "GET", "v2/teams"], 'the path must start with /v2/ (got "v2/teams"); did you mean "/v2/teams"?'],
    [["api", "GET", "https://api.duvo.ai/v2/teams"], "give the path only, not a URL: e.g. duvo api GET /v2/teams (the host comes from DUVO_API_BASE_URL or the profile)"],
    [["api", "GET"], 'missing argument <path> for "duvo api"'],
    [["api", "GET", "/v2/teams", "-f", "novalue"], 'invalid -f "novalue": expected key=value'],
    [["api", "GET", "/v2/teams", "-F", "=1"], 'invalid -F "=1": expected key=value'],
    [["api", "GET", "/v2/teams", "-F", "a=1", "-F", "a=2"], 'field "a" was given more than once'],
    [["api", "GET", "/v2/teams", "-f", "a[b]=1", "-f", "a[b]=2"], 'field "a[b]" was given more than once'],
    [["api", "HEAD", "/v2/teams", "--input", "-"], "a HEAD has no body: give query parameters with -f/-F instead of --input"],
    [["api", "POST", "/v2/teams/{teamId}/runs", "--input", "-", "-f", "trace=1"], "--input cannot be combined with -f/-F: put every field in the JSON body"],
    [
      ["api", "GET", "/v1/agents", "-F", "limit=20"],
      'the path must start with /v2/ (got "/v1/agents"); the API is v2, closest: GET /v2/teams/{teamId}/agents, POST /v2/teams/{teamId}/agents, GET /v2/agents/{agent_id}',
    ],
    [["api", "POST", "/v2/runs/x/stop", "--paginate"], "--paginate works with GET only"],
    [["api", "GET", "/v2/teams", "--input", "-"], "a GET has no body: give query parameters with -f/-F instead of --input"],
    [["api", "POST", "/v2/teams", "--input", "/nonexistent/body.json"], "cannot read /nonexistent/body.json for --input: ENOENT"],
    [["api", "POST", "/v2/teams", "-F", "x=@/nonexistent.json"], "cannot read /nonexistent.json for -F x: ENOENT"],
    [["api", "GET", "/v2/teams", "--jsn"], 'unknown flag --jsn for "duvo api"; did you mean --json?'],
    [["api", "GET", "/v2/teams", "--paginate", "--paginate"], 'flag --paginate was given more than once for "duvo api"'],
  ])("%p", async (argv, message) => {
    emulator.clearRequests();
    expect(await duvo(argv)).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
  });

  test("bad JSON in --input or -F @file, and stdin asked for twice", async () => {
    const file = join(tempDir(), "bad.json");
    writeFileSync(file, "{not json");
    emulator.clearRequests();
    expect((await duvo(["api", "POST", "/v2/teams", "--input", file])).stderr).toBe(`error: --input ${file} is not valid JSON\n`);
    expect((await duvo(["api", "POST", "/v2/teams", "-F", `x=@${file}`])).stderr).toBe(`error: -F x=@${file}: the file does not hold valid JSON\n`);
    expect((await duvo(["api", "POST", "/v2/teams", "--input", "-"], { stdin: "" })).stderr).toBe("error: --input - (stdin) is empty\n");
    const twice = await duvo(["api", "POST", "/v2/teams", "-F", "x=@-", "-F", "y=@-"], { stdin: "{}" });
    expect(twice).toEqual({ code: 4, stdout: "", stderr: "error: stdin can be read only once (-F x=@- and -F y=@- both ask for it)\n" });
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("field syntax: gh api's, with the official CLI's rules (what the emulator received)", () => {
  beforeEach(() => allowInvalidRequests()); // duvo api sends what it is told
  /** Sends the fields in a POST (unchecked: the emulator records the body and refuses it) and returns the body it received. */
  async function bodyOf(fields: string[], options: { stdin?: string } = {}) {
    emulator.clearRequests();
    const result = await duvo(["api", "POST", "/v2/teams/{teamId}/runs", "--no-validate", ...fields], options);
    expect(result.stderr).not.toContain("error: invalid");
    expect(emulator.requests.filter((request) => request.method === "POST")).toHaveLength(1);
    return lastRequest().body;
  }

  test("-f is always a string; -F types 42, -7, 3.14, true, false, null and nothing else", async () => {
    const body = await bodyOf([
      ...["-f", "s=42", "-f", "t=true", "-f", "n=null", "-f", "e="],
      ...["-F", "int=42", "-F", "neg=-7", "-F", "dec=3.14", "-F", "yes=true", "-F", "no=false", "-F", "nil=null"],
      ...["-F", "word=hello", "-F", "exp=1e3", "-F", "zero=007", "-F", "huge=12345678901234567890", "-F", "plus=+5", "-F", "True=True", "-F", "empty="],
    ]);
    expect(body).toEqual({
      s: "42",
      t: "true",
      n: "null",
      e: "",
      int: 42,
      neg: -7,
      dec: 3.14,
      yes: true,
      no: false,
      nil: null,
      word: "hello",
      exp: "1e3",
      zero: "007",
      huge: "12345678901234567890",
      plus: "+5",
      True: "True",
      empty: "",
    });
  });

  test("key[sub]=v builds nested objects (the official documentation's Ops bot line), to any depth", async () => {
    // duvo api POST /v1/agents -f name="Ops bot" -F build[name]="v1" -F build[enabled]=true, on a /v2 path
    expect(await bodyOf(["-f", "name=Ops bot", "-F", "build[name]=v1", "-F", "build[enabled]=true"])).toEqual({ name: "Ops bot", build: { name: "v1", enabled: true } });
    expect(await bodyOf(["-F", "a[b][c]=1", "-f", "a[b][d]=1", "-F", "a[e]=null"])).toEqual({ a: { b: { d: "1", c: 1 }, e: null } });
  });

  test("key[]=v builds arrays typed element by element; -f elements come first (gh's order); key[] alone is []", async () => {
    expect(await bodyOf(["-F", "ids[]=1", "-F", "ids[]=2"])).toEqual({ ids: [1, 2] });
    expect(await bodyOf(["-F", "mixed[]=1", "-f", "mixed[]=1", "-F", "mixed[]=true", "-F", "mixed[]=x"])).toEqual({ mixed: ["1", 1, true, "x"] });
    expect(await bodyOf(["-F", "none[]", "-F", "deep[list][]=3"])).toEqual({ none: [], deep: { list: [3] } });
  });

  test("key[][sub]=v builds an array of objects: a new element when sub is set again", async () => {
    const body = await bodyOf(["-f", "items[][name]=a", "-F", "items[][qty]=1", "-f", "items[][name]=b", "-F", "items[][tags][]=x", "-F", "items[][tags][]=y"]);
    // -f first: a, b (a new element, as name is set); then qty and tags go to the last element
    expect(body).toEqual({ items: [{ name: "a" }, { name: "b", qty: 1, tags: ["x", "y"] }] });
  });

  test("-F key=@file inlines the file's parsed JSON (also as an array element and nested); @- reads stdin", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "build.json"), '{"name":"v2","enabled":true}\n');
    writeFileSync(join(dir, "list.json"), "[1, 2]");
    const body = await bodyOf(["-f", "name=Ops bot", "-F", `build=@${join(dir, "build.json")}`, "-F", `all[]=@${join(dir, "list.json")}`, "-F", `x[y]=@-`], {
      stdin: '"from stdin"',
    });
    expect(body).toEqual({ name: "Ops bot", build: { name: "v2", enabled: true }, all: [[1, 2]], x: { y: "from stdin" } });
    // -f never reads a file: @ is just a character
    expect(await bodyOf(["-f", `raw=@${join(dir, "build.json")}`])).toEqual({ raw: `@${join(dir, "build.json")}` });
  });

  test("the same key with -f and -F: the -F value wins, whatever the order on the command line", async () => {
    expect(await bodyOf(["-F", "limit=20", "-f", "limit=10"])).toEqual({ limit: 20 });
    expect(await bodyOf(["-f", "b[c]=x", "-F", "b[c]=true"])).toEqual({ b: { c: true } });
  });

  test.each([
    [["-F", "tags=x", "-F", "tags[]=y"], 'Conflicting field "tags": tags and tags[] cannot be mixed: pick one'],
    [["-F", "tags[]=y", "-f", "tags=x"], 'Conflicting field "tags": tags and tags[] cannot be mixed: pick one'],
    [["-f", "build=v1", "-F", "build[name]=v1"], 'Conflicting field "build": build and build[…] cannot be mixed: pick one (in build[name])'],
    [["-F", "build[name]=v1", "-F", "build=@-"], 'Conflicting field "build": build and build[…] cannot be mixed: pick one'],
    [["-F", "a[]=1", "-F", "a[b]=1"], 'Conflicting field "a": a[] and a[…] cannot be mixed: pick one'],
    [["-F", "a[b]=1", "-F", "a[][c]=1"], 'Conflicting field "a": a and a[] cannot be mixed: pick one (in a[][c])'],
    [["-f", "noequals"], 'invalid -f "noequals": expected key=value'],
    [["-F", "[x]=1"], 'invalid -F "[x]=1": expected key=value'],
  ])("%p is exit 4, one line, nothing sent", async (fields, message) => {
    emulator.clearRequests();
    expect(await duvo(["api", "POST", "/v2/teams/{teamId}/runs", ...fields], { stdin: "{}" })).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
  });

  test("GET: every field goes to the query string; an object or array as its JSON text, null as an empty value", async () => {
    const file = join(tempDir(), "filter.json");
    writeFileSync(file, '{"status": "failed"}');
    emulator.clearRequests();
    const result = await duvo([
      "api",
      "GET",
      "/v2/teams/{teamId}/runs",
      "-F",
      "limit=20",
      "-F",
      "offset=0",
      "-f",
      "search=a b",
      "-F",
      `filter=@${file}`,
      "-F",
      "ids[]=1",
      "-F",
      "ids[]=x",
      "-F",
      "nothing=null",
      "-F",
      "o[k]=true",
    ]);
    expect(result.code).toBe(0); // the emulator ignores query parameters the operation does not have
    expect(lastRequest()).toMatchObject({
      method: "GET",
      body: undefined,
      query: { limit: "20", offset: "0", search: "a b", filter: '{"status":"failed"}', ids: '[1,"x"]', nothing: "", o: '{"k":true}' },
    });
  });

  test("HEAD: fields in the query string, no body, nothing printed; the exit code says whether it is there", async () => {
    emulator.clearRequests();
    expect(await duvo(["api", "HEAD", "/v2/teams/{teamId}/runs", "-F", "limit=1"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(lastRequest()).toMatchObject({ method: "HEAD", path: `/v2/teams/${emulator.teamId}/runs`, query: { limit: "1" }, body: undefined, status: 200 });
    expect(lastRequest().headers["idempotency-key"]).toBeUndefined();
    const missing = await duvo(["api", "head", `/v2/runs/${UNKNOWN_RUN}`]);
    expect(missing).toEqual({ code: 3, stdout: "", stderr: `error: HEAD /v2/runs/${UNKNOWN_RUN} failed with 404: empty body\n` });
  });

  test("POST, PUT, PATCH and DELETE put the fields in a JSON body, not the query string", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      emulator.clearRequests();
      await duvo(["api", method, `/v2/runs/${UNKNOWN_RUN}`, "-F", "reason=null", "-F", "n[]=1", "--no-validate"]);
      expect(emulator.requests.map((request) => [request.method, request.query, request.body])).toEqual([[method, {}, { reason: null, n: [1] }]]);
    }
  });
});

describe("retries follow the client's rules", () => {
  let server: ReturnType<typeof Bun.serve> | undefined;
  afterEach(() => server?.stop(true));

  /** Answers the n-th request with `respond(n)` and counts them. */
  function scripted(respond: (count: number) => Response) {
    let count = 0;
    server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => respond(++count) });
    return { url: `http://127.0.0.1:${server.port}`, count: () => count };
  }
  const stubEnv = (url: string, extra: Record<string, string> = {}) => ({ ...env, DUVO_API_BASE_URL: url, DUVO_TEAM_ID: emulator.teamId, ...extra });
  const unavailable = () => new Response('{"error":"Service Unavailable"}', { status: 503, headers: { "retry-after": "0" } });

  test("a GET retries 5xx, then prints the good answer", async () => {
    const stub = scripted((count) => (count < 3 ? unavailable() : Response.json({ ok: true })));
    const result = await runDuvo(["api", "GET", "/v2/teams"], { env: stubEnv(stub.url) });
    expect(result).toEqual({ code: 0, stdout: '{"ok":true}\n', stderr: "" });
    expect(stub.count()).toBe(3);
  });

  test("out of retry budget, the last error body is printed: exit 1", async () => {
    const stub = scripted(unavailable);
    const result = await runDuvo(["api", "GET", "/v2/teams"], { env: stubEnv(stub.url, { DUVO_RETRY_BUDGET: "0" }) });
    expect(result).toEqual({
      code: 1,
      stdout: '{"error":"Service Unavailable"}\n',
      stderr: "error: GET /v2/teams failed with 503: Service Unavailable\n",
    });
  });

  test("a POST is not retried on a 5xx (it may have acted)", async () => {
    const stub = scripted(unavailable);
    const result = await runDuvo(["api", "POST", "/v2/runs/x/stop"], { env: stubEnv(stub.url) });
    expect(result.code).toBe(1);
    expect(stub.count()).toBe(1);
  });

  test("a body that is not JSON is printed as it came", async () => {
    const stub = scripted(() => new Response("<html>bad gateway</html>", { status: 502 }));
    const result = await runDuvo(["api", "POST", "/v2/runs/x/stop"], { env: stubEnv(stub.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("<html>bad gateway</html>\n");
  });
});
