/**
 * A one-request command's GETs sent while the command loads (src/cli/early.ts): only for an
 * argv the parser accepts; the server sees the same requests, with the same headers, and the
 * user the same output as without; the command's request takes the answer sent ahead (never a
 * second request); a failed answer is retried the usual way; Ctrl-C stops it.
 */
import { describe, expect, test } from "bun:test";
import { earlyShape, sendEarly, type EarlyRequests } from "../src/cli/early.ts";
import { EARLY_WAIT_MS, runAnsweredEarly } from "../src/cli/early-runtime.ts";
import { checkTeams, requestTimeoutMs } from "../src/cli/session.ts";
import { MAX_RESPONSE_CHARS } from "../src/api/answer.ts";
import type { Runtime } from "../src/cli/runtime.ts";
import { memoryOutput, type IO } from "../src/output/io.ts";
import { EARLY_REQUESTS } from "../src/cli/generated/early-requests.ts";
import { leafCommand } from "../src/cli/command.ts";
import { parseInvocation } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";
import { AGENT_IDS, type RecordedRequest } from "../src/emulator/index.ts";
import { earlyEntry } from "../scripts/gen-help.ts";
import { join } from "node:path";
import { spawnDuvo, tempDir, useEmulator } from "./helpers.ts";

const ID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";

/** A fetch whose connection is refused. */
const refused = (async () => {
  throw Object.assign(new TypeError("Unable to connect"), { code: "ECONNREFUSED" });
}) as unknown as typeof fetch;

/** Runs `act`, then fails if any promise was rejected with nobody to handle it meanwhile (or just after). */
async function withoutUnhandledRejections(act: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const note = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", note);
  try {
    await act();
    await Bun.sleep(30);
    expect(unhandled).toEqual([]);
  } finally {
    process.off("unhandledRejection", note);
  }
}

/** Every argv shape tried against each command: [what it is, the words after the command, whether it is sent early]. */
const POSITIONAL_SHAPES: [string, string[], boolean][] = [
  ["the id", [ID], true],
  ["the id, --json", [ID, "--json"], true],
  ["--json, the id", ["--json", ID], true],
  ["the id in capitals", [ID.toUpperCase()], true],
  ["no id", [], false],
  ["no id, --json", ["--json"], false],
  ["not a UUID", ["invoice"], false],
  ["two ids", [ID, ID], false],
  ["--json twice", [ID, "--json", "--json"], false],
  ["--jq", [ID, "--jq", ".run"], false],
  ["--debug", [ID, "--debug"], false],
  ["--team", [ID, "--team", ID], false],
  ["--", ["--", ID], false],
  ["-", [ID, "-"], false],
  ["--json=true", [ID, "--json=true"], false],
  ["an unknown flag", [ID, "--nope"], false],
];
const BARE_SHAPES: [string, string[], boolean][] = [
  ["nothing", [], true],
  ["--json", ["--json"], true],
  ["--json twice", ["--json", "--json"], false],
  ["a word", ["x"], false],
  ["an id", [ID], false],
  ["--debug", ["--debug"], false],
];

