/**
 * `--jq <expr>` (docs/contract.md, "Global behaviour"): on every command that prints API data,
 * implying --json; results printed like `jq -r`; syntax errors exit 4 before any request;
 * runtime errors exit 1 after the results before them; each NDJSON line while following;
 * the compiled binary carrying its own jq (no node_modules, any folder); and its cost.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { DuvoCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { BINARY, ROOT, emulatorEnv, eventually, runDuvo, tempDir, testEmulator, SLOW_TEST_MS } from "./helpers.ts";

let emulator: Emulator;
let env: Record<string, string | undefined>;
let completed: string;
beforeAll(async () => {
  emulator = await testEmulator();
  env = emulatorEnv(emulator);
  completed = await startRun(AGENT_IDS.complete);
  await eventually(() => emulator.getRun(completed)?.status === "completed");
});
afterAll(() => emulator.stop());

const duvo = (argv: string[], options: Parameters<typeof runDuvo>[1] = {}) => runDuvo(argv, { ...options, env: { ...env, ...options.env } });

async function startRun(agentId: string, message?: string): Promise<string> {
  const result = await duvo(["runs", "start", "--agent", agentId, ...(message ? ["--message", message] : [])]);
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

/** Runs the compiled binary, optionally from another folder, with exactly this env. */
async function spawn(argv: string[], options: { binary?: string; cwd?: string; env?: Record<string, string | undefined>; wrap?: string[] } = {}) {
  const child = Bun.spawn([...(options.wrap ?? []), options.binary ?? BINARY, ...argv], {
    cwd: options.cwd,
    env: (options.env ?? { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...env }) as Record<string, string>,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

async function leafCommands(command: DuvoCommand, path: string[] = []): Promise<{ path: string[]; command: DuvoCommand }[]> {
  const subCommands = await subCommandsOf(command);
  if (!subCommands) return [{ path, command }];
  const leaves = [];
  for (const [name, entry] of Object.entries(subCommands)) {
    const sub = await resolveValue(entry);
    if (!sub.meta.hidden) leaves.push(...(await leafCommands(sub, [...path, name])));
  }
  return leaves;
}

describe("--jq on every command that prints API data", () => {
  test("every command with --json takes --jq <expr> and -q, and so does duvo api; the others reject it", async () => {
    const leaves = await leafCommands(rootCommand);
    const withJson = leaves.filter(({ command }) => command.args?.json);
    expect(withJson.length).toBeGreaterThanOrEqual(15);
    for (const { path, command } of [...withJson, ...leaves.filter(({ path }) => path[0] === "api")]) {
      expect({ path, jq: command.args?.jq }).toMatchObject({ path, jq: { type: "string", alias: "q" } });
    }
    emulator.clearRequests();
    for (const { path } of leaves.filter(({ command, path }) => !command.args?.json && path[0] !== "api")) {
      const result = await duvo([...path, "--jq", "."]);
      expect({ path, code: result.code, stderr: result.stderr }).toEqual({
        path,
        code: 4,
        stderr: expect.stringContaining(`unknown flag --jq for "duvo ${path.join(" ")}"`),
      });
    }
    expect(emulator.requests).toHaveLength(0);
  });

  test("--jq implies --json (giving both is fine); -q and --jq=<expr> are the same flag", async () => {
    const started = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--jq", ".run.id"]);
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(started.stderr).toBe(""); // the human summary belongs to the non-JSON output
    for (const argv of [["--json", "--jq", ".run.status"], ["-q", ".run.status"], ["--jq=.run.status"], ["--jq", ".run.status", "--json"]]) {
      expect(await duvo(["runs", "get", completed, ...argv])).toEqual({ code: 0, stdout: "completed\n", stderr: "" });
    }
    expect((await duvo(["runs", "get", completed, "--jq", ".", "--jq", "."])).code).toBe(4);
  });

  test("the JSON commands all go through it: what --jq prints is jq's reading of what --json prints", async () => {
    type Doc = Record<string, any>;
    const readOnly: [string[], string, (doc: Doc) => string[]][] = [
      [["teams", "list"], ".teams[0].name", (doc) => [doc.teams[0].name]],
      [["agents", "list"], ".agents | length", (doc) => [String(doc.agents.length)]],
      [["agents", "get", AGENT_IDS.complete], "keys", (doc) => [JSON.stringify(Object.keys(doc).sort())]],
      [["runs", "list", "--agent", AGENT_IDS.complete], ".data | map(.status) | unique | .[]", (doc) => [...new Set<string>(doc.data.map((run: Doc) => run.status))].sort()],
      [["runs", "messages", completed], ".messages | length", (doc) => [String(doc.messages.length)]],
      [["runs", "wait", completed], ".run.status", (doc) => [doc.run.status]],
      [["whoami"], ".team.name", (doc) => [doc.team.name]],
      [["profiles", "list"], ".profiles | length", (doc) => [String(doc.profiles.length)]],
      [["api", "GET", "/v2/teams"], ".teams[].name", (doc) => doc.teams.map((team: Doc) => team.name)],
    ];
    for (const [argv, filter, expected] of readOnly) {
      const plain = await duvo(argv[0] === "api" ? argv : [...argv, "--json"]);
      const lines = expected(JSON.parse(plain.stdout));
      expect(lines.length).toBeGreaterThan(0);
      expect({ argv, ...(await duvo([...argv, "--jq", filter])) }).toEqual({ argv, code: 0, stdout: `${lines.join("\n")}\n`, stderr: plain.stderr });
    }
    // Commands that change something, run once each.
    const waiting = await startRun(AGENT_IDS.approval);
    await eventually(() => emulator.getRun(waiting)?.status === "waiting");
    const changing: [string[], string, string][] = [
      [["runs", "get", waiting], ".pending_human_request.type", "approval"],
      [["runs", "respond", waiting, "--approve"], "type", "object"],
      [["runs", "send-message", waiting, "--message", "one more thing"], "type", "object"],
      [["runs", "stop", waiting, "-y"], ".success | type", "boolean"],
    ];
    for (const [argv, filter, output] of changing) {
      expect({ argv, ...(await duvo([...argv, "--jq", filter])) }).toEqual({ argv, code: 0, stdout: `${output}\n`, stderr: "" });
    }
  });
});

describe("output like jq -r", () => {
  test("strings raw, everything else compact JSON, one result per line; no result prints nothing", async () => {
    const result = await duvo(["runs", "get", completed, "--jq", '.run.status, (.run | keys | length), {status: .run.status}, null, true, [1, "a"], "two\\nlines"']);
    expect(result).toEqual({ code: 0, stdout: 'completed\n11\n{"status":"completed"}\nnull\ntrue\n[1,"a"]\ntwo\nlines\n', stderr: "" });
    expect(await duvo(["runs", "get", completed, "--jq", "empty"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("on a terminal, values are indented (as jq does), strings still raw", async () => {
    const result = await duvo(["runs", "get", completed, "--jq", ".run | {id, status}, .status"], { tty: true });
    expect(result.stdout).toBe(`{\n  "id": "${completed}",\n  "status": "completed"\n}\ncompleted\n`);
    // The export is handed to jq whole on a terminal too.
    const messages = await duvo(["runs", "messages", completed, "--jq", ".messages[1] | {type, tool: .tool_call.name}"], { tty: true });
    expect(messages.stdout).toBe('{\n  "type": "tool_call",\n  "tool": "lookup_invoice"\n}\n');
  });

  test("an expression that starts with - is jq's program, not an option", async () => {
    expect((await duvo(["runs", "get", completed, "--jq", "-(.run | length)"])).stdout).toBe("-11\n");
    expect((await duvo(["runs", "get", completed, "--jq", "--arg"])).code).toBe(4); // `--arg` is no jq program
  });

  test("$ENV and env are the process's environment, without the API key", async () => {
    const result = await duvo(["runs", "get", completed, "--jq", '$ENV.RUN_LABEL, env.RUN_LABEL, ($ENV | has("DUVO_API_KEY")), ($ENV | has("DUVO_API_BASE_URL"))'], {
      env: { RUN_LABEL: "march close" },
    });
    expect(result.stdout).toBe("march close\nmarch close\nfalse\ntrue\n");
    const all = await duvo(["runs", "get", completed, "--jq", "$ENV"]);
    expect(all.stdout).not.toContain(emulator.apiKey);
  });

  test("jq's stderr (debug, stderr) goes to stderr", async () => {
    const result = await duvo(["runs", "get", completed, "--jq", ".run.status | debug"]);
    expect(result).toEqual({ code: 0, stdout: "completed\n", stderr: '["DEBUG:","completed"]\n' });
  });
});

describe("errors", () => {
  test("a syntax error is jq's message and exit 4, and nothing is sent", async () => {
    const cases: string[][] = [
      ["runs", "get", completed],
      ["runs", "start", "--agent", AGENT_IDS.complete],
      ["runs", "messages", completed, "--follow"],
      ["api", "POST", "/v2/teams/{teamId}/runs", "-f", `agent_id=${AGENT_IDS.complete}`],
      ["agents", "list"],
    ];
    const runsBefore = (await duvo(["runs", "list", "--all", "--jq", ".data | length"])).stdout;
    emulator.clearRequests();
    for (const argv of cases) {
      const result = await duvo([...argv, "--jq", ".run | map(.id"]);
      expect({ argv, ...result }).toEqual({
        argv,
        code: 4,
        stdout: "",
        stderr:
          "jq: error: syntax error, unexpected end of file, expecting ';' or ')' (Unix shell quoting issues?) at <top-level>, line 1:\n" + ".run | map(.id\njq: 1 compile error\n",
      });
    }
    expect(emulator.requests).toHaveLength(0);
    expect((await duvo(["runs", "list", "--all", "--jq", ".data | length"])).stdout).toBe(runsBefore); // no run was started
  });

  test("an unknown function is a compile error too (exit 4)", async () => {
    const result = await duvo(["runs", "get", completed, "--jq", ".run | no_such_thing"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe("jq: error: no_such_thing/0 is not defined at <top-level>, line 1:\n.run | no_such_thing\njq: 1 compile error\n");
  });

  test("a runtime error: the results before it stay printed, then jq's message, exit 1", async () => {
    const result = await duvo(["runs", "get", completed, "--jq", ".run.id, .run.status, (.run.status + 1), .run.agent_id"]);
    expect(result).toEqual({
      code: 1,
      stdout: `${completed}\ncompleted\n`,
      stderr: 'jq: error (at <stdin>:1): string ("completed") and number (1) cannot be added\n',
    });
    const halted = await duvo(["runs", "get", completed, "--jq", '"custom failure\\n" | halt_error']);
    expect(halted).toEqual({ code: 1, stdout: "", stderr: "custom failure\n" });
  });

  test("duvo api: each page is filtered; an error body is printed as it came (as gh api does), with its exit code", async () => {
    const pages = await duvo(["api", "GET", "/v2/teams/{teamId}/agents", "--paginate", "-F", "limit=2", "--jq", '.agents | map(.name) | join(", ")']);
    expect(pages.code).toBe(0);
    expect(pages.stdout.trimEnd().split("\n")).toHaveLength(3);
    expect(pages.stdout).toStartWith("Invoice Reconciler, Vendor Payment Approval\n");
    const missing = await duvo(["api", "GET", "/v2/runs/5e1f0c2a-7d3b-4c9e-8a30-0000000000ff", "--jq", ".run.id"]);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout)).toHaveProperty("error");
  });
});

describe("while following: jq runs on each NDJSON line as it arrives", () => {
  test("the same lines as --json through jq, line by line", async () => {
    const json = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--follow", "--json"]);
    const messages = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((line) => line.type !== "run_status");
    const viaJq = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--follow", "--jq", 'select(.type != "run_status") | "\\(.role): \\(.content)"']);
    expect(viaJq).toEqual({ code: 0, stdout: messages.map((message) => `${message.role}: ${message.content}\n`).join(""), stderr: "" });
  });

  test("a runtime error stops following at once, even while the run waits for a human; the run goes on", async () => {
    // A follow that did not stop would wait for the human forever: the test would time out.
    const result = await duvo([
      "runs",
      "start",
      "--agent",
      AGENT_IDS.approval,
      "--follow",
      "--jq",
      'if .type == "human_request" then error("needs a human: \\(.title)") else .type end',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("run_status"); // the waiting status came just before the request
    expect(result.stderr).toBe("jq: error (at <stdin>:1): needs a human: Approve payment to Acme Supplies\n");
    const runId = (await duvo(["runs", "list", "--agent", AGENT_IDS.approval, "--limit", "1", "--jq", ".data[0].id"])).stdout.trim();
    expect(emulator.getRun(runId)?.status).toBe("waiting");
  });

  test("an error in the middle of a page: the lines before it are printed, none after", async () => {
    const runId = await startRun(AGENT_IDS.bulk, "120");
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    const result = await duvo([
      "runs",
      "messages",
      runId,
      "--follow",
      "--jq",
      'select(.type == "text") | if .content == "Exported record 75 of 120." then error("stop") else .content end',
    ]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(75); // the start message "120", then records 1..74
    expect(lines.at(-1)).toBe("Exported record 74 of 120.");
    expect(result.stderr).toBe("jq: error (at <stdin>:1): stop\n");
  });

  test("filters that read other inputs (input, inputs) see one line at a time", async () => {
    const json = await duvo(["runs", "messages", completed, "--follow", "--json"]);
    const result = await duvo(["runs", "messages", completed, "--follow", "--jq", '[.type, (try input catch "no more")] | join(" ")']);
    expect(result.code).toBe(0);
    const types = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line).type as string);
    expect(result.stdout).toBe(types.map((type) => `${type} no more\n`).join(""));
  });

  test("debug output comes once per line, as with one jq run per line", async () => {
    const result = await duvo(["runs", "messages", completed, "--follow", "--jq", ".type | debug | empty"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`${["run_status", "text", "tool_call", "tool_result", "text", "run_status"].map((type) => `["DEBUG:","${type}"]\n`).join("")}`);
  });

  test("Ctrl-C: what jq was given is printed before the resume hint, whose offset counts it", async () => {
    const runId = await startRun(AGENT_IDS.approval);
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const result = await duvo(["runs", "messages", runId, "--follow", "--jq", ".type"], { interruptWhen: ({ stdout }) => stdout.includes("human_request\n") });
    expect(result.code).toBe(130);
    const printed = result.stdout
      .trimEnd()
      .split("\n")
      .filter((type) => type !== "run_status" && type !== "human_request").length;
    expect(printed).toBeGreaterThan(0);
    expect(result.stderr).toContain(`resume:   duvo runs messages ${runId} --follow --offset ${printed}`);
  });
});

describe("the compiled binary carries its own jq", () => {
  test("from a copy in an empty folder, run elsewhere, with nothing but the binary", async () => {
    const folder = tempDir("duvo-copy-");
    const copy = join(folder, "duvo");
    copyFileSync(BINARY, copy);
    const cleanEnv = { HOME: tempDir("duvo-home-"), DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_CONFIG_DIR: tempDir() };
    const result = await spawn(["runs", "get", completed, "--jq", ".run.status"], { binary: copy, cwd: tempDir("duvo-cwd-"), env: cleanEnv });
    expect(result).toEqual({ code: 0, stdout: "completed\n", stderr: "" });
    const follow = await spawn(["runs", "messages", completed, "--follow", "-q", ".type"], { binary: copy, cwd: "/", env: { ...cleanEnv, DUVO_POLL_SCALE: "0.02" } });
    expect(follow.stdout).toBe("run_status\ntext\ntool_call\ntool_result\ntext\nrun_status\n");
    const syntax = await spawn(["runs", "get", completed, "--jq", "{"], { binary: copy, cwd: "/", env: cleanEnv });
    expect(syntax.code).toBe(4);
    expect(syntax.stderr).toStartWith("jq: error: syntax error");

    // Stronger: with the whole repository (and so node_modules) hidden, where that can be done.
    const hide = ["unshare", "-m", "--", "sh", "-c", `mount -t tmpfs none "${ROOT}" && exec "$0" "$@"`];
    if (Bun.which("unshare") && Bun.spawnSync(["unshare", "-m", "true"], { stderr: "ignore" }).exitCode === 0) {
      const hidden = await spawn(["runs", "get", completed, "--jq", ".run.status"], { binary: copy, cwd: folder, env: { ...cleanEnv, PATH: "/usr/bin:/bin" }, wrap: hide });
      expect(hidden).toEqual({ code: 0, stdout: "completed\n", stderr: "" });
    } else {
      console.error("· unshare -m is not permitted here: skipped the run with the repository hidden");
    }
  });

  test.skipIf(process.platform === "win32")("piped into head -1 while following, it ends quietly", async () => {
    const bash = Bun.spawn(["bash", "-c", `"$DUVO" runs messages ${completed} --follow --jq .type | head -1; echo "exit=\${PIPESTATUS[0]}"`], {
      env: { ...process.env, ...env, DUVO: BINARY } as Record<string, string>,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr] = await Promise.all([new Response(bash.stdout).text(), new Response(bash.stderr).text()]);
    expect(stdout).toBe("run_status\nexit=0\n");
    expect(stderr).toBe("");
  });
});

// What --jq costs is measured by scripts/bench.ts (`bun run bench`), not asserted here.
describe("large outputs", () => {
  test(
    "--jq over the 10,001-message export prints what jq would",
    async () => {
      const runId = await startRun(AGENT_IDS.bulk, "10000");
      await eventually(() => emulator.getRun(runId)?.status === "completed");
      const outputs: string[] = [];
      for (const flags of [["--json"], ["--jq", ".messages | length"], ["--jq", '.messages[] | select(.role == "assistant") | .content']]) {
        const result = await spawn(["runs", "messages", runId, ...flags]);
        expect(result.code).toBe(0);
        expect(result.stderr).toBe("");
        outputs.push(result.stdout);
      }
      expect(JSON.parse(outputs[0]!).messages).toHaveLength(10_001);
      expect(outputs[1]).toBe("10001\n");
      expect(outputs[2]).toBe(Array.from({ length: 10_000 }, (_, index) => `Exported record ${index + 1} of 10000.\n`).join(""));
    },
    SLOW_TEST_MS,
  );

  test(
    "a follow of 10,000 lines with --jq: every line, in order, live and catching up",
    async () => {
      // Live: the run writes its 10,000 messages while we follow it.
      const live = await spawn(["runs", "start", "--agent", AGENT_IDS.bulk, "--message", "10000", "--follow", "--jq", 'select(.type == "text") | .content'], {
        env: { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...env },
      });
      expect(live.code).toBe(0);
      expect(live.stderr).toBe("");
      const expected = Array.from({ length: 10_000 }, (_, index) => `Exported record ${index + 1} of 10000.`);
      expect(live.stdout).toBe(["10000", ...expected, ""].join("\n"));

      // Catching up a finished run: 200 full pages back to back.
      const runId = emulator.requests.findLast((request) => request.method === "GET" && /^\/v2\/runs\/[^/]+$/.test(request.path))!.path.split("/")[3]!;
      const caughtUp = await spawn(["runs", "messages", runId, "--follow", "--jq", ".content // .status"]);
      expect(caughtUp.code).toBe(0);
      expect(caughtUp.stdout).toBe(["completed", "10000", ...expected, "completed", ""].join("\n"));
    },
    SLOW_TEST_MS,
  );
});
