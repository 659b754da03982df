/**
 * Reliability under injected faults (seeded, so repeatable): nothing lost, nothing twice,
 * clear failure when failure is real.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { AGENT_IDS, parseFaultSpec, type FaultRates } from "../src/emulator/index.ts";
import type { Transport } from "../src/api/client.ts";
import { acceleratedClock } from "../src/clock.ts";
import { emulatorEnv, eventually, runDuvo, TEST_CLOCK_SPEEDUP, tempDir, testEmulator, useEmulator, SLOW_TEST_MS } from "./helpers.ts";

/** 20% of responses are faults, of every kind. */
const TWENTY_PERCENT: FaultRates = { "429": 0.02, "500": 0.04, "502": 0.03, "503": 0.03, reset: 0.03, slow: 0.02, malformed: 0.015, schema: 0.015 };

// Slow answers outlast the client's timeout, so they count as failures to retry.
const { emulator, env } = useEmulator({ speed: 50 }, { DUVO_HTTP_TIMEOUT: "0.25" });

const duvo = (argv: string[], extra: Record<string, string | undefined> = {}) => runDuvo(argv, { env: { ...env, ...extra } });
const ndjson = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
/** Runs `run` with faults on; they are off again however it ends. */
async function underFaults<T>(faults: Parameters<typeof emulator.setFaults>[0], run: () => Promise<T>): Promise<T> {
  emulator.setFaults(faults);
  try {
    return await run();
  } finally {
    emulator.setFaults(undefined);
  }
}
const withFaults = (rates: FaultRates, seed: number) => ({ rates, seed, slowMs: 400 });

describe("fault spec", () => {
  test("parses kinds and probabilities; rejects the rest with a clear message", () => {
    expect(parseFaultSpec("500:0.1,429:0.05,reset:0.05")).toEqual({ "500": 0.1, "429": 0.05, reset: 0.05 });
    expect(() => parseFaultSpec("teapot:0.1")).toThrow('invalid fault "teapot:0.1"');
    expect(() => parseFaultSpec("500:2")).toThrow('invalid probability "2" for 500');
    expect(() => parseFaultSpec("500:0.6,502:0.6")).toThrow("add up to 1.2");
  });

  test("duvo emulator --faults with a bad spec is a usage error", async () => {
    const result = await runDuvo(["emulator", "--port", "0", "--faults", "500:x"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe('error: --faults: invalid probability "x" for 500: expected 0 to 1\n');
  });
});

describe("following a 2,000-message run while 20% of responses are faults", () => {
  let runId: string;
  let reference: { id: string; content: string }[];
  let faultFree: string;
  beforeAll(async () => {
    emulator.setFaults(undefined);
    runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.bulk, "--message", "2000"])).stdout.trim();
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    faultFree = (await duvo(["runs", "messages", runId, "--json"])).stdout;
    reference = JSON.parse(faultFree).messages.map(({ id, content }: { id: string; content: string }) => ({ id, content }));
    expect(reference).toHaveLength(2001);
  }, SLOW_TEST_MS); // a 2,000-message run and its read: over 20 s on a busy machine

  test(
    "--follow --json prints exactly the fault-free messages, none lost, none twice, exit 0",
    async () => {
      const { result, counts } = await underFaults(withFaults(TWENTY_PERCENT, 7), async () => ({
        result: await duvo(["runs", "messages", runId, "--follow", "--json"]),
        counts: emulator.faultCounts()!,
      }));
      expect(result.code).toBe(0);
      const messages = ndjson(result.stdout).filter((line) => line.type !== "run_status");
      expect(messages.map(({ id, content }) => ({ id, content }))).toEqual(reference);
      const injected = Object.values(counts).reduce((sum, count) => sum + count, 0);
      expect(injected).toBeGreaterThanOrEqual(5);
      expect(Object.values(counts).filter((count) => count > 0).length).toBeGreaterThanOrEqual(4);
    },
    SLOW_TEST_MS,
  );

  test(
    "runs messages --json (no follow) prints byte for byte the fault-free output",
    async () => {
      const result = await underFaults(withFaults(TWENTY_PERCENT, 11), () => duvo(["runs", "messages", runId, "--json"]));
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(faultFree);
    },
    SLOW_TEST_MS,
  );

  test(
    "a live follow of a run being written, under faults, sees every message once",
    async () => {
      const live = (await duvo(["runs", "start", "--agent", AGENT_IDS.bulk, "--message", "600"])).stdout.trim();
      const result = await underFaults(withFaults(TWENTY_PERCENT, 3), () => duvo(["runs", "messages", live, "--follow", "--json"]));
      expect(result.code).toBe(0);
      const ids = ndjson(result.stdout)
        .filter((line) => line.type !== "run_status")
        .map((line) => line.id);
      expect(ids).toEqual(emulator.getRun(live)!.messages.map((message) => message.id));
    },
    SLOW_TEST_MS,
  );
});