describe("which argv sends early", () => {
  test("the declared commands: runs get, agents get, queues get, cases get, whoami", () => {
    expect(EARLY_REQUESTS).toEqual({
      "runs get": [true, true, ["/v2/runs/{}"]],
      whoami: [false, true, ["/v2/teams", "/v2/profile"]],
      "agents get": [true, true, ["/v2/agents/{}"]],
      "queues get": [true, true, ["/v2/queues/{}"]],
      "cases get": [true, true, ["/v2/cases/{}"]],
    });
  });

  for (const [command, [positional]] of Object.entries(EARLY_REQUESTS)) {
    test(`${command}: only the id and --json send early, and the parser accepts every argv that does`, async () => {
      for (const [what, words, sends] of positional ? POSITIONAL_SHAPES : BARE_SHAPES) {
        const argv = [...command.split(" "), ...words];
        const shape = earlyShape(argv);
        expect({ what, sends: shape !== undefined }).toEqual({ what, sends });
        if (!shape) continue;
        expect(shape.value).toBe(positional ? ID : undefined); // lower-cased, as the commands send it
        const parsed = await parseInvocation(rootCommand, argv);
        expect(parsed.showHelp || parsed.showVersion).toBe(false);
        expect(parsed.path.join(" ")).toBe(command);
      }
    });
  }

  test("a word that only starts like a command, or a group, sends nothing", () => {
    for (const argv of [["runs"], ["runs", ID], ["run", "get", ID], ["runs", "list"], ["whoami", "get"], [], ["--json"]]) expect(earlyShape(argv)).toBeUndefined();
  });

  test("the build refuses a declaration that could send what the command would not", () => {
    const declare = (early: string[], args: Record<string, object> = {}) =>
      earlyEntry("x y", leafCommand({ meta: { description: "x" }, args: args as never, early: early as never, run: async () => {} }));
    const id = { id: { type: "positional", required: true } };
    expect(declare(["getRun"], id)).toEqual([true, false, ["/v2/runs/{}"]]);
    expect(() => declare(["createCases"], id)).toThrow('"x y" declares early requests, but createCases is not a GET');
    expect(() => declare(["getRun"])).toThrow('"x y" declares early requests, but getRun needs a positional');
    expect(() => declare(["listQueues"], id)).toThrow('"x y" declares early requests, but listQueues has other path parameters than the positional');
    expect(() => declare(["getRevision"], id)).toThrow('"x y" declares early requests, but getRevision has other path parameters than the positional');
    expect(() => declare(["getRun"], { ...id, agent: { type: "string", required: true } })).toThrow('"x y" declares early requests, but it needs --agent');
    expect(() => declare(["getRun"], { a: { type: "positional" }, b: { type: "positional" } })).toThrow('"x y" declares early requests, but it takes more than one positional');
    expect(() => declare(["nope"], id)).toThrow('"x y" declares early requests, but there is no operation nope');
  });
});

