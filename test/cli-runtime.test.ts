/**
 * What every command runs on (src/cli/runtime.ts): the settings it reads from the environment
 * (DUVO_DEBUG, DUVO_NO_INPUT, DUVO_HTTP_TIMEOUT, DUVO_RETRY_BUDGET, DUVO_POLL_SCALE), the
 * logger's lines on stderr, who may prompt, the team a session acts in, the connection opened
 * ahead; and the hidden key input (src/cli/hidden-input.ts). Written against the survivors of
 * the mutation module cli-runtime (scripts/mutate.ts): each test pins what a user sees.
 */
import { afterEach, describe, expect, setSystemTime, spyOn, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { systemClock } from "../src/clock.ts";
import { createRuntime, type Globals } from "../src/cli/runtime.ts";
import { TEST_COMMAND_HEADER } from "../src/api/headers.ts";
import { readHiddenLine } from "../src/cli/hidden-input.ts";
import { operationCommand } from "../src/cli/operation-command.ts";
import { aliasesOf, groupCommand, leafCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { InterruptedError, UsageError } from "../src/errors.ts";
import { memoryOutput, type IO } from "../src/output/io.ts";
import { version } from "../src/version.ts";
import { documentExample, runDuvo, tempDir, useEmulator } from "./helpers.ts";
import { fakeClock, stubTransport, type StubRequest } from "./fake-clock.ts";

const TEAM_ID = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";
const OTHER_TEAM_ID = "5e1f0c2a-7d3b-4c9e-8a10-000000000002";
const RUN_ID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
const KEY = "dv_test_key_runtime_3c9d";
const GLOBALS: Globals = { debug: false, noInput: false };

/** An IO in memory: what stdout and stderr got, terminals or not. */
function memoryIO(options: { env?: Record<string, string | undefined>; stdinTTY?: boolean; stdoutTTY?: boolean; stderrTTY?: boolean } = {}) {
  const stdout = memoryOutput(options.stdoutTTY ?? false);
  const stderr = memoryOutput(options.stderrTTY ?? false);
  const io: IO = { stdout, stderr, stdinIsTTY: options.stdinTTY ?? false, readStdin: async () => "", env: options.env ?? {}, signal: new AbortController().signal };
  return { io, stdout, stderr };
}

/** `duvo` against an API answered in-process, in the virtual time of a fake clock. */
async function virtual(argv: string[], env: Record<string, string>, respond: (request: StubRequest, count: number) => Response | Promise<Response>) {
  const time = fakeClock();
  const stub = stubTransport(time, respond);
  const result = await runDuvo(argv, {
    env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: KEY, DUVO_CONFIG_DIR: tempDir(), NO_COLOR: "1", ...env },
    clock: time.clock,
    fetch: stub.fetch,
  });
  return { result, received: stub.received, elapsed: time.elapsed() };
}

const failing = () => new Response("down", { status: 500 });

describe("the runtime's settings from the environment", () => {
  afterEach(() => setSystemTime());

  test("DUVO_DEBUG turns on the request log on stderr like --debug; 0, false, FALSE and empty leave it off", async () => {
    for (const value of ["1", "yes", "true"]) {
      const { result } = await virtual(["runs", "get", RUN_ID], { DUVO_DEBUG: value, DUVO_RETRY_BUDGET: "0", DUVO_TEAM_ID: TEAM_ID }, failing);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      const lines = result.stderr.split("\n");
      expect(lines[0]).toBe(`→ GET /runs/${RUN_ID}`);
      expect(lines[1]).toMatch(new RegExp(`^← 500 GET /runs/${RUN_ID} \\d+ ms$`));
      expect(lines.slice(2)).toEqual([`error: GET /runs/${RUN_ID} failed with 500: down`, ""]);
    }
    for (const value of ["0", "false", "FALSE", ""]) {
      const { result } = await virtual(["runs", "get", RUN_ID], { DUVO_DEBUG: value, DUVO_RETRY_BUDGET: "0", DUVO_TEAM_ID: TEAM_ID }, failing);
      expect({ value, ...result }).toEqual({ value, code: 1, stdout: "", stderr: `error: GET /runs/${RUN_ID} failed with 500: down\n` });
    }
  });

  test("prompts only when stdin and stdout are terminals, without --no-input and without a true DUVO_NO_INPUT", () => {
    const canPrompt = (options: Parameters<typeof memoryIO>[0], globals: Partial<Globals> = {}) => createRuntime(memoryIO(options).io, { ...GLOBALS, ...globals }).canPrompt;
    expect(canPrompt({ stdinTTY: true, stdoutTTY: true })).toBe(true);
    expect(canPrompt({ stdinTTY: true, stdoutTTY: false, stderrTTY: true })).toBe(false);
    expect(canPrompt({ stdinTTY: false, stdoutTTY: true, stderrTTY: true })).toBe(false);
    expect(canPrompt({ stdinTTY: true, stdoutTTY: true }, { noInput: true })).toBe(false);
    for (const value of ["1", "true", "yes"]) expect(canPrompt({ stdinTTY: true, stdoutTTY: true, env: { DUVO_NO_INPUT: value } })).toBe(false);
    for (const value of ["0", "false", "False", ""]) expect(canPrompt({ stdinTTY: true, stdoutTTY: true, env: { DUVO_NO_INPUT: value } })).toBe(true);
  });

  test("without a prompter of its own, the runtime has one that asks on the terminal", () => {
    const prompter = createRuntime(memoryIO().io, GLOBALS).prompter;
    expect(Object.keys(prompter).sort()).toEqual(["confirm", "multiselect", "password", "select", "text"]);
    for (const ask of Object.values(prompter)) expect(typeof ask).toBe("function");
  });

  test("DUVO_POLL_SCALE runs the clock 1/scale times faster; a scale that is not a positive number is the system clock", () => {
    expect(createRuntime(memoryIO().io, GLOBALS).clock).toBe(systemClock);
    for (const value of ["", "0", "-0.5", "x", "Infinity"]) expect(createRuntime(memoryIO({ env: { DUVO_POLL_SCALE: value } }).io, GLOBALS).clock).toBe(systemClock);
    const start = Date.parse("2026-11-28T10:00:00Z");
    setSystemTime(new Date(start));
    const fast = createRuntime(memoryIO({ env: { DUVO_POLL_SCALE: "0.02" } }).io, GLOBALS).clock;
    setSystemTime(new Date(start + 10));
    expect(fast.now()).toBe(start + 500);
    const given = fakeClock().clock;
    expect(createRuntime(memoryIO({ env: { DUVO_POLL_SCALE: "0.02" } }).io, GLOBALS, { clock: given }).clock).toBe(given);
  });

  test("each request says duvo/<version>; DUVO_HTTP_TIMEOUT is in seconds (30 when unset or not a positive number)", async () => {
    const timeout = () => {
      throw new DOMException("The operation timed out.", "TimeoutError");
    };
    for (const [value, shown] of [
      [undefined, "30"],
      ["2.5", "2.5"],
      ["0", "30"],
      ["-1", "30"],
      ["soon", "30"],
      ["", "30"],
    ] as const) {
      const { result, received } = await virtual(
        ["runs", "get", RUN_ID],
        { DUVO_RETRY_BUDGET: "0", DUVO_TEAM_ID: TEAM_ID, ...(value === undefined ? {} : { DUVO_HTTP_TIMEOUT: value }) },
        timeout,
      );
      expect({ value, ...result }).toEqual({ value, code: 1, stdout: "", stderr: `error: cannot reach http://127.0.0.1:9: no answer within ${shown} s\n` });
      expect(received.map((request) => request.headers.get("user-agent"))).toEqual([`duvo/${version}`]);
    }
  });

  test("DUVO_RETRY_BUDGET: seconds of retries (60 when unset or not a number ≥ 0; 0 is one attempt; a pause is at most 8 s, so 60 s of them end after 52 s)", async () => {
    const unset = await virtual(["runs", "get", RUN_ID], { DUVO_TEAM_ID: TEAM_ID }, failing);
    expect(unset.result).toEqual({ code: 1, stdout: "", stderr: `error: GET /runs/${RUN_ID} failed with 500: down\n` });
    expect(unset.received.length).toBeGreaterThan(5);
    expect(unset.elapsed).toBeGreaterThan(50_000);
    expect(unset.elapsed).toBeLessThanOrEqual(60_000);
    for (const value of ["-1", "x", ""]) {
      const run = await virtual(["runs", "get", RUN_ID], { DUVO_TEAM_ID: TEAM_ID, DUVO_RETRY_BUDGET: value }, failing);
      expect(run.elapsed).toBeGreaterThan(50_000);
      expect(run.elapsed).toBeLessThanOrEqual(60_000);
    }
    const ten = await virtual(["runs", "get", RUN_ID], { DUVO_TEAM_ID: TEAM_ID, DUVO_RETRY_BUDGET: "10" }, failing);
    expect(ten.received.length).toBeGreaterThan(1);
    expect(ten.elapsed).toBeLessThanOrEqual(10_000);
    const none = await virtual(["runs", "get", RUN_ID], { DUVO_TEAM_ID: TEAM_ID, DUVO_RETRY_BUDGET: "0" }, failing);
    expect(none.received).toHaveLength(1);
    expect(none.elapsed).toBe(0);
  });
});

describe("the logger's lines on stderr", () => {
  const logged = (options: { colour?: boolean; debug?: boolean; env?: Record<string, string> } = {}) => {
    const { io, stdout, stderr } = memoryIO({ stderrTTY: options.colour ?? false, env: { ...(options.colour ? {} : { NO_COLOR: "1" }), ...options.env } });
    const runtime = createRuntime(io, { ...GLOBALS, debug: options.debug ?? false });
    runtime.log.success("saved");
    runtime.log.warn("careful");
    runtime.log.error("broken");
    runtime.log.fatal("gone");
    runtime.log.info("note", 3, { a: 1 });
    runtime.log.log("plain");
    runtime.log.debug("detail");
    runtime.log.trace("finer");
    expect(stdout.text()).toBe("");
    return stderr.text();
  };

  test("each kind has its mark; debug lines only with --debug or DUVO_DEBUG; never trace", () => {
    const lines = ["✓ saved", "! careful", "error: broken", "error: gone", "note 3 [object Object]", "plain"];
    expect(logged()).toBe([...lines, ""].join("\n"));
    expect(logged({ debug: true })).toBe([...lines, "detail", ""].join("\n"));
    expect(logged({ env: { DUVO_DEBUG: "1" } })).toBe([...lines, "detail", ""].join("\n"));
  });

  test("on a terminal the marks are coloured and debug lines dim", () => {
    expect(logged({ colour: true, debug: true })).toBe(
      [
        "\x1b[32m✓\x1b[39m saved",
        "\x1b[33m!\x1b[39m careful",
        "\x1b[31merror:\x1b[39m broken",
        "\x1b[31merror:\x1b[39m gone",
        "note 3 [object Object]",
        "plain",
        "\x1b[2mdetail\x1b[22m",
        "",
      ].join("\n"),
    );
  });
});

describe("the team a session acts in", () => {
  const teams = (...entries: { id: string; name: string }[]) => {
    const example = documentExample("listMyTeams").teams[0];
    return { teams: entries.map((entry) => ({ ...example, ...entry })) };
  };
  const listed = (body: unknown) => (request: StubRequest) =>
    request.path === "/v2/teams" ? Response.json(body) : Response.json({ error: "not_found", message: "no" }, { status: 404 });

  test("a key that sees one team acts in it; no team is exit 1; several are a usage error naming each (names made safe)", async () => {
    const agents = documentExample("listAgents");
    const one = await virtual(["agents", "list", "--json"], {}, (request) =>
      request.path === "/v2/teams" ? Response.json(teams({ id: TEAM_ID, name: "Only" })) : Response.json(agents),
    );
    expect(one.result.code).toBe(0);
    expect(one.received.map((request) => request.path)).toEqual(["/v2/teams", `/v2/teams/${TEAM_ID}/agents`]);

    const none = await virtual(["agents", "list"], {}, listed(teams()));
    expect(none.result).toEqual({ code: 1, stdout: "", stderr: "error: this API key sees no team\n" });

    const two = await virtual(["agents", "list"], {}, listed(teams({ id: TEAM_ID, name: "Ops\x1b[31m red\nteam" }, { id: OTHER_TEAM_ID, name: "Sales" })));
    expect(two.result).toEqual({
      code: 4,
      stdout: "",
      stderr: `error: this API key sees 2 teams: ${TEAM_ID} (Ops red team), ${OTHER_TEAM_ID} (Sales); choose one with --team <id>, DUVO_TEAM_ID, or \`duvo team use <id>\` for the profile\n`,
    });
    expect(two.received).toHaveLength(1);
  });

  test("an empty DUVO_TEAM_ID is unset; a bad one is exit 4 before any request", async () => {
    const empty = await virtual(["agents", "list"], { DUVO_TEAM_ID: "" }, listed(teams()));
    expect(empty.result.stderr).toBe("error: this API key sees no team\n");
    expect(empty.received.map((request) => request.path)).toEqual(["/v2/teams"]);
    const bad = await virtual(["agents", "list"], { DUVO_TEAM_ID: "team-1" }, listed(teams()));
    expect(bad.result).toEqual({ code: 4, stdout: "", stderr: 'error: invalid DUVO_TEAM_ID "team-1": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n' });
    expect(bad.received).toHaveLength(0);
  });

  test("a team id given in capitals (--team or DUVO_TEAM_ID) goes into the path lower-cased, as positional ids do", async () => {
    const agents = documentExample("listAgents");
    for (const [argv, env] of [
      [["agents", "list", "--json", "--team", TEAM_ID.toUpperCase()], {}],
      [["agents", "list", "--json"], { DUVO_TEAM_ID: TEAM_ID.toUpperCase() }],
    ] as const) {
      const run = await virtual([...argv], env, () => Response.json(agents));
      expect(run.result.code).toBe(0);
      expect(run.received.map((request) => request.path)).toEqual([`/v2/teams/${TEAM_ID}/agents`]);
    }
  });

  test("an empty DUVO_TEAM_ID leaves the profile's team in force", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "config.json"), JSON.stringify({ profiles: { default: { apiKey: KEY, apiBaseUrl: "http://127.0.0.1:9", teamId: OTHER_TEAM_ID } } }));
    const agents = documentExample("listAgents");
    const run = await virtual(["agents", "list", "--json"], { DUVO_TEAM_ID: "", DUVO_CONFIG_DIR: dir, DUVO_API_KEY: "", DUVO_API_BASE_URL: "" }, () => Response.json(agents));
    expect(run.result.code).toBe(0);
    expect(run.received.map((request) => request.path)).toEqual([`/v2/teams/${OTHER_TEAM_ID}/agents`]);
  });

  test("the team list is asked once per session, however often the team and the list are needed", async () => {
    const io = memoryIO({ env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: KEY, DUVO_CONFIG_DIR: tempDir() } }).io;
    const time = fakeClock();
    const stub = stubTransport(time, listed(teams({ id: TEAM_ID, name: "Only" })));
    const runtime = createRuntime(io, GLOBALS, { clock: time.clock, fetch: stub.fetch });
    const session = await runtime.api();
    expect(await runtime.api()).toBe(session);
    expect(await Promise.all([session.teamId(), session.teamId()])).toEqual([TEAM_ID, TEAM_ID]);
    expect((await session.teams()).teams.map((team) => team.id)).toEqual([TEAM_ID]);
    expect(stub.received).toHaveLength(1);
  });
});

