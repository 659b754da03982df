/**
 * Profile-guided layout of a compiled binary's bytecode (`bun build --bytecode-order`): a
 * bytecode build of `duvo` runs the commands that must start fastest (the one-request
 * commands of docs/performance.md, `--help`, `--version`) against the emulator with
 * BUN_BYTECODE_ORDER_OUT, and the build is compiled again with those files, so the bytecode
 * those runs use lies together at the front. Measured side by side: `runs get --json`
 * 36.3 → 34.3 ms, `whoami` 35.2 → 33.9 ms (docs/performance.md). Only the layout changes:
 * the same code runs either way, and a profile from an older build still applies to the
 * functions that did not change.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { AGENT_IDS, startEmulator } from "../src/emulator/index.ts";

/**
 * Runs `binary` (a bytecode build) once per profiled command against a fresh emulator and
 * returns the order files it wrote into `folder`, most important first.
 */
export async function recordBytecodeOrder(binary: string, folder: string): Promise<string[]> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const emulator = await startEmulator({ port: 0, speed: 100, rateLimit: 0 });
  try {
    const headers = { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" };
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${path}: ${response.status}`);
      return (await response.json()) as Record<string, { id: string }>;
    };
    const runId = (await post("/runs", { agent_id: AGENT_IDS.complete })).run!.id;
    const queueId = (await post("/queues", { name: "Bytecode order" })).queue!.id;
    const commands: [string, string[]][] = [
      ["runs-get-json", ["runs", "get", runId, "--json"]],
      ["runs-get", ["runs", "get", runId]],
      ["whoami", ["whoami"]],
      ["agents-get-json", ["agents", "get", AGENT_IDS.complete, "--json"]],
      ["agents-get", ["agents", "get", AGENT_IDS.complete]],
      ["queues-get-json", ["queues", "get", queueId, "--json"]],
      ["queues-get", ["queues", "get", queueId]],
      ["whoami-json", ["whoami", "--json"]],
      ["help", ["runs", "get", "--help"]],
      ["version", ["--version"]],
    ];
    const files: string[] = [];
    for (const [name, args] of commands) {
      const file = join(folder, `${name}.txt`);
      const child = Bun.spawn([binary, ...args], {
        env: { ...process.env, DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_TEAM_ID: emulator.teamId, NO_COLOR: "1", BUN_BYTECODE_ORDER_OUT: file },
        stdout: "ignore",
        stderr: "pipe",
      });
      const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
      if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}: ${stderr}`);
      if (!(await Bun.file(file).exists())) throw new Error(`${args.join(" ")} wrote no bytecode order (BUN_BYTECODE_ORDER_OUT)`);
      files.push(file);
    }
    return files;
  } finally {
    await emulator.stop();
  }
}
