/**
 * `bun scripts/bench-declarative.ts [--rate-limit N] [--latency MS]`: duvo plan and apply of a
 * team of 50 agents (each with a config, two integrations with a pinned connection and a
 * queue, the team's one secret, a rubric, a schedule, a case trigger and an event trigger) against the
 * emulator, in-process through the real parser: wall time and requests (reads, writes, 429s)
 * of the first plan, the apply that makes everything, the plan and apply that find nothing to
 * do, and a plan with one change. Prints a markdown table on stdout, progress on stderr.
 *
 * Defaults: 20 ms latency per response and the emulator's default rate limit (300 requests a
 * minute per key), which the client must keep within (no 429 in the table means it did).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MULTI_TEAM_ID, MULTI_TEAM_KEY, startEmulator } from "../src/emulator/index.ts";
import { memoryOutput } from "../src/output/io.ts";
import { runCli } from "../src/run-cli.ts";

const AGENTS = 50;
const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const rateLimit = flag("--rate-limit", 300);
const latencyMs = flag("--latency", 20);
const log = (text: string) => console.error(`· ${text}`);

const folder = mkdtempSync(join(tmpdir(), "duvo-bench-declarative-"));
const emulator = await startEmulator({ port: 0, speed: 200, rateLimit, latencyMs });
const env = {
  PATH: process.env.PATH,
  HOME: folder,
  DUVO_CONFIG_DIR: folder,
  DUVO_API_BASE_URL: emulator.url,
  DUVO_API_KEY: MULTI_TEAM_KEY,
  DUVO_TEAM_ID: MULTI_TEAM_ID,
  NO_COLOR: "1",
  BENCH_TOKEN: "bench-secret-value",
};

async function duvo(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = memoryOutput(false);
  const stderr = memoryOutput(false);
  const io = { stdout, stderr, stdinIsTTY: false, readStdin: async () => "", env, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function manifest(input: string): string {
  const agent = (n: number) => `  - name: Agent ${String(n).padStart(2, "0")}
    folder: Bench
    config:
      version: v2
      data:
        models: {agent: {model: gpt-4o}, browsing: {provider: google, model: gemini-2.5-flash}}
        input: ${n === 1 ? input : "Work the queue."}
    integrations:
      - {type: gmail, connections: [Bench Gmail]}
      - {type: case-queue-consumer, queues: [Queue ${n % 2}]}
    secrets: [Bench secret]
    rubrics: [{title: Done right, description: The work matches what was asked for.}]
    schedules: [{enabled: true, frequency: daily, time: "07:00", timezone: UTC}]
    case_triggers: [{queue: Queue ${n % 2}, enabled: false}]
    event_triggers: [{integration: gmail, type: new_email, enabled: true, filter: {from: agent${n}@example.com}}]
`;
  return `version: 1
folders: [{name: Bench}]
queues:
  - {name: Queue 0, labels: [{value: urgent, color_hue: 10}]}
  - {name: Queue 1, labels: [{value: urgent, color_hue: 10}]}
secrets:
  - {name: Bench secret, shared: true, variables: {TOKEN: "\${env:BENCH_TOKEN}"}}
agents:
${Array.from({ length: AGENTS }, (_, i) => agent(i + 1)).join("")}`;
}

const rows: string[] = [];
async function measure(what: string, argv: string[], expectCode: number): Promise<void> {
  emulator.clearRequests();
  const started = performance.now();
  const result = await duvo(argv);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== expectCode) throw new Error(`${what}: exit ${result.code}, expected ${expectCode}: ${result.stderr}`);
  const requests = emulator.requests;
  const reads = requests.filter((r) => r.method === "GET").length;
  const limited = requests.filter((r) => r.status === 429).length;
  const perSecond = requests.length / seconds;
  rows.push(`| ${what} | ${seconds.toFixed(2)} s | ${requests.length} | ${reads} | ${requests.length - reads} | ${limited} | ${perSecond.toFixed(1)}/s |`);
  log(`${what}: ${seconds.toFixed(2)} s, ${requests.length} requests (${limited} answered 429)`);
}

try {
  const created = await fetch(`${emulator.url}/v2/teams/${MULTI_TEAM_ID}/connections`, {
    method: "POST",
    headers: { authorization: `Bearer ${MULTI_TEAM_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench Gmail", provider: "user", auth_method: "apikey", server_url: "https://mcp.example.com" }),
  });
  if (created.status >= 300) throw new Error(`creating the connection: ${created.status}`);
  const file = join(folder, "duvo.yaml");
  const changed = join(folder, "changed.yaml");
  writeFileSync(file, manifest("Work the queue."));
  writeFileSync(changed, manifest("Work the queue, oldest first."));
  log(`${AGENTS} agents, ${latencyMs} ms latency, rate limit ${rateLimit || "off"} requests/minute`);
  await measure("plan, empty team (everything to create)", ["plan", "-f", file, "--detailed-exitcode"], 2);
  await measure("apply, empty team (makes everything)", ["apply", "-f", file], 0);
  await measure("plan, nothing to do", ["plan", "-f", file, "--detailed-exitcode"], 0);
  await measure("apply, nothing to do", ["apply", "-f", file], 0);
  await measure("plan, one config changed", ["plan", "-f", changed, "--detailed-exitcode"], 2);
  await measure("apply, one config changed (new revision, promoted)", ["apply", "-f", changed], 0);
  console.log(`${AGENTS} agents; emulator latency ${latencyMs} ms; rate limit ${rateLimit || "off"}/min; reads 8 at a time\n`);
  console.log("| run | time | requests | reads | writes | 429s | rate |\n|---|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
} finally {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
}
