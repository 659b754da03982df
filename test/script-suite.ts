/**
 * The seed's three scripts as a test suite, run by bash with the compiled `duvo` on PATH
 * against the emulator. test/seed-scripts.test.ts runs the originals (with jq);
 * test/examples.test.ts runs examples/ (the same scripts with --jq, on a PATH without jq).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { BINARY, eventually, tempDir, testEmulator } from "./helpers.ts";

/** Resolved here: a script's own PATH may hold nothing but duvo and a few tools. */
export const BASH = Bun.which("bash") ?? "/bin/bash";

export interface ScriptSuite {
  readonly emulator: Emulator;
  /** A folder holding `duvo` and a fast `sleep` (plus whatever `prepareBin` adds). */
  readonly bin: string;
  runScript(script: string, vars: Record<string, string>, path?: string): Promise<{ code: number; stdout: string; stderr: string; cwd: string }>;
  startRun(agentId: string, message?: string): Promise<string>;
}

export function describeScriptSuite(
  title: string,
  options: {
    /** The file of the script called `name` ("wait-for-run.sh", ...). */
    script(name: string): string;
    /** The scripts' PATH, given the bin folder. */
    path(bin: string): string;
    prepareBin?(bin: string): void;
    /** Skip the whole suite (the scripts are not there). */
    skip?: boolean;
  },
  extraTests?: (suite: ScriptSuite) => void,
) {
  describe.skipIf(options.skip ?? false)(title, () => {
    let emulator: Emulator;
    let bin: string;
    beforeAll(async () => {
      emulator = await testEmulator({ speed: 100 });
      bin = tempDir("duvo-bin-");
      symlinkSync(BINARY, join(bin, "duvo"));
      // The wait script polls with `sleep 5`; a shim keeps the suite fast without touching the script.
      writeFileSync(join(bin, "sleep"), "#!/bin/sh\nexec /bin/sleep 0.05\n");
      chmodSync(join(bin, "sleep"), 0o755);
      options.prepareBin?.(bin);
    });
    afterAll(() => emulator.stop());

    const suite: ScriptSuite = {
      get emulator() {
        return emulator;
      },
      get bin() {
        return bin;
      },
      async runScript(script, vars, path = options.path(bin)) {
        const cwd = tempDir("duvo-script-");
        const child = Bun.spawn([BASH, script], {
          cwd,
          env: { PATH: path, HOME: cwd, DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_CONFIG_DIR: join(cwd, "config"), ...vars },
          stdout: "pipe",
          stderr: "pipe",
        });
        const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
        return { code, stdout, stderr, cwd };
      },
      async startRun(agentId, message) {
        const child = Bun.spawn([BINARY, "runs", "start", "--agent", agentId, ...(message ? ["--message", message] : [])], {
          env: { PATH: process.env.PATH, DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_CONFIG_DIR: tempDir() },
          stdout: "pipe",
          stderr: "ignore",
        });
        return (await new Response(child.stdout).text()).trim();
      },
    };
    const { runScript, startRun } = suite;
    const script = options.script;

    test("wait-for-run.sh: starts a run, polls its status, reports how it finished", async () => {
      const completed = await runScript(script("wait-for-run.sh"), { AGENT_ID: AGENT_IDS.complete });
      expect(completed.code).toBe(0);
      expect(completed.stderr).toBe("");
      expect(completed.stdout).toMatch(/^Run [0-9a-f-]{36} finished with status: completed\n$/);
      const runId = completed.stdout.split(" ")[1]!;
      expect(emulator.getRun(runId)?.status).toBe("completed");

      const failed = await runScript(script("wait-for-run.sh"), { AGENT_ID: AGENT_IDS.fail });
      expect(failed.stdout).toMatch(/^Run [0-9a-f-]{36} finished with status: failed\n$/);
    });

    test("wait-for-run.sh works with an agent name too", async () => {
      const result = await runScript(script("wait-for-run.sh"), { AGENT_ID: "Invoice Reconciler" });
      expect(result.stdout).toMatch(/finished with status: completed\n$/);
    });

    test("auto-approve.sh: approves the pending request once, and the run goes on to complete", async () => {
      const runId = await startRun(AGENT_IDS.approval);
      await eventually(() => emulator.getRun(runId)?.status === "waiting");
      const requestId = emulator.getRun(runId)!.pending!.id;
      emulator.clearRequests();
      const result = await runScript(script("auto-approve.sh"), { RUN_ID: runId });
      expect(result.code).toBe(0);
      const responds = emulator.requests.filter((request) => request.method === "POST" && request.path.endsWith("/respond"));
      expect(responds.map((request) => [request.path, request.body])).toEqual([[`/v2/runs/${runId}/human-requests/${requestId}/respond`, { approved: true }]]);
      await eventually(() => emulator.getRun(runId)?.status === "completed");
      expect(emulator.getRun(runId)!.messages.at(-1)!.text_content).toContain("Payment sent");
    });

    test("auto-approve.sh with nothing pending sends nothing and succeeds", async () => {
      const runId = await startRun(AGENT_IDS.complete);
      await eventually(() => emulator.getRun(runId)?.status === "completed");
      emulator.clearRequests();
      const result = await runScript(script("auto-approve.sh"), { RUN_ID: runId });
      expect(result.code).toBe(0);
      expect(emulator.requests.filter((request) => request.method === "POST")).toHaveLength(0);
    });

    test("forward-output.sh: writes each assistant message's content to run-output.log", async () => {
      const runId = await startRun(AGENT_IDS.complete);
      await eventually(() => emulator.getRun(runId)?.status === "completed");
      const result = await runScript(script("forward-output.sh"), { RUN_ID: runId });
      expect(result.code).toBe(0);
      const log = readFileSync(join(result.cwd, "run-output.log"), "utf8");
      const expected = emulator
        .getRun(runId)!
        .messages.filter((message) => message.role === "assistant")
        .map((message) => message.text_content ?? `${message.tool_call!.name}(${JSON.stringify(message.tool_call!.arguments)})`);
      expect(log).toBe(`${expected.join("\n")}\n`);
      expect(log).toContain("Invoice INV-2024-0042 is reconciled: 1,250.00 EUR matched to payment PAY-88121.\n");
    });

    test("forward-output.sh on a 2,000-message run keeps every line", async () => {
      const runId = await startRun(AGENT_IDS.bulk, "2000");
      await eventually(() => emulator.getRun(runId)?.status === "completed");
      const result = await runScript(script("forward-output.sh"), { RUN_ID: runId });
      const lines = readFileSync(join(result.cwd, "run-output.log"), "utf8").trimEnd().split("\n");
      expect(lines).toHaveLength(2000);
      expect(lines[1999]).toBe("Exported record 2000 of 2000.");
    });

    extraTests?.(suite);
  });
}