describe("sent early, answered the same", () => {
  const { emulator, env, duvo } = useEmulator();
  /** What the server saw of each request: everything the two ways must agree on. */
  const seen = (requests: RecordedRequest[]) =>
    [...requests]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map(({ method, path, query, headers }) => ({
        method,
        path,
        query,
        headers: Object.fromEntries(["authorization", "user-agent", "accept", "content-type", "x-duvo-test-command"].map((name) => [name, headers[name]])),
      }));
  const counting = () => {
    const urls: string[] = [];
    const answers: Response[] = [];
    const counted = (async (input: string | URL | Request, init?: RequestInit) => {
      urls.push(String(input));
      const answer = await fetch(input, init);
      answers.push(answer);
      return answer;
    }) as typeof fetch;
    return { urls, answers, counted };
  };

  /** The command run the usual way and then with its GETs sent early: same output, same requests, none sent twice. */
  async function bothWays(argv: string[]) {
    emulator.clearRequests();
    const usual = await duvo(argv);
    const usualRequests = seen(emulator.requests);
    emulator.clearRequests();
    const early = counting();
    const rest = counting();
    const ahead = await duvo(argv, { early: early.counted, fetch: rest.counted });
    expect(ahead).toEqual(usual);
    expect(seen(emulator.requests)).toEqual(usualRequests);
    const shape = earlyShape(argv)!;
    expect(early.urls.map((url) => new URL(url).pathname)).toEqual(shape.paths.map((path) => path.replace("{}", shape.value ?? "")));
    // Every request the early ones stand for took their answer: none was sent again.
    expect(rest.urls.filter((url) => early.urls.includes(url))).toEqual([]);
    // A success is printed from copies of the answers (early-runtime.ts): the answers themselves are never read, so the client never ran.
    // Anything else went the usual way, which read them.
    expect(early.answers.map((answer) => answer.bodyUsed)).toEqual(early.answers.map(() => usual.code !== 0));
    return { usual, requests: usualRequests };
  }

  test("runs get: the run, human and --json", async () => {
    const started = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--json"]);
    const runId = JSON.parse(started.stdout).run.id;
    expect((await duvo(["runs", "wait", runId])).code).toBe(0); // an ended run: its answer no longer changes
    const { usual, requests } = await bothWays(["runs", "get", runId]);
    expect(usual.stdout).toContain(runId);
    expect(requests).toEqual([
      {
        method: "GET",
        path: `/v2/runs/${runId}`,
        query: {},
        headers: {
          authorization: `Bearer ${env.DUVO_API_KEY}`,
          "user-agent": expect.stringMatching(/^duvo\//),
          accept: "application/json",
          "content-type": undefined,
          "x-duvo-test-command": "runs get",
        },
      },
    ]);
    expect(JSON.parse((await bothWays(["runs", "get", runId.toUpperCase(), "--json"])).usual.stdout).run.id).toBe(runId);
  });

  test("agents get, queues get, cases get by id, and whoami (two GETs)", async () => {
    await bothWays(["agents", "get", AGENT_IDS.approval]);
    await bothWays(["agents", "get", "--json", AGENT_IDS.approval]);
    const queue = JSON.parse((await duvo(["queues", "create", "--name", "Early", "--json"])).stdout).queue.id;
    await bothWays(["queues", "get", queue]);
    await bothWays(["queues", "get", queue, "--json"]);
    const made = JSON.parse((await duvo(["cases", "create", "--queue", queue, "--title", "early", "--json"])).stdout);
    const caseId = made.added_cases[0].id;
    await bothWays(["cases", "get", caseId, "--json"]);
    await bothWays(["cases", "get", caseId]);
    const { requests } = await bothWays(["whoami", "--json"]);
    expect(requests.map(({ path }) => path).sort()).toEqual(["/v2/profile", "/v2/teams"]);
    await bothWays(["whoami"]);
  });

  test("an id that is not there: the same 404 error either way, asked once", async () => {
    const { usual, requests } = await bothWays(["runs", "get", ID]);
    expect(usual.code).toBe(3);
    expect(requests).toHaveLength(1);
  });

  test("an answer sent ahead that failed (503) is retried the usual way", async () => {
    const early: string[] = [];
    let answered: Response | undefined;
    const failing = (async (input: string | URL | Request) => {
      early.push(String(input));
      return (answered = new Response(JSON.stringify({ error: "unavailable", message: "try again" }), {
        status: 503,
        headers: { "Content-Type": "application/json", "Retry-After": "0" },
      }));
    }) as typeof fetch;
    emulator.clearRequests();
    const result = await duvo(["agents", "get", AGENT_IDS.approval, "--json"], { early: failing });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agent.id).toBe(AGENT_IDS.approval);
    expect(early).toEqual([`${env.DUVO_API_BASE_URL}/v2/agents/${AGENT_IDS.approval}`]);
    expect(answered!.bodyUsed).toBe(true); // the command read the 503 sent ahead, then asked again
    expect(seen(emulator.requests).map(({ path }) => path)).toEqual([`/v2/agents/${AGENT_IDS.approval}`]); // the retry, sent by the client
  });

  test("an answer sent ahead whose body breaks its schema goes the usual way: the client reads it, retries, prints once", async () => {
    let answered: Response | undefined;
    const breaking = (async () => (answered = Response.json({ agent: { id: 5 } }))) as unknown as typeof fetch;
    emulator.clearRequests();
    const usual = await duvo(["agents", "get", AGENT_IDS.approval, "--json"]);
    emulator.clearRequests();
    const result = await duvo(["agents", "get", AGENT_IDS.approval, "--json"], { early: breaking });
    expect(result).toEqual(usual);
    expect(answered!.bodyUsed).toBe(true); // read by the usual way, after the copy broke the schema
    expect(seen(emulator.requests).map(({ path }) => path)).toEqual([`/v2/agents/${AGENT_IDS.approval}`]); // the client's retry
  });

  test(`an answer slower than ${EARLY_WAIT_MS} ms goes the usual way, which takes it still on its way (no second request)`, async () => {
    const usual = await duvo(["queues", "list", "--json"]); // any request: the emulator is up
    expect(usual.code).toBe(0);
    const slow = counting();
    const late = (async (input: string | URL | Request, init?: RequestInit) => {
      await Bun.sleep(EARLY_WAIT_MS + 200);
      return slow.counted(input, init);
    }) as typeof fetch;
    const wanted = await duvo(["agents", "get", AGENT_IDS.approval]);
    emulator.clearRequests();
    const result = await duvo(["agents", "get", AGENT_IDS.approval], { early: late });
    expect(result).toEqual(wanted);
    expect(slow.answers.map((answer) => answer.bodyUsed)).toEqual([true]);
    expect(seen(emulator.requests)).toHaveLength(1);
  });

  test("an answer sent ahead that failed to connect goes the usual way: retried, printed once, no unhandled rejection", async () => {
    await withoutUnhandledRejections(async () => {
      const usual = await duvo(["agents", "get", AGENT_IDS.approval, "--json"]);
      emulator.clearRequests();
      expect(await duvo(["agents", "get", AGENT_IDS.approval, "--json"], { early: refused })).toEqual(usual);
      expect(seen(emulator.requests)).toHaveLength(1); // the client's retry
    });
  });

  /** An early fetch whose answer's head arrives and whose body then stalls (a first chunk, then nothing), until its request is aborted. */
  const stalling = () => {
    const aborted: unknown[] = [];
    const fetcher = (async (_input: string | URL | Request, init?: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"agent":'));
          init?.signal?.addEventListener("abort", () => {
            aborted.push(init.signal!.reason);
            controller.error(init.signal!.reason);
          });
        },
      });
      return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    }) as typeof fetch;
    return { aborted, fetcher };
  };

  test("a body that stalls after its head: the request's timeout stops it, the usual way retries and prints once", async () => {
    const usual = await duvo(["agents", "get", AGENT_IDS.approval, "--json"]);
    const { aborted, fetcher } = stalling();
    emulator.clearRequests();
    const result = await duvo(["agents", "get", AGENT_IDS.approval, "--json"], { early: fetcher, env: { DUVO_HTTP_TIMEOUT: "0.3" } });
    expect(result).toEqual(usual);
    expect(aborted).toHaveLength(1); // the request sent ahead, stopped by the timeout of the request that took it
    expect(seen(emulator.requests)).toHaveLength(1); // the retry
  });

  test("Ctrl-C while a body stalls: exit 130, nothing printed, that request stopped", async () => {
    const { aborted, fetcher } = stalling();
    const result = await duvo(["agents", "get", AGENT_IDS.approval, "--json"], { early: fetcher, interruptAfterMs: 100 });
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 130, stdout: "" });
    expect(aborted).toHaveLength(1);
  });

  test("Ctrl-C while the answer sent ahead is on its way: exit 130, and that request is stopped", async () => {
    let stopped: unknown;
    const hanging = ((_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => {
          stopped = init.signal!.reason;
          reject(init.signal!.reason);
        }),
      )) as typeof fetch;
    const result = await duvo(["runs", "get", ID], { early: hanging, interruptAfterMs: 100 });
    expect(result.code).toBe(130);
    expect(result.stdout).toBe("");
    expect(stopped).toBeDefined();
  });

  test("nothing is sent early with --debug's DUVO_DEBUG, without a key, or with a bad DUVO_TEAM_ID (whose error sends nothing at all)", async () => {
    const never = (() => {
      throw new Error("sent early");
    }) as unknown as typeof fetch;
    for (const extra of [{ DUVO_DEBUG: "1" }, { DUVO_TEAM_ID: "nope" }]) {
      expect(await sendEarly(["runs", "get", ID], { ...env, ...extra }, never)).toBeUndefined();
    }
    // Without a key nothing is sent, and the command gives the usual error where it would have resolved the key.
    const keyless = await sendEarly(["runs", "get", ID], { ...env, DUVO_API_KEY: undefined }, never);
    expect(keyless!.take(`${env.DUVO_API_BASE_URL}/v2/runs/${ID}`)).toBeUndefined();
    expect(() => keyless!.credentials()).toThrow("no API key");
    expect(await duvo(["runs", "get", ID], { env: { DUVO_API_KEY: undefined }, early: never })).toEqual(await duvo(["runs", "get", ID], { env: { DUVO_API_KEY: undefined } }));
    emulator.clearRequests();
    const bad = await duvo(["runs", "get", ID], { env: { DUVO_TEAM_ID: "nope" }, early: never });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain("DUVO_TEAM_ID");
    expect(emulator.requests).toEqual([]);
  });

  test("a key file that can be read only once (a pipe) is read once, by the binary", async () => {
    const fifo = join(tempDir(), "key");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    const writer = Bun.spawn(["sh", "-c", 'printf "%s" "$KEY" > "$0"', fifo], { env: { KEY: env.DUVO_API_KEY! } });
    const { DUVO_API_KEY: key, ...keyless } = env;
    expect(key).toBeDefined();
    const result = await spawnDuvo(["agents", "get", AGENT_IDS.approval, "--json"], { env: { ...keyless, DUVO_API_KEY_FILE: fifo } });
    await writer.exited;
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).agent.id).toBe(AGENT_IDS.approval);
  });

  test("the binary: runs get sends one request, tagged as its command, and prints the run", async () => {
    const runId = JSON.parse((await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--json"])).stdout).run.id;
    expect((await duvo(["runs", "wait", runId])).code).toBe(0);
    const usual = await duvo(["runs", "get", runId, "--json"]);
    emulator.clearRequests();
    const binary = await spawnDuvo(["runs", "get", runId, "--json"], { env });
    expect(binary).toEqual(usual);
    expect(seen(emulator.requests).map(({ method, path, headers }) => [method, path, headers["x-duvo-test-command"]])).toEqual([["GET", `/v2/runs/${runId}`, "runs get"]]);
  });
});

