/**
 * examples/: the seed's three scripts rewritten without jq (`--jq` instead of `| jq -r`),
 * run like the originals (test/seed-scripts.test.ts) by bash with the compiled `duvo` on
 * PATH against the emulator — but on a PATH that holds no jq at all: only duvo, xargs and
 * a fast `sleep`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { BINARY, ROOT, eventually, tempDir, testEmulator } from "./helpers.ts";

const EXAMPLES = join(ROOT, "examples");
const SEED_SCRIPTS = join(ROOT, "..", "shared", "seed", "scripts");
const BASH = "/bin/bash";

// bash scripts: on Windows they would need a POSIX shell and tools the runner does not promise.
describe.skipIf(process.platform === "win32")("examples/ without jq", () => {
  let emulator: Emulator;
  /** The only folder on PATH: duvo, xargs, and a sleep shim. */
  let bin: string;
  beforeAll(async () => {
    emulator = await testEmulator({ speed: 100 });
    bin = tempDir("duvo-nojq-bin-");
    symlinkSync(BINARY, join(bin, "duvo"));
    symlinkSync(Bun.which("xargs")!, join(bin, "xargs"));
    // The wait script polls with `sleep 5`; a shim keeps the suite fast without touching the script.
    writeFileSync(join(bin, "sleep"), "#!/bin/sh\nexec /bin/sleep 0.05\n");
    chmodSync(join(bin, "sleep"), 0o755);
  });
  afterAll(() => emulator.stop());

  function scriptEnv(cwd: string, path: string, vars: Record<string, string>) {
    return {
      PATH: path,
      HOME: cwd,
      DUVO_API_BASE_URL: emulator.url,
      DUVO_API_KEY: emulator.apiKey,
      DUVO_CONFIG_DIR: join(cwd, "config"),
      ...vars,
    };
  }

  async function runScript(script: string, vars: Record<string, string>, path = bin) {
    const cwd = tempDir("duvo-example-");
    const child = Bun.spawn([BASH, script], { cwd, env: scriptEnv(cwd, path, vars), stdout: "pipe", stderr: "pipe" });
    const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    return { code, stdout, stderr, cwd };
  }

  const example = (name: string) => join(EXAMPLES, name);

  async function startRun(agentId: string, message?: string): Promise<string> {
    const child = Bun.spawn([BINARY, "runs", "start", "--agent", agentId, ...(message ? ["--message", message] : [])], {
      env: { DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_CONFIG_DIR: tempDir() },
      stdout: "pipe",
      stderr: "ignore",
    });
    return (await new Response(child.stdout).text()).trim();
  }

  test("there is no jq on the scripts' PATH, and the scripts do not mention it", () => {
    const probe = Bun.spawnSync([BASH, "-c", "command -v jq || echo 'no jq'; command -v duvo xargs sleep"], { env: { PATH: bin } });
    expect(probe.stdout.toString()).toBe(`no jq\n${join(bin, "duvo")}\n${join(bin, "xargs")}\n${join(bin, "sleep")}\n`);
    for (const name of ["wait-for-run.sh", "auto-approve.sh", "forward-output.sh"]) {
      const text = readFileSync(example(name), "utf8");
      expect(text).not.toMatch(/\|\s*jq\b/);
      expect(text).toContain("--jq '");
    }
  });

  test("wait-for-run.sh: starts a run, polls its status, reports how it finished", async () => {
    const completed = await runScript(example("wait-for-run.sh"), { AGENT_ID: AGENT_IDS.complete });
    expect(completed.code).toBe(0);
    expect(completed.stderr).toBe("");
    expect(completed.stdout).toMatch(/^Run [0-9a-f-]{36} finished with status: completed\n$/);
    const runId = completed.stdout.split(" ")[1]!;
    expect(emulator.getRun(runId)?.status).toBe("completed");

    const failed = await runScript(example("wait-for-run.sh"), { AGENT_ID: AGENT_IDS.fail });
    expect(failed.stdout).toMatch(/^Run [0-9a-f-]{36} finished with status: failed\n$/);
  });

  test("wait-for-run.sh works with an agent name too", async () => {
    const result = await runScript(example("wait-for-run.sh"), { AGENT_ID: "Invoice Reconciler" });
    expect(result.stdout).toMatch(/finished with status: completed\n$/);
  });

  test("auto-approve.sh: approves the pending request once, and the run goes on to complete", async () => {
    const runId = await startRun(AGENT_IDS.approval);
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const requestId = emulator.getRun(runId)!.pending!.id;
    emulator.clearRequests();
    const result = await runScript(example("auto-approve.sh"), { RUN_ID: runId });
    expect(result.code).toBe(0);
    const responds = emulator.requests.filter((request) => request.method === "POST" && request.path.endsWith("/respond"));
    expect(responds.map((request) => [request.path, request.body])).toEqual([
      [`/v2/runs/${runId}/human-requests/${requestId}/respond`, { approved: true }],
    ]);
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    expect(emulator.getRun(runId)!.messages.at(-1)!.text_content).toContain("Payment sent");
  });

  test("auto-approve.sh with nothing pending sends nothing and succeeds", async () => {
    const runId = await startRun(AGENT_IDS.complete);
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    emulator.clearRequests();
    const result = await runScript(example("auto-approve.sh"), { RUN_ID: runId });
    expect(result.code).toBe(0);
    expect(emulator.requests.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  test("forward-output.sh: writes each assistant message's content to run-output.log, as the jq original does", async () => {
    const runId = await startRun(AGENT_IDS.complete);
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    const result = await runScript(example("forward-output.sh"), { RUN_ID: runId });
    expect(result.code).toBe(0);
    const log = readFileSync(join(result.cwd, "run-output.log"), "utf8");
    const expected = emulator
      .getRun(runId)!
      .messages.filter((message) => message.role === "assistant")
      .map((message) => message.text_content ?? `${message.tool_call!.name}(${JSON.stringify(message.tool_call!.arguments)})`);
    expect(log).toBe(`${expected.join("\n")}\n`);
    // The seed's own script, with the system's jq (where there is one), writes the same file.
    const jq = Bun.which("jq");
    if (jq) {
      const original = await runScript(join(SEED_SCRIPTS, "forward-output.sh"), { RUN_ID: runId }, `${bin}:${dirname(jq)}:/usr/bin:/bin`);
      expect(readFileSync(join(original.cwd, "run-output.log"), "utf8")).toBe(log);
    }
  });

  test("forward-output.sh on a 2,000-message run keeps every line", async () => {
    const runId = await startRun(AGENT_IDS.bulk, "2000");
    await eventually(() => emulator.getRun(runId)?.status === "completed", 20_000);
    const result = await runScript(example("forward-output.sh"), { RUN_ID: runId });
    const lines = readFileSync(join(result.cwd, "run-output.log"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(2000);
    expect(lines[1999]).toBe("Exported record 2000 of 2000.");
  });
});