describe("requests tagged with their command (test-only DUVO_TEST_TAG_REQUESTS)", () => {
  test("only with the setting on and a command named; the request's own headers are kept", async () => {
    const seen: Headers[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)));
      return new Response("{}");
    };
    const transport = (env: Record<string, string>, command?: string[]) => createRuntime(memoryIO({ env }).io, GLOBALS, { fetch, command }).fetch;
    await transport({ DUVO_TEST_TAG_REQUESTS: "1" }, ["runs", "get"])("http://127.0.0.1:9/v2/x", { headers: { Accept: "application/json" } });
    await transport({ DUVO_TEST_TAG_REQUESTS: "1" }, ["runs", "get"])(new Request("http://127.0.0.1:9/v2/x", { headers: { "X-From-Request": "kept" } }));
    await transport({ DUVO_TEST_TAG_REQUESTS: "0" }, ["runs", "get"])("http://127.0.0.1:9/v2/x", { headers: { Accept: "application/json" } });
    await transport({ DUVO_TEST_TAG_REQUESTS: "1" })("http://127.0.0.1:9/v2/x", { headers: { Accept: "application/json" } });
    expect(seen.map((headers) => Object.fromEntries(headers))).toEqual([
      { accept: "application/json", [TEST_COMMAND_HEADER.toLowerCase()]: "runs get" },
      { "x-from-request": "kept", [TEST_COMMAND_HEADER.toLowerCase()]: "runs get" },
      { accept: "application/json" },
      { accept: "application/json" },
    ]);
  });
});

