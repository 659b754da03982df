/**
 * A real terminal: the compiled binary in a 100-column tmux pane prints `runs list` and
 * `agents list` fitted to the width, with relative times and coloured statuses.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { BINARY, eventually, tempDir, testEmulator, SLOW_TEST_MS } from "./helpers.ts";

const WIDTH = 100;
let emulator: Emulator;
const session = `duvo-tables-${process.pid}`;

beforeAll(async () => {
  emulator = await testEmulator();
  const titles = ["Reconcile the March invoices against the general ledger and report every difference", "3月分の請求書を照合して差異をすべて報告してください", "Quick check"];
  for (const [index, message] of titles.entries()) {
    const agent = [AGENT_IDS.complete, AGENT_IDS.approval, AGENT_IDS.complete][index]!;
    const response = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ agent_id: agent, message }),
    });
    expect(response.status).toBe(201);
  }
});
afterAll(async () => {
  tmux("kill-server");
  await emulator.stop();
});

// A tmux server of our own (-L): other tmux users on the machine (another test run) cannot disturb it.
const tmux = (...args: string[]) => Bun.spawnSync(["tmux", "-L", session, ...args], { env: { ...process.env, TMUX: "" }, stdout: "pipe", stderr: "pipe" });
/** The pane's text; -J joins lines the terminal wrapped, so a line too wide shows as one. */
const screen = (...flags: string[]) => new TextDecoder().decode(tmux("capture-pane", "-p", "-J", ...flags, "-t", session).stdout);

test(
  `runs list and agents list in a ${WIDTH}-column terminal: fitted, relative times, coloured statuses`,
  async () => {
    const command = [
      `DUVO_API_BASE_URL=${emulator.url}`,
      `DUVO_API_KEY=${emulator.apiKey}`,
      `DUVO_CONFIG_DIR=${tempDir()}`,
      "NO_COLOR= FORCE_COLOR=",
      `sh -c '${BINARY} runs list; echo "EXIT=$?"; ${BINARY} agents list; echo "EXIT=$?"; sleep 60'`,
    ].join(" ");
    expect(tmux("new-session", "-d", "-s", session, "-x", String(WIDTH), "-y", "30", `env ${command}`).exitCode).toBe(0);
    await eventually(() => (screen().match(/EXIT=/g)?.length ?? 0) >= 2);

    const lines = screen()
      .split("\n")
      .map((line) => line.trimEnd())
      .filter(Boolean);
    expect(lines.filter((line) => line.startsWith("EXIT="))).toEqual(["EXIT=0", "EXIT=0"]);
    for (const line of lines) expect(Bun.stringWidth(line), line).toBeLessThanOrEqual(WIDTH);

    const runsTable = lines.slice(0, lines.indexOf("EXIT=0"));
    expect(runsTable[0]).toMatch(/^ID {2,}STATUS {2,}AGENT {2,}TITLE {2,}CREATED$/);
    const rows = runsTable.slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} {2}/); // ids whole
      expect(row).toMatch(/ {2}(just now|\d+s ago|\d+m ago)$/); // relative, not ISO
      expect(row).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    }
    // the long titles are cut with an ellipsis, the CJK one at a whole character
    expect(rows.some((row) => /Reconcile the March.*…/.test(row))).toBe(true);
    expect(rows.some((row) => /3月分の.*…/.test(row))).toBe(true);
    expect(rows.some((row) => row.includes("Quick check"))).toBe(true);

    const agentsTable = lines.slice(lines.indexOf("EXIT=0") + 1, lines.lastIndexOf("EXIT=0"));
    expect(agentsTable[0]).toMatch(/^ID {2,}NAME {2,}LAST RUN {2,}REVISION$/);
    expect(agentsTable.some((row) => /Invoice Reconciler +(just now|\d+s ago) +3$/.test(row))).toBe(true);

    // statuses in colour (the terminal sees SGR codes around them)
    expect(screen("-e")).toMatch(/\x1b\[3[2-6]m(completed|running|waiting|needs_attention|pending|starting)/);
  },
  SLOW_TEST_MS,
);
