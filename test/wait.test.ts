/** `duvo runs wait`: until terminal, or until input; timeouts and --exit-status. */
import { describe, expect, test } from "bun:test";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { documentExample, eventually, expectSent, runDuvo, tempDir, useEmulator } from "./helpers.ts";
import { connectionRefused, fakeClock, stubTransport } from "./fake-clock.ts";

const { emulator, duvo } = useEmulator();

const start = async (scenario: keyof typeof AGENT_IDS) => (await duvo(["runs", "start", "--agent", AGENT_IDS[scenario]])).stdout.trim();

describe("runs wait", () => {
  test("blocks until the run ends, then prints it like get", async () => {
    const runId = await start("complete");
    emulator.clearRequests();
    const result = await duvo(["runs", "wait", runId]);
    expect(result.code).toBe(0);
    // Only the run, read until it ended (the last read saw it completed).
    expect(new Set(emulator.requests.map((request) => request.operationId))).toEqual(new Set(["getRun"]));
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/runs/${runId}` });
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

describe("runs wait in virtual time (a fake clock and an in-process API)", () => {
  const RUN_ID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
  const run = (status: string) => ({
    ...documentExample("getRun").run, // every key the document requires
    id: RUN_ID,
    agent_id: "5e1f0c2a-7d3b-4c9e-8a30-000000000001",
    status,
    created_at: "2026-11-28T10:00:00Z",
    updated_at: "2026-11-28T10:00:02Z",
  });
  /** `runs wait` against an API whose answers `respond` picks by request number. */
  async function waitAgainst(respond: (count: number) => Response, flags: string[], extraEnv: Record<string, string | undefined> = {}, tty = false) {
    const time = fakeClock();
    const api = stubTransport(time, (_, count) => respond(count));
    const result = await runDuvo(["runs", "wait", RUN_ID, ...flags], {
      env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_API_KEY: "dv_test", DUVO_TEAM_ID: "5e1f0c2a-7d3b-4c9e-8a10-000000000001", DUVO_CONFIG_DIR: tempDir(), ...extraEnv },
      clock: time.clock,
      fetch: api.fetch,
      tty,
    });
    return { ...result, reads: api.received.map((request) => request.at), elapsed: time.elapsed() };
  }
  const answer = (status: string) => Response.json({ run: run(status), pending_human_request: null });

  test("a busy run is read every 2 s until it ends", async () => {
    const result = await waitAgainst((count) => answer(count < 4 ? "running" : "completed"), ["--exit-status"]);
    expect(result.code).toBe(0);
    expect(result.reads).toEqual([0, 2_000, 4_000, 6_000]);
  });

  test("a waiting run keeps `wait` waiting, read every 5 s; --timeout 1m ends it at 1 minute with exit 7", async () => {
    const result = await waitAgainst(() => answer("waiting"), ["--timeout", "1m"]);
    expect(result.code).toBe(7);
    expect(result.elapsed).toBe(60_000);
    expect(result.reads).toEqual(Array.from({ length: 13 }, (_, index) => index * 5_000));
    expect(result.stdout.split("\n")[1]).toBe("Status       waiting");
    expect(result.stderr).toBe(`! Timed out after 1m: run ${RUN_ID} is still waiting.\n`);
  });

  test("a spinner on a terminal shows the status and the elapsed time, then erases itself", async () => {
    const result = await waitAgainst((count) => answer(count < 3 ? "waiting" : "completed"), [], { NO_COLOR: undefined, TERM: "xterm" }, true);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`⠋ run ${RUN_ID} is waiting (0s)`);
    expect(result.stderr.endsWith("\r\x1b[2K")).toBe(true); // erased before the result is printed
    expect(result.stdout).not.toContain("⠋");
    expect(result.stdout.split("\n")[1]).toBe("\x1b[1mStatus     \x1b[22m  \x1b[32mcompleted\x1b[39m"); // a terminal: coloured
  });

  test("needs_attention needs a human like waiting: --until-input --exit-status stops there with 8", async () => {
    const stopped = await waitAgainst((count) => answer(count < 2 ? "running" : "needs_attention"), ["--until-input", "--exit-status"]);
    expect(stopped.code).toBe(8);
    expect(stopped.reads).toEqual([0, 2_000]);
    expect(stopped.stdout.split("\n")[1]).toBe("Status       needs_attention");
    // Without --until-input it keeps waiting, at the pace for a run that needs a human.
    const kept = await waitAgainst((count) => answer(count < 3 ? "needs_attention" : "completed"), ["--exit-status"]);
    expect(kept.code).toBe(0);
    expect(kept.reads).toEqual([0, 5_000, 10_000]);
  });

  test.each(["stopped", "interrupted", "failed"])("--exit-status: a run that ended %s is exit 6 (0 without --exit-status)", async (status) => {
    const withStatus = await waitAgainst(() => answer(status), ["--exit-status"]);
    expect(withStatus.code).toBe(6);
    expect(withStatus.stdout.split("\n")[1]).toBe(`Status       ${status}`);
    expect((await waitAgainst(() => answer(status), [])).code).toBe(0);
  });

  test("run: null (the run no longer exists) is exit 3", async () => {
    const result = await waitAgainst(() => Response.json({ run: null, pending_human_request: null }), []);
    expect(result).toMatchObject({ code: 3, stdout: "", stderr: `error: run ${RUN_ID} no longer exists\n` });
  });

  test("--timeout holds while the server is down and requests are being retried (not the 30 s retry budget)", async () => {
    const result = await waitAgainst(
      () => {
        throw connectionRefused();
      },
      ["--timeout", "1s"],
      { DUVO_RETRY_BUDGET: "30" },
    );
    expect(result).toMatchObject({ code: 7, stdout: "", stderr: "! Timed out after 1s before the run could be read.\n" });
    expect(result.elapsed).toBe(1_000);
    expect(result.reads.length).toBeGreaterThanOrEqual(2); // it was retrying when the timeout came
  });
});