describe("the connection opened ahead", () => {
  const { emulator, duvo } = useEmulator();
  const preconnected = async (env: Record<string, string>, fails = false) => {
    const spy = spyOn(fetch, "preconnect").mockImplementation(() => {
      if (fails) throw new Error("no head start");
    });
    try {
      const result = await duvo(["agents", "list", "--json"], { env });
      expect(result.code).toBe(0);
      return spy.mock.calls.map((call) => String(call[0]));
    } finally {
      spy.mockRestore();
    }
  };

  test("opened to the API's URL when a session starts; not through a proxy; a failure to open it is no error", async () => {
    expect(await preconnected({})).toEqual([emulator.url]);
    expect(await preconnected({}, true)).toEqual([emulator.url]);
    // The proxy variables are read from the command's environment; the in-process fetch ignores them.
    for (const name of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
      expect(await preconnected({ [name]: "http://127.0.0.1:9" })).toEqual([]);
    expect(await preconnected({ HTTPS_PROXY: "" })).toEqual([emulator.url]);
  });

  test("not with a transport of its own (the connection would be another one's)", async () => {
    const spy = spyOn(fetch, "preconnect").mockImplementation(() => {});
    try {
      const result = await duvo(["agents", "list", "--json"], { fetch: (input, init) => fetch(input, init) });
      expect(result.code).toBe(0);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe("hidden input corners", () => {
  const fakeTerminal = (raw = true) => {
    // `events`: the raw modes set, the listener taken off, the stream paused, in order.
    const input = Object.assign(new PassThrough(), { events: [] as string[] });
    if (raw) Object.assign(input, { setRawMode: (mode: boolean) => input.events.push(`raw ${mode}`) });
    const off = input.off.bind(input);
    Object.assign(input, {
      off: (...args: Parameters<typeof off>) => {
        off(...args);
        input.events.push("off");
      },
    });
    const pause = input.pause.bind(input);
    Object.assign(input, {
      pause: () => {
        pause();
        input.events.push("pause");
      },
    });
    const written: string[] = [];
    return { input, output: { write: (text: string) => written.push(text) }, written };
  };

  test("a bracketed paste keeps only the text; a space is text; a newline ends the line; Ctrl-D after text is ignored; other controls are dropped", async () => {
    const terminal = fakeTerminal();
    const line = readHiddenLine("API key:", terminal);
    terminal.input.write("\x1b[200~dv_pa\tst\x04ed\x1b[201~ X\bY\n");
    expect(await line).toBe("dv_pasted Y");
    expect(terminal.written).toEqual(["? API key: ", "\n"]);
    expect(terminal.input.events).toEqual(["raw true", "off", "raw false", "pause"]);
    expect(terminal.input.listenerCount("data")).toBe(0);
  });

  test("the text after Enter is not read; a stream without raw mode still works; Ctrl-C and Ctrl-D stop listening", async () => {
    const terminal = fakeTerminal(false);
    const line = readHiddenLine("Key:", terminal);
    terminal.input.write("abc\rdef");
    expect(await line).toBe("abc");
    expect(terminal.input.events).toEqual(["off", "pause"]);

    for (const [key, error] of [
      ["\x03", InterruptedError],
      ["\x04", UsageError],
    ] as const) {
      const stopped = fakeTerminal();
      const read = readHiddenLine("Key:", stopped);
      stopped.input.write(key);
      const failure = await read.catch((caught: unknown) => caught);
      expect(failure).toBeInstanceOf(error);
      expect((failure as Error).message).toBe(key === "\x03" ? "interrupted" : "cancelled");
      expect(stopped.written).toEqual(["? Key: ", "\n"]);
      expect(stopped.input.events).toEqual(["raw true", "off", "raw false", "pause"]);
      expect(stopped.input.listenerCount("data")).toBe(0);
    }
  });
});

describe("declared operations: the corners (operation-command.ts)", () => {
  const QUEUE = "00000000-0000-4000-8000-000000000237";
  const env = { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: KEY, DUVO_TEAM_ID: TEAM_ID, DUVO_CONFIG_DIR: tempDir(), NO_COLOR: "1" };
  const runtimeFor = (respond: (request: StubRequest) => Response, options: { tty?: boolean } = {}) => {
    const time = fakeClock();
    const stub = stubTransport(time, respond);
    const { io, stdout, stderr } = memoryIO({ env, stdinTTY: options.tty, stdoutTTY: options.tty });
    return { runtime: createRuntime(io, GLOBALS, { clock: time.clock, fetch: stub.fetch }), stdout, stderr, received: stub.received };
  };
  const queueShow = {
    object: "queue",
    fields: [
      ["Name", "name"],
      ["Description", "description"],
    ],
  } as const;

  const probe = (extra: Partial<Parameters<typeof operationCommand>[0]> = {}) =>
    operationCommand({
      meta: { description: "probe" },
      operation: "getQueue",
      args: { id: { type: "positional", required: true } },
      request: (args) => ({ path: { queue_id: args.id as string } }),
      show: queueShow,
      ...extra,
    } as Parameters<typeof operationCommand>[0]);
  const queueAnswer = () => Response.json(documentExample("getQueue"));

  test("secrets are *** in the block and in --json unless --show-secrets (in both); transform shapes the block only", async () => {
    const command = probe({
      secrets: ["description"],
      transform: (answer: any) => ({ queue: { ...answer.queue, name: answer.queue.name.toUpperCase() } }),
    });
    const example = documentExample("getQueue");
    const block = runtimeFor(queueAnswer);
    await command.duvoRun!({ id: QUEUE }, block.runtime);
    expect([block.stdout.text(), block.stderr.text()]).toEqual(["Name         EXAMPLE NAME\nDescription  ***\n", ""]);
    expect(block.received.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /v2/queues/${QUEUE}`]);
    const json = runtimeFor(queueAnswer);
    await command.duvoRun!({ id: QUEUE, json: true }, json.runtime);
    expect(json.stdout.text()).toBe(`${JSON.stringify({ queue: { ...example.queue, description: "***" } })}\n`);
    const shown = runtimeFor(queueAnswer);
    await command.duvoRun!({ id: QUEUE, json: true, "show-secrets": true }, shown.runtime);
    expect(shown.stdout.text()).toBe(`${JSON.stringify(example)}\n`);
    const shownBlock = runtimeFor(queueAnswer);
    await command.duvoRun!({ id: QUEUE, "show-secrets": true }, shownBlock.runtime);
    expect(shownBlock.stdout.text()).toBe("Name         EXAMPLE NAME\nDescription  example description\n");
    const plain = runtimeFor(queueAnswer);
    await probe().duvoRun!({ id: QUEUE }, plain.runtime);
    expect(plain.stdout.text()).toBe("Name         example name\nDescription  example description\n");
  });

  test("a list's secrets are *** in its table and in --json, shown in both with --show-secrets", async () => {
    const command = probe({
      args: {},
      request: undefined,
      list: { items: "queues", pageSize: 100 },
      secrets: ["description"],
      show: {
        items: "queues",
        columns: [
          ["NAME", "name"],
          ["DESCRIPTION", "description"],
        ],
      },
      operation: "listQueues",
    });
    const example = documentExample("listQueues");
    const answer = () => Response.json(example);
    const table = runtimeFor(answer);
    await command.duvoRun!({}, table.runtime);
    expect(table.stdout.text()).toBe("NAME          DESCRIPTION\nexample name  ***\n");
    const hidden = runtimeFor(answer);
    await command.duvoRun!({ json: true }, hidden.runtime);
    expect(JSON.parse(hidden.stdout.text())).toEqual({ ...example, queues: [{ ...example.queues[0], description: "***" }] });
    const shown = runtimeFor(answer);
    await command.duvoRun!({ json: true, "show-secrets": true }, shown.runtime);
    expect(JSON.parse(shown.stdout.text())).toEqual(example);
    const shownTable = runtimeFor(answer);
    await command.duvoRun!({ "show-secrets": true }, shownTable.runtime);
    expect(shownTable.stdout.text()).toBe("NAME          DESCRIPTION\nexample name  example description\n");
  });

  test("a page shorter than the API's total ends with the footer on stderr", async () => {
    const command = probe({
      args: {},
      request: undefined,
      list: { items: "queues", pageSize: 100 },
      show: { items: "queues", columns: [["NAME", "name"]], empty: "No queues." },
      operation: "listQueues",
    });
    const example = documentExample("listQueues");
    const page = { queues: [example.queues[0], { ...example.queues[0], name: "second" }], total: 5, limit: 2, offset: 0 };
    const shorter = runtimeFor(() => Response.json(page));
    await command.duvoRun!({ limit: 2 }, shorter.runtime);
    expect([shorter.stdout.text(), shorter.stderr.text()]).toEqual(["NAME\nexample name\nsecond\n", "Showing 1-2 of 5; more with --offset 2, or --all.\n"]);
    expect(shorter.received.map((request) => request.query.toString())).toEqual(["limit=2"]);
  });

  test("the operation a flag chooses is the one sent; only a fixed operation is named for the request check", async () => {
    const chosen = (system: boolean) => (system ? "listSystemSkills" : "listSkills");
    const command = operationCommand({
      meta: { description: "probe" },
      operation: (args) => chosen(args.system === true),
      args: { system: { type: "boolean" } },
      list: { items: "skills", pageSize: 100 },
      show: { items: "skills", columns: [["NAME", "name"]] },
    });
    for (const system of [false, true]) {
      const run = runtimeFor((request) => Response.json(documentExample(request.path.endsWith("/system") ? "listSystemSkills" : "listSkills")));
      await command.duvoRun!({ system }, run.runtime);
      expect(run.received.map((request) => request.path)).toEqual([system ? "/v2/skills/system" : `/v2/teams/${TEAM_ID}/skills`]);
    }
    expect(command.duvoOperation).toBeUndefined();
    expect(probe().duvoOperation).toBe("getQueue");
  });

  test("a destructive command checks its body before it asks, names itself in the refusal ('this command' unnamed), and asks nothing on a dry run", async () => {
    const destructive = (name?: string) =>
      operationCommand({
        meta: { description: "probe", ...(name ? { name } : {}) },
        operation: "updateQueue",
        args: { id: { type: "positional", required: true }, "queue-name": { type: "string" }, dry: { type: "boolean" } },
        request: (args) => ({ path: { queue_id: args.id as string }, body: { name: args["queue-name"] } }),
        confirm: (args) => (args.dry ? undefined : `Change queue ${args.id}?`),
        show: { object: "queue", fields: [["Name", "name"]] },
      });
    const refused = runtimeFor(queueAnswer);
    await expect(destructive("rename").duvoRun!({ id: QUEUE, "queue-name": "New" }, refused.runtime)).rejects.toThrow(
      new UsageError("rename changes data and there is no terminal to ask on: add -y to confirm"),
    );
    await expect(destructive().duvoRun!({ id: QUEUE, "queue-name": "New" }, refused.runtime)).rejects.toThrow(
      new UsageError("this command changes data and there is no terminal to ask on: add -y to confirm"),
    );
    // A body the document refuses: the error comes before the question (on a terminal too), and nothing is sent.
    const asked: string[] = [];
    const tty = runtimeFor(queueAnswer, { tty: true });
    tty.runtime.prompter = {
      ...tty.runtime.prompter,
      confirm: async (message, initial) => {
        asked.push(`${message} (default ${initial ? "Yes" : "No"})`);
        return true;
      },
    };
    await expect(destructive("rename").duvoRun!({ id: QUEUE, "queue-name": "x".repeat(101) }, tty.runtime)).rejects.toThrow(
      "invalid request body.name: Invalid length: Expected <=100 but received 101",
    );
    expect(asked).toEqual([]);
    expect([...refused.received, ...tty.received]).toEqual([]);
    await destructive("rename").duvoRun!({ id: QUEUE, "queue-name": "New" }, tty.runtime);
    expect(asked).toEqual([`Change queue ${QUEUE}? (default No)`]);
    const dry = runtimeFor(queueAnswer);
    await destructive("rename").duvoRun!({ id: QUEUE, "queue-name": "New", dry: true }, dry.runtime);
    expect(dry.received.map((request) => `${request.method} ${request.path} ${request.body}`)).toEqual([`PATCH /v2/queues/${QUEUE} {"name":"New"}`]);
  });

  test("a body for an operation that takes none is a programming error, before anything is sent", async () => {
    const run = runtimeFor(queueAnswer);
    await expect(probe({ request: (args: any) => ({ path: { queue_id: args.id }, body: {} }) }).duvoRun!({ id: QUEUE }, run.runtime)).rejects.toThrow("getQueue takes no body");
    expect(run.received).toEqual([]);
  });

  test("--jq implies --json: one answer and a list filtered, not shown as a block or a table", async () => {
    const respond = (request: StubRequest) => Response.json(documentExample(request.path.startsWith("/v2/queues/") ? "getQueue" : "listQueues"));
    const one = await virtual(["queues", "get", QUEUE, "-q", ".queue.name"], { DUVO_TEAM_ID: TEAM_ID }, respond);
    expect(one.result).toEqual({ code: 0, stdout: "example name\n", stderr: "" });
    const list = await virtual(["queues", "list", "-q", ".queues[].description"], { DUVO_TEAM_ID: TEAM_ID }, respond);
    expect(list.result).toEqual({ code: 0, stdout: "example description\n", stderr: "" });
  });
});

describe("command declarations (command.ts)", () => {
  test("one command listed under two keys is an error naming both; under the same key again it is the same command", async () => {
    const leaf = leafCommand({ meta: { description: "Leaf" }, args: {}, run: async () => {} });
    const group = groupCommand({ meta: { description: "Things" }, subCommands: { first: async () => leaf, second: async () => leaf } });
    const subCommands = (await subCommandsOf(group))!;
    expect(await subCommandsOf(group)).toBe(subCommands);
    expect(await resolveValue(subCommands.first!)).toBe(leaf);
    expect(await resolveValue(subCommands.first!)).toBe(leaf);
    expect(leaf.meta.name).toBe("first");
    await expect(resolveValue(subCommands.second!)).rejects.toThrow('one command is listed both as "first" and as "second"');
  });

  test("a group with a run takes its own arguments; one without has no run", async () => {
    const run = async () => 3;
    const both = groupCommand({ meta: { description: "Both" }, subCommands: {}, args: { word: { type: "positional" } }, run });
    expect(both.duvoRun).toBe(run as never);
    expect(Object.keys(both.args ?? {})).toEqual(["word"]);
    const only = groupCommand({ meta: { description: "Only" }, subCommands: {} });
    expect(only.duvoRun).toBeUndefined();
    expect(only.args).toBeUndefined();
  });

  test("a flag's aliases: none, one, or several", () => {
    expect(aliasesOf({ type: "boolean" })).toEqual([]);
    expect(aliasesOf({ type: "boolean", alias: "y" })).toEqual(["y"]);
    expect(aliasesOf({ type: "string", alias: ["q", "query"] })).toEqual(["q", "query"]);
  });
});
