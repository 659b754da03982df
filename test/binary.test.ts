/**
 * End to end through the compiled binary: version and help, exit codes, piped output of
 * any size arriving whole, a reader that goes away, and Ctrl-C / SIGTERM while following.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { BINARY, eventually, exitOf, PATIENCE_MS, spawnDuvo, useEmulator } from "./helpers.ts";
import packageJson from "../package.json" with { type: "json" };

const { emulator, env } = useEmulator();

const bash = async (script: string, extraEnv: Record<string, string | undefined> = {}) => {
  const child = Bun.spawn(["bash", "-c", script], {
    env: { ...process.env, ...env, ...extraEnv, DUVO: BINARY } as Record<string, string>,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
};

async function startRun(agentId: string, message?: string) {
  const result = await spawnDuvo(["runs", "start", "--agent", agentId, ...(message ? ["--message", message] : [])], { env });
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

describe("the binary", () => {
  test("--version prints duvo <version> (<os>-<arch>, bun <version>)", async () => {
    const result = await spawnDuvo(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `duvo ${packageJson.version} (${process.platform}-${process.arch}, bun ${Bun.version})\n`, stderr: "" });
  });

  test("duvo, duvo runs and --help print usage and exit 0; duvo --help ends with the exit codes", async () => {
    for (const argv of [[], ["runs"], ["--help"], ["runs", "start", "--help"], ["runs", "get", "-h"]]) {
      const result = await spawnDuvo(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Usage");
      expect(result.stderr).toBe("");
    }
    const root = await spawnDuvo(["--help"]);
    expect(root.stdout.trimEnd().split("\n").at(-1)).toBe("  130   Ctrl-C (143 for SIGTERM); the run itself keeps going");
  });

  test("usage errors: one line, exit 4, no stack trace", async () => {
    const cases: [string[], string][] = [
      [["runs", "get"], 'error: missing argument <run-id> for "duvo runs get"\n'],
      [["runs", "get", "x", "--bogus"], 'error: unknown flag --bogus for "duvo runs get"; see "duvo runs get --help"\n'],
      [["runs", "stat"], 'error: unknown command "stat" for "duvo runs"; did you mean "start"?\n'],
      [["runs", "get", "a", "b"], 'error: unexpected argument "b" for "duvo runs get"\n'],
      [["runs", "get", "a"], 'error: invalid run id "a": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n'],
      [["--version", "runs"], 'error: "duvo --version" takes no other arguments (got "runs")\n'],
    ];
    for (const [argv, stderr] of cases) {
      const result = await spawnDuvo(argv, { env });
      expect({ argv, ...result }).toEqual({ argv, code: 4, stdout: "", stderr });
    }
  });

  test("no key is exit 2; an unreachable server is exit 1 with a clear line", async () => {
    const noKey = await spawnDuvo(["runs", "get", "00000000-0000-4000-8000-000000000000"], { env: { DUVO_CONFIG_DIR: env.DUVO_CONFIG_DIR } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toBe("error: no API key\nSet DUVO_API_KEY (or DUVO_API_KEY_FILE), or run `duvo login`.\n");
    const down = await spawnDuvo(["runs", "get", "00000000-0000-4000-8000-000000000000"], {
      env: { ...env, DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_RETRY_BUDGET: "0" },
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe("error: cannot reach http://127.0.0.1:9: connection refused\n");
  });

  test("plain http to a non-loopback host is refused before any request", async () => {
    const result = await spawnDuvo(["runs", "get", "00000000-0000-4000-8000-000000000000"], { env: { ...env, DUVO_API_BASE_URL: "http://api.example.com" } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("refusing to send the API key over plain http to api.example.com");
    expect(result.stderr).not.toContain(emulator.apiKey);
  });
});

describe("pipes", () => {
  let bulkRun: string;
  beforeAll(async () => {
    bulkRun = await startRun(AGENT_IDS.bulk, "10000");
    await eventually(() => emulator.getRun(bulkRun)?.status === "completed");
  });

  test("a 10,001-message export arrives whole through a pipe", async () => {
    const result = await bash(`"$DUVO" runs messages ${bulkRun} --json | cat > "$OUT" && wc -c < "$OUT" && tail -c 1 "$OUT" | od -c | head -1`, {
      OUT: `${env.DUVO_CONFIG_DIR}/export.json`,
    });
    expect(result.code).toBe(0);
    const file = await Bun.file(`${env.DUVO_CONFIG_DIR}/export.json`).text();
    const parsed = JSON.parse(file);
    expect(parsed.messages).toHaveLength(10_001);
    expect(Number(result.stdout.split("\n")[0])).toBe(Buffer.byteLength(file));
    expect(file.length).toBeGreaterThan(1_000_000);
  });

  test("the transcript piped through wc -l counts every message", async () => {
    const result = await bash(`"$DUVO" runs messages ${bulkRun} | wc -l`);
    expect(result.stdout.trim()).toBe("10001");
  });

  test("a full disk is not a reader that went away: exit 1 with a clear line", async () => {
    const result = await bash(`"$DUVO" runs messages ${bulkRun} --json > /dev/full`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: cannot write to stdout: ENOSPC\n");
  });

  test("a reader that goes away (| head -1) ends the program quietly", async () => {
    const result = await bash(`"$DUVO" runs messages ${bulkRun} | head -1; echo "exit=\${PIPESTATUS[0]}"`);
    expect(result.stdout.split("\n")[1]).toBe("exit=0");
    expect(result.stderr).toBe("");
  });

  test("a follow piped into head -1 stops the follow", async () => {
    const runId = await startRun(AGENT_IDS.approval);
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    // The follower learns that its reader went away at its next write: here, once the run
    // goes on after the answer (a follow that has nothing to print keeps polling).
    const shell = Bun.spawn(["bash", "-c", `timeout 20 "$DUVO" runs messages ${runId} --follow --json | head -1; echo "exit=\${PIPESTATUS[0]}"`], {
      env: { ...process.env, ...env, DUVO: BINARY } as Record<string, string>,
      stdout: "pipe",
      stderr: "pipe",
    });
    const reader = shell.stdout.getReader();
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += new TextDecoder().decode(value);
    }
    expect(JSON.parse(out.split("\n")[0]!)).toMatchObject({ type: "run_status", status: "waiting" });
    expect((await spawnDuvo(["runs", "respond", runId, "--approve"], { env })).code).toBe(0);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) out += new TextDecoder().decode(chunk.value);
    expect(out.split("\n")[1]).toBe("exit=0");
    expect(await new Response(shell.stderr).text()).toBe("");
  });
});

describe("signals", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    test(`${signal} while following exits ${code} and says how to resume`, async () => {
      const runId = await startRun(AGENT_IDS.approval);
      await eventually(() => emulator.getRun(runId)?.status === "waiting");
      const child = Bun.spawn([BINARY, "runs", "messages", runId, "--follow", "--json"], {
        env: { ...env, PATH: process.env.PATH } as Record<string, string>,
        stdout: "pipe",
        stderr: "pipe",
      });
      // Signal once the follower has printed the pending request (so it is idle, polling the run).
      let out = "";
      const decoder = new TextDecoder();
      const reader = child.stdout.getReader();
      while (!out.includes('"type":"human_request"')) {
        const { value, done } = await reader.read();
        if (done) break;
        out += decoder.decode(value, { stream: true });
      }
      child.kill(signal);
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) out += decoder.decode(chunk.value, { stream: true });
      const [exit, err] = await Promise.all([exitOf(child), new Response(child.stderr).text()]);
      expect(exit).toEqual({ code, killedBy: null });
      expect(out.endsWith("\n")).toBe(true);
      expect(err).toContain(`resume:   duvo runs messages ${runId} --follow --offset 1`);
      expect(emulator.getRun(runId)!.status).toBe("waiting");
    });
  }

  test("the control: a process without handlers killed by SIGINT or SIGTERM also reports 130/143, as killed by the signal", async () => {
    for (const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const) {
      const child = Bun.spawn(["sleep", "30"]);
      child.kill(signal);
      expect(await exitOf(child)).toEqual({ code, killedBy: signal });
    }
  });

  test("Ctrl-C while --message - waits for stdin ends it at once (exit 130, by the handler), nothing sent", async () => {
    const runId = await startRun(AGENT_IDS.complete);
    const mark = emulator.requests.length;
    const child = Bun.spawn([BINARY, "runs", "send-message", runId, "--message", "-", "--debug"], {
      env: { ...env, PATH: process.env.PATH } as Record<string, string>,
      stdin: "pipe", // held open: no EOF
      stdout: "pipe",
      stderr: "pipe",
    });
    // Interrupt once it says it is reading stdin (its handlers are in place long before).
    let err = "";
    const decoder = new TextDecoder();
    const reader = child.stderr.getReader();
    while (!err.includes("reading --message from stdin")) {
      const { value, done } = await reader.read();
      if (done) break;
      err += decoder.decode(value, { stream: true });
    }
    child.kill("SIGINT");
    const exited = await Promise.race([exitOf(child), Bun.sleep(PATIENCE_MS).then(() => "still waiting" as const)]);
    if (exited === "still waiting") child.kill("SIGKILL");
    expect(exited).toEqual({ code: 130, killedBy: null });
    expect(emulator.requests.slice(mark).filter((request) => request.method === "POST")).toHaveLength(0);
  });
});
