/** `duvo runs wait`: until terminal, or until input; timeouts and --exit-status. */
import { describe, expect, test } from "bun:test";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { eventually, useEmulator } from "./helpers.ts";

const { emulator, env, duvo } = useEmulator();

const start = async (scenario: keyof typeof AGENT_IDS) => (await duvo(["runs", "start", "--agent", AGENT_IDS[scenario]])).stdout.trim();

describe("runs wait", () => {
  test("blocks until the run ends, then prints it like get", async () => {
    const runId = await start("complete");
    const result = await duvo(["runs", "wait", runId]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[1]).toBe("Status       completed");
    expect(emulator.getRun(runId)!.status).toBe("completed");
  });

  test("--exit-status: 6 for a failed run, 0 for a completed one", async () => {
    expect((await duvo(["runs", "wait", await start("fail"), "--exit-status"])).code).toBe(6);
    expect((await duvo(["runs", "wait", await start("complete"), "--exit-status"])).code).toBe(0);
    expect((await duvo(["runs", "wait", await start("fail")])).code).toBe(0);
  });

  test("--until-input stops at a run that needs a human; with --exit-status that is 8", async () => {
    const runId = await start("questions");
    const result = await duvo(["runs", "wait", runId, "--until-input", "--json"]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.run.status).toBe("waiting");
    expect(output.pending_human_request.questions.map((question: { id: string }) => question.id)).toEqual(["1", "2"]);
    expect((await duvo(["runs", "wait", runId, "--until-input", "--exit-status"])).code).toBe(8);
  });

  test("a waiting run keeps `wait` waiting; --timeout ends it with exit 7", async () => {
    const runId = await start("approval");
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const began = Date.now();
    const result = await duvo(["runs", "wait", runId, "--timeout", "1s"]);
    expect(result.code).toBe(7);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    expect(result.stdout.split("\n")[1]).toBe("Status       waiting");
    expect(result.stderr).toBe(`! Timed out after 1s: run ${runId} is still waiting.\n`);
  });

  test("answering the request lets a waiting `wait` finish", async () => {
    const runId = await start("approval");
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const mark = emulator.requests.length;
    const waiting = duvo(["runs", "wait", runId, "--exit-status"]);
    // Answer only once `wait` has seen the run waiting.
    await eventually(() => emulator.requests.slice(mark).some((request) => request.path === `/v2/runs/${runId}` && request.status === 200));
    expect((await duvo(["runs", "respond", runId, "--deny"])).code).toBe(0);
    expect((await waiting).code).toBe(0);
  });

  test("a spinner on a terminal shows the status and elapsed time, then erases itself", async () => {
    const runId = await start("approval");
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const result = await duvo(["runs", "wait", runId, "--timeout", "1s"], { tty: true, env: { NO_COLOR: undefined, TERM: "xterm" } });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain(`⠋ run ${runId} is waiting (0s)`);
    expect(result.stderr).toContain("\r\x1b[2K");
    expect(result.stdout).not.toContain("⠋");
  });

  test.each([
    [["--timeout", "soon"], 'invalid duration "soon" for --timeout: use e.g. 90s, 5m or 1h'],
    [["--timeout", "10"], 'invalid duration "10" for --timeout: use e.g. 90s, 5m or 1h'],
  ])("%p is a usage error before any request", async (flags, message) => {
    emulator.clearRequests();
    const result = await duvo(["runs", "wait", "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90", ...flags]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`error: ${message}\n`);
    expect(emulator.requests).toHaveLength(0);
  });

  test("Ctrl-C while waiting exits 130", async () => {
    const runId = await start("approval");
    const result = await duvo(["runs", "wait", runId], { interruptAfterMs: 200 });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe(`Stopped waiting; run ${runId} keeps going.\n`);
  });
});

test("--timeout holds while the server is down and requests are being retried", async () => {
  const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.approval])).stdout.trim();
  await eventually(() => emulator.getRun(runId)?.status === "waiting");
  await emulator.down();
  try {
    const began = Date.now();
    const result = await duvo(["runs", "wait", runId, "--timeout", "1s"], { env: { DUVO_RETRY_BUDGET: "30" } });
    expect(result.code).toBe(7);
    expect(result.stderr).toBe("! Timed out after 1s before the run could be read.\n");
    expect(Date.now() - began).toBeLessThan(30_000); // not the 30 s retry budget
  } finally {
    await emulator.up();
  }
});
