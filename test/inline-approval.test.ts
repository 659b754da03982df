/**
 * A real terminal: the compiled binary in tmux follows a run, asks for approval inline,
 * gets a keypress, and follows the run to completion.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Emulator } from "../src/emulator/index.ts";
import { BINARY, eventually, tempDir, testEmulator, SLOW_TEST_MS } from "./helpers.ts";

let emulator: Emulator;
const session = `duvo-inline-${process.pid}`;
beforeAll(async () => {
  emulator = await testEmulator({ speed: 50 });
});
afterAll(async () => {
  tmux("kill-server");
  await emulator.stop();
});

// A tmux server of our own (-L): other tmux users on the machine (another test run) cannot disturb it.
const tmux = (...args: string[]) => Bun.spawnSync(["tmux", "-L", session, ...args], { env: { ...process.env, TMUX: "" }, stdout: "pipe", stderr: "pipe" });
const screen = () => new TextDecoder().decode(tmux("capture-pane", "-p", "-J", "-t", session).stdout);

test(
  "runs start --follow at a terminal: approve inline with the keyboard, see the run complete",
  async () => {
    const command = [
      `DUVO_API_BASE_URL=${emulator.url}`,
      `DUVO_API_KEY=${emulator.apiKey}`,
      `DUVO_CONFIG_DIR=${tempDir()}`,
      "DUVO_POLL_SCALE=0.1",
      `${BINARY} runs start --agent 'Vendor Payment Approval' --follow; echo "EXIT=$?"; sleep 60`,
    ].join(" ");
    expect(tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", `env ${command}`).exitCode).toBe(0);
    await eventually(() => screen().includes("Approve: Approve payment to Acme Supplies?"));
    expect(screen()).toContain("Approval needed: Approve payment to Acme Supplies");
    expect(screen()).toContain("○ Yes / ● No"); // the safe answer is the default
    tmux("send-keys", "-t", session, "Left");
    await eventually(() => screen().includes("● Yes / ○ No"));
    tmux("send-keys", "-t", session, "Enter");
    await eventually(() => screen().includes("EXIT="));
    const text = screen();
    expect(text).toContain("EXIT=0");
    expect(text).toMatch(/✓ Approved request [0-9a-f-]{36}/);
    expect(text).toContain("Payment sent: 1,250.00 EUR to Acme Supplies (PAY-90031).");
    expect(text).toMatch(/● run [0-9a-f-]{36} is completed/);
    const runId = /Started run ([0-9a-f-]{36})/.exec(text)![1]!;
    const posts = emulator.requests.filter((request) => request.method === "POST" && request.path.includes(`/runs/${runId}/human-requests/`));
    expect(posts.map((request) => request.body)).toEqual([{ approved: true }]);
  },
  SLOW_TEST_MS,
);

test(
  "Ctrl-C at a confirmation prompt is an interruption: exit 130, nothing sent",
  async () => {
    const runId = (
      await new Response(
        Bun.spawn([BINARY, "runs", "start", "--agent", "Vendor Payment Approval"], {
          env: { PATH: process.env.PATH, DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_CONFIG_DIR: tempDir() },
          stdout: "pipe",
          stderr: "ignore",
        }).stdout,
      ).text()
    ).trim();
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    const name = `${session}-stop`;
    const command = `env DUVO_API_BASE_URL=${emulator.url} DUVO_API_KEY=${emulator.apiKey} DUVO_CONFIG_DIR=${tempDir()} ${BINARY} runs stop ${runId}; echo "EXIT=$?"; sleep 60`;
    expect(tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "20", command).exitCode).toBe(0);
    try {
      const pane = () => new TextDecoder().decode(tmux("capture-pane", "-p", "-J", "-t", name).stdout);
      await eventually(() => pane().includes(`Stop run ${runId} (waiting)?`));
      tmux("send-keys", "-t", name, "C-c");
      await eventually(() => pane().includes("EXIT="));
      expect(pane()).toContain("EXIT=130");
      expect(emulator.requests.some((request) => request.method === "POST" && request.path.endsWith("/stop"))).toBe(false);
      expect(emulator.getRun(runId)!.status).toBe("waiting");
    } finally {
      tmux("kill-session", "-t", name);
    }
  },
  SLOW_TEST_MS,
);