describe("changes are never done twice", () => {
  test("a start whose connection drops after it took effect: exit 1, one run created, how to check", async () => {
    const before = emulator.requests.length;
    const result = await underFaults(withFaults({ reset: 1 }, 1), () =>
      duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", "drop-test"], { DUVO_TEAM_ID: emulator.teamId }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the run may or may not have been started");
    expect(result.stderr).toContain(`Check with: duvo runs list --agent ${AGENT_IDS.complete} --limit 5`);
    const posts = emulator.requests.slice(before).filter((request) => request.method === "POST");
    expect(posts).toHaveLength(1);
  });

  test("5xx on a respond is not retried; the error is exit 1", async () => {
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.approval])).stdout.trim();
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const before = emulator.requests.length;
    const result = await underFaults({ rates: { "502": 1 }, methods: ["POST"] }, () => duvo(["runs", "respond", runId, "--approve"]));
    const posts = emulator.requests.slice(before).filter((request) => request.method === "POST");
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`error: POST /runs/${runId}/human-requests/`);
    expect(result.stderr).toContain("failed with 502: Bad Gateway: Injected 502");
    expect(posts).toHaveLength(1);
  });
});

describe("outages", () => {
  test(
    "a follow survives the server being down for 20 s (of its clock) and resumes without loss",
    async () => {
      // 250 messages at 50 a second: the run is still being written during the outage.
      const slow = await testEmulator({ speed: 1 });
      try {
        const slowEnv = emulatorEnv(slow);
        const runId = (await runDuvo(["runs", "start", "--agent", AGENT_IDS.bulk, "--message", "250"], { env: slowEnv })).stdout.trim();
        // The transport counts the attempts that found the server down, so the test knows the outage was felt.
        let refused = 0;
        const transport: Transport = (input, init) =>
          fetch(input, init).catch((error) => {
            refused++;
            throw error;
          });
        const clock = acceleratedClock(TEST_CLOCK_SPEEDUP);
        const follow = runDuvo(["runs", "messages", runId, "--follow", "--json"], { env: slowEnv, clock, fetch: transport });
        await eventually(() => (slow.getRun(runId)?.messages.length ?? 0) > 5);
        await slow.down();
        const downAt = clock.now();
        await eventually(() => refused >= 3 && clock.now() - downAt >= 20_000);
        const writtenWhileDown = slow.getRun(runId)!.messages.length;
        await slow.up();
        const result = await follow;
        expect(result.code).toBe(0);
        expect(writtenWhileDown).toBeLessThan(251); // the outage came while the run was still being written
        const ids = ndjson(result.stdout)
          .filter((line) => line.type !== "run_status")
          .map((line) => line.id);
        expect(ids).toHaveLength(251);
        expect(ids).toEqual(slow.getRun(runId)!.messages.map((message) => message.id));
      } finally {
        await slow.stop();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "when the retry budget runs out, it exits 1 saying how to resume",
    async () => {
      const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.approval])).stdout.trim();
      await eventually(() => emulator.getRun(runId)?.status === "waiting");
      const mark = emulator.requests.length;
      const follow = duvo(["runs", "messages", runId, "--follow"], { DUVO_RETRY_BUDGET: "1" });
      // Down once the follower has read the first page (so one message was printed).
      await eventually(() => emulator.requests.slice(mark).some((request) => request.path.endsWith("/messages") && request.status === 200));
      await emulator.down();
      let result;
      try {
        result = await follow;
      } finally {
        await emulator.up();
      }
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: cannot reach ${emulator.url}: connection refused`);
      expect(result.stderr).toContain(`To resume: duvo runs messages ${runId} --follow --offset 1`);
    },
    SLOW_TEST_MS,
  );
});

describe("hostile server text", () => {
  test("terminal control sequences are stripped in human output and kept exact in --json", async () => {
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.complete])).stdout.trim();
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    const nasty = "red \u001b[31mALERT\u001b[0m \u001b]0;pwned\u0007title \u001b[2Jclear \u0007bell \u009b31mc1";
    expect((await duvo(["runs", "send-message", runId, "--message", nasty])).code).toBe(0);
    const human = await duvo(["runs", "messages", runId]);
    const line = human.stdout.split("\n").find((text) => text.includes("ALERT"))!;
    expect(line).toEndWith("user       red ALERT title clear bell c1");
    expect(human.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const json = JSON.parse((await duvo(["runs", "messages", runId, "--json"])).stdout);
    expect(json.messages.some((message: { content: string }) => message.content === nasty)).toBe(true);
  });

  test("an oversized response is a clear error", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(`{"run":"${"x".repeat(65 * 2 ** 20)}"}`) });
    try {
      const result = await runDuvo(["runs", "get", "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90"], {
        env: { DUVO_API_BASE_URL: `http://127.0.0.1:${server.port}`, DUVO_API_KEY: "dv_x", DUVO_CONFIG_DIR: tempDir() },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("error: unexpected response from GET /runs/3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90: the body is over 64 MiB\n");
    } finally {
      await server.stop(true);
    }
  });
});

describe("a start whose answer cannot be read says the run may exist", () => {
  test.each(["500", "502", "malformed", "schema"] as const)("%s on the POST: exit 1, the run may or may not exist, how to check", async (fault) => {
    const before = emulator.requests.length;
    const result = await underFaults({ rates: { [fault]: 1 }, methods: ["POST"] }, () => duvo(["runs", "start", "--agent", AGENT_IDS.complete], { DUVO_TEAM_ID: emulator.teamId }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const [message, hint] = result.stderr.trimEnd().split("\n");
    expect(message).toEndWith("; the run may or may not have been started");
    expect(hint).toBe(`Check with: duvo runs list --agent ${AGENT_IDS.complete} --limit 5`);
    expect(emulator.requests.slice(before).filter((request) => request.method === "POST")).toHaveLength(1);
  });
});