describe("the command run on the answers sent ahead alone (early-runtime.ts)", () => {
  const BASE = "http://127.0.0.1:9";
  const TEAM = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";
  const credentials = { apiKey: "dv_x", authSource: "env" as const, apiBaseUrl: BASE, profileName: undefined, profile: undefined, configPath: "/nowhere" };
  const teams = { teams: [{ id: TEAM, name: "Ops", organization_id: null }] };
  const answers = (byPath: Record<string, Response>): EarlyRequests & { peeked: string[] } => {
    const peeked: string[] = [];
    return {
      peeked,
      credentials: () => credentials,
      take: () => {
        throw new Error("the usual way's take, called by the early runtime");
      },
      peek: (url) => {
        peeked.push(url);
        const answer = byPath[url.slice(BASE.length)];
        return answer && Promise.resolve(answer.clone() as Response);
      },
    };
  };
  const io = (env: Record<string, string | undefined> = {}) => {
    const stdout = memoryOutput();
    const stderr = memoryOutput();
    const io: IO = { stdout, stderr, stdinIsTTY: false, readStdin: async () => "", env, signal: new AbortController().signal };
    return { io, stdout, stderr };
  };
  const invocation = (run: (runtime: Runtime) => Promise<number | void>) => ({
    path: ["x"],
    command: leafCommand({ meta: { description: "x" }, args: {}, run: async (_args, runtime) => run(runtime) }),
    showHelp: false,
    showVersion: false,
    args: {},
    globals: { debug: false, noInput: false },
  });

  test("a success is printed once, after the command finished, with its exit code; {teamId} comes from the one team", async () => {
    const early = answers({ "/v2/teams": Response.json(teams) });
    const { io: streams, stdout, stderr } = io();
    const code = await runAnsweredEarly(
      invocation(async (runtime) => {
        const { teamId } = await runtime.api();
        await runtime.io.stdout.write("team ");
        await runtime.io.stdout.write(`${await teamId()}\n`);
        return 7;
      }),
      streams,
      early,
    );
    expect({ code, out: stdout.text(), err: stderr.text() }).toEqual({ code: 7, out: `team ${TEAM}\n`, err: "" });
    expect(early.peeked).toEqual([`${BASE}/v2/teams`]);
  });

  test("what only the usual way can do stops it with nothing printed: undefined", async () => {
    const cases: [string, (runtime: Runtime) => Promise<unknown>][] = [
      ["the logger", async (runtime) => runtime.log],
      ["the prompter", async (runtime) => runtime.prompter],
      ["whether it may prompt", async (runtime) => runtime.canPrompt],
      ["stderr", async (runtime) => runtime.io.stderr.write("note\n")],
      ["stdin", async (runtime) => runtime.io.readStdin()],
      ["the clock", async (runtime) => runtime.clock],
      ["a fetch", async (runtime) => runtime.fetch("http://x")],
      ["another key's client", async (runtime) => runtime.clientFor(credentials)],
      ["the rate limit", async (runtime) => (await runtime.api()).client.rateLimit],
      ["a request not sent early", async (runtime) => (await runtime.api()).call("getProfile")],
      ["a query", async (runtime) => (await runtime.api()).call("listMyTeams", { query: { limit: 5 } } as never)],
      ["a POST", async (runtime) => (await runtime.api()).call("createQueue", { body: { name: "q" } } as never)],
      // A DELETE of a URL whose GET was sent early: not that request.
      ["a DELETE of that URL", async (runtime) => (await runtime.api()).call("deleteQueue", { path: { queue_id: TEAM } })],
      [
        "any error",
        async () => {
          throw new Error("boom");
        },
      ],
    ];
    for (const [what, act] of cases) {
      const { io: streams, stdout, stderr } = io();
      const code = await runAnsweredEarly(
        invocation(async (runtime) => {
          await runtime.io.stdout.write("before\n");
          await act(runtime);
        }),
        streams,
        answers({ "/v2/teams": Response.json(teams), [`/v2/queues/${TEAM}`]: Response.json({ success: true, deleted_case_count: 0, interrupted_run_ids: [] }) }),
      );
      expect({ what, code, out: stdout.text(), err: stderr.text() }).toEqual({ what, code: undefined, out: "", err: "" });
    }
  });

  test("an answer that is not a 2xx, not JSON, over the size limit or against its schema: the usual way", async () => {
    for (const [what, answer] of [
      ["a 404", Response.json({ error: "not_found", message: "no" }, { status: 404 })],
      ["a 503", new Response("busy", { status: 503 })],
      ["a 204", new Response(null, { status: 204 })],
      ["a 300", Response.json(teams, { status: 300 })],
      ["a 404 whose body the schema would take", Response.json(teams, { status: 404 })],
      ["over the size limit", new Response(`${" ".repeat(MAX_RESPONSE_CHARS)}${JSON.stringify(teams)}`)],
      ["not JSON", new Response("<html>", { status: 200 })],
      ["against the schema", Response.json({ teams: "none" })],
    ] as const) {
      const { io: streams, stdout } = io();
      const code = await runAnsweredEarly(
        invocation(async (runtime) => void (await (await runtime.api()).teams())),
        streams,
        answers({ "/v2/teams": answer }),
      );
      expect({ what, code, out: stdout.text() }).toEqual({ what, code: undefined, out: "" });
    }
  });

  test("a bad DUVO_TEAM_ID or credentials that did not resolve: the usual way, which says so", async () => {
    const { io: streams } = io({ DUVO_TEAM_ID: "nope" });
    expect(
      await runAnsweredEarly(
        invocation(async () => {}),
        streams,
        answers({}),
      ),
    ).toBeUndefined();
    const keyless: EarlyRequests = {
      ...answers({}),
      credentials: () => {
        throw new Error("no API key");
      },
    };
    expect(
      await runAnsweredEarly(
        invocation(async () => {}),
        io().io,
        keyless,
      ),
    ).toBeUndefined();
  });

  test("a copy that fails with nobody waiting for it is never an unhandled rejection (peek's, or after Ctrl-C)", async () => {
    await withoutUnhandledRejections(async () => {
      const sent = await sendEarly(["runs", "get", ID], { DUVO_API_KEY: "dv_x", DUVO_API_BASE_URL: BASE, DUVO_CONFIG_DIR: "/nonexistent" }, refused);
      expect(sent!.peek(`${BASE}/v2/runs/${ID}`)).toBeDefined(); // asked for, never waited for
      const controller = new AbortController();
      controller.abort("SIGINT");
      const late: EarlyRequests = { ...answers({}), peek: () => Bun.sleep(5).then(() => Promise.reject(new TypeError("reset"))) };
      const { io: streams } = io();
      const code = await runAnsweredEarly(
        invocation(async (runtime) => void (await (await runtime.api()).teams())),
        { ...streams, signal: controller.signal },
        late,
      );
      expect(code).toBeUndefined();
    });
  });

  test("a write that fails after the command finished is the command's failure, not a reason to run it again", async () => {
    const { io: streams } = io();
    const failing: IO = { ...streams, stdout: { isTTY: false, write: () => Promise.reject(new Error("disk full")) } };
    const running = runAnsweredEarly(
      invocation(async (runtime) => void (await runtime.io.stdout.write("x\n"))),
      failing,
      answers({}),
    );
    await expect(running).rejects.toThrow("disk full");
  });

  test("Ctrl-C while waiting for the answer: the usual way, at once (not after the wait, here an hour)", async () => {
    const controller = new AbortController();
    const { io: streams } = io();
    const never: EarlyRequests = { ...answers({}), peek: () => new Promise<Response>(() => {}) };
    const running = runAnsweredEarly(
      invocation(async (runtime) => void (await (await runtime.api()).teams())),
      { ...streams, signal: controller.signal },
      never,
      3_600_000,
    );
    setTimeout(() => controller.abort("SIGINT"), 20);
    expect(await running).toBeUndefined();
  });

  test("corners (written to kill mutants of early-runtime.ts and session.ts)", async () => {
    // The streams the command sees are the real ones' (asked when it asks), and its bytes are copied when written.
    const stdout = memoryOutput(true, 123);
    const stderr = memoryOutput(true, 77);
    const ttys: IO = { stdout, stderr, stdinIsTTY: true, readStdin: async () => "", env: {}, signal: new AbortController().signal };
    const buffer = new TextEncoder().encode("bytes\n");
    const code = await runAnsweredEarly(
      invocation(async (runtime) => {
        const { io: seen } = runtime;
        await seen.stdout.write(`${seen.stdout.isTTY} ${seen.stdout.columns} ${seen.stderr.isTTY} ${seen.stderr.columns} ${seen.stdinIsTTY}\n`);
        await seen.stdout.write(buffer);
        buffer.fill(0); // reused by the caller once written
      }),
      ttys,
      answers({}),
    );
    expect({ code, out: stdout.text() }).toEqual({ code: 0, out: "true 123 true 77 true\nbytes\n" });

    // A query whose values are all left out is no query: that GET was sent early.
    const plain = io();
    const listed = await runAnsweredEarly(
      invocation(async (runtime) => {
        const { call } = await runtime.api();
        await runtime.io.stdout.write(`${(await call("listMyTeams", { query: { limit: undefined } } as never)).teams.length}\n`);
      }),
      plain.io,
      answers({ "/v2/teams": Response.json(teams) }),
    );
    expect({ listed, out: plain.stdout.text() }).toEqual({ listed: 0, out: "1\n" });

    // The size limit is the client's: a body of exactly MAX_RESPONSE_CHARS is taken.
    const json = JSON.stringify(teams);
    const full = io();
    const sized = await runAnsweredEarly(
      invocation(async (runtime) => void (await runtime.io.stdout.write(`${(await (await runtime.api()).teams()).teams[0]!.name}\n`))),
      full.io,
      answers({ "/v2/teams": new Response(`${" ".repeat(MAX_RESPONSE_CHARS - json.length)}${json}`) }),
    );
    expect({ sized, out: full.stdout.text() }).toEqual({ sized: 0, out: "Ops\n" });

    // Ctrl-C while the command runs, after its answers: the usual way, nothing printed.
    const controller = new AbortController();
    const interrupted = io();
    const stopped = await runAnsweredEarly(
      invocation(async (runtime) => {
        await runtime.io.stdout.write("x\n");
        controller.abort("SIGINT");
      }),
      { ...interrupted.io, signal: controller.signal },
      answers({}),
    );
    expect({ stopped, out: interrupted.stdout.text() }).toEqual({ stopped: undefined, out: "" });

    // Ctrl-C given before the answer is asked for: at once, not after the wait (here an hour).
    const before = new AbortController();
    before.abort("SIGINT");
    const never: EarlyRequests = { ...answers({}), peek: () => new Promise<Response>(() => {}) };
    expect(
      await runAnsweredEarly(
        invocation(async (runtime) => void (await (await runtime.api()).teams())),
        { ...io().io, signal: before.signal },
        never,
        3_600_000,
      ),
    ).toBeUndefined();

    // The teams given are checked, in their own words, and lower-cased; the timeout is DUVO_HTTP_TIMEOUT's.
    expect(() => checkTeams("nope", {})).toThrow('invalid --team "nope"');
    expect(() => checkTeams(undefined, { DUVO_TEAM_ID: "nope" })).toThrow('invalid DUVO_TEAM_ID "nope"');
    expect(checkTeams(TEAM.toUpperCase(), { DUVO_TEAM_ID: TEAM.toUpperCase() })).toEqual({ teamFlag: TEAM, teamEnv: TEAM });
    expect([requestTimeoutMs({}), requestTimeoutMs({ DUVO_HTTP_TIMEOUT: "0.5" }), requestTimeoutMs({ DUVO_HTTP_TIMEOUT: "0" })]).toEqual([30_000, 500, 30_000]);
  });
});
