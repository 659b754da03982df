/**
 * `bun run bench`: speed and memory of `duvo`, each measured side by side with its
 * baseline in one run, as medians over repeated runs and ratios. Talks only to an
 * emulator on 127.0.0.1. `--quick` shortens the minute-long polling measurements.
 *
 *   bun run build && bun run bench            # prints a markdown table (stdout) and progress (stderr)
 *   bun run bench --previous OLD_BINARY        # the floor ratios only, this build and an older one side by side
 *   bun run bench --floor-only [--runs N]      # the floor ratios of this build alone
 *   bun run bench --floor-only --latency 20    # the same with 20 ms added to each answer, as a network would (curl waits too)
 *   bun run bench --scaling [--quick]          # export, import and list of 1k/10k/100k: time, peak memory, requests
 *   bun run bench --scaling --import-only [--quick]  # the import rows of that table alone
 *   bun run bench --follow-only [--previous OLD_BINARY]  # the follow rows alone (with OLD_BINARY's beside them)
 *
 * The floors: `--help` (three levels) and `--version` against a hello-world compiled the same
 * way (scripts/bench-hello.ts); one-request commands (`runs get`, `agents get`, `queues get`,
 * `whoami`, with `--json` and without) against `curl -s` of the same URLs. Every command is run
 * `--runs` times (default 20), interleaved with its floor, so a busy machine slows all alike.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AGENT_IDS, startEmulator, type Emulator } from "../src/emulator/index.ts";
import { compile } from "./compile.ts";

const ROOT = join(import.meta.dir, "..");
const DUVO = join(ROOT, "dist", "duvo");
const HELLO = join(ROOT, "dist", "bench", "hello");
const ESSENTIALS = join(ROOT, "dist", "bench", "essentials");
const quick = process.argv.includes("--quick");
const log = (text: string) => console.error(`· ${text}`);

interface Row {
  measure: string;
  duvo: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}
const rows: Row[] = [];
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

function row(measure: string, duvo: number, baseline: number | undefined, format: (value: number) => string, target?: { ratio?: number; max?: number; text: string }) {
  const ratio = baseline ? duvo / baseline : undefined;
  const met = target ? ((target.ratio === undefined || (ratio ?? Infinity) <= target.ratio) && (target.max === undefined || duvo <= target.max) ? "yes" : "NO") : "";
  rows.push({
    measure,
    duvo: format(duvo),
    baseline: baseline === undefined ? "" : format(baseline),
    ratio: ratio === undefined ? "" : `${ratio.toFixed(2)}×`,
    target: target?.text ?? "",
    met,
  });
}

/** Wall time of one process run, from spawn to exit (async: the emulator answers from this process). */
async function timeRun(command: string[], env?: Record<string, string>): Promise<number> {
  return (await timeAndCpu(command, env)).wall;
}

/**
 * Wall time and CPU time (user + system) of one process run. On a loaded machine the wall
 * time of a short run is mostly waiting for a core; its CPU time is the work it did.
 */
async function timeAndCpu(command: string[], env?: Record<string, string>): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const child = Bun.spawn(command, { stdout: "ignore", stderr: "pipe", env: env ?? (process.env as Record<string, string>) });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  const wall = performance.now() - started;
  if (code !== 0) throw new Error(`${command.join(" ")} exited ${code}: ${stderr}`);
  const usage = child.resourceUsage();
  return { wall, cpu: usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : Number.NaN };
}

function envFor(emulator: Emulator): Record<string, string> {
  return { ...(process.env as Record<string, string>), DUVO_API_BASE_URL: emulator.url, DUVO_API_KEY: emulator.apiKey, DUVO_TEAM_ID: emulator.teamId, NO_COLOR: "1" };
}

async function startRun(emulator: Emulator, agentId: string, message?: string): Promise<string> {
  const response = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/runs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ agent_id: agentId, ...(message ? { message } : {}) }),
  });
  return ((await response.json()) as { run: { id: string } }).run.id;
}

async function waitFor(check: () => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await Bun.sleep(20);
  }
}

const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt !== -1 ? Number(process.argv[runsAt + 1]) : quick ? 7 : 20;
const latencyAt = process.argv.indexOf("--latency");
/** Added by the floor's emulator to every answer: a network's round trip, which curl waits for too. */
const FLOOR_LATENCY_MS = latencyAt !== -1 ? Number(process.argv[latencyAt + 1]) : 0;

/** One row of the floor table: a command, its floor, and each build's median and ratio to the floor. */
interface FloorRow {
  measure: string;
  floor: string;
  floorMs: number;
  builds: number[];
  /** Median CPU time (user + system) of the floor and of each build. */
  floorCpu: number;
  buildsCpu: number[];
  target: number;
}
const floorRows: FloorRow[] = [];
/** The essentials program (scripts/bench-essentials.ts) against curl, timed in the same rounds. */
let essentials: { ms: number; curlMs: number } | undefined;

/**
 * Start-up against its floor, for this build and (when given) an earlier one, side by side
 * in one run: `--version` and `--help` at three levels against the hello-world, and the
 * one-request commands against curl of the same URLs (whoami asks two: curl fetches both).
 */
async function floorRatios(previous?: string) {
  const builds = previous ? [DUVO, previous] : [DUVO];
  log(`floors: ${builds.join(" vs ")}, ${RUNS} runs each, interleaved`);
  await compile({ entry: "scripts/bench-hello.ts", outfile: HELLO });
  await compile({ entry: "scripts/bench-essentials.ts", outfile: ESSENTIALS, bytecode: true });
  const curl = Bun.which("curl");
  const emulator = await startEmulator({ port: 0, speed: 100, rateLimit: 0, latencyMs: FLOOR_LATENCY_MS });
  try {
    const env = envFor(emulator);
    const runId = await startRun(emulator, AGENT_IDS.complete);
    const created = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/queues`, {
      method: "POST",
      headers: { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Bench floor" }),
    });
    const queueId = ((await created.json()) as { queue: { id: string } }).queue.id;
    const curlOf = (...paths: string[]) => [curl!, "-s", "-f", "-H", `Authorization: Bearer ${emulator.apiKey}`, ...paths.map((path) => `${emulator.url}/v2${path}`)];
    const cases: { measure: string; args: string[]; floor: string[]; floorName: string; target: number }[] = [
      { measure: "`duvo --version`", args: ["--version"], floor: [HELLO], floorName: "hello-world", target: 1.15 },
      { measure: "`duvo --help`", args: ["--help"], floor: [HELLO], floorName: "hello-world", target: 1.3 },
      { measure: "`duvo runs --help`", args: ["runs", "--help"], floor: [HELLO], floorName: "hello-world", target: 1.3 },
      { measure: "`duvo runs get --help`", args: ["runs", "get", "--help"], floor: [HELLO], floorName: "hello-world", target: 1.3 },
    ];
    if (curl) {
      const requests: [string, string[], string[]][] = [
        ["runs get <id>", ["runs", "get", runId], [`/runs/${runId}`]],
        ["agents get <id>", ["agents", "get", AGENT_IDS.complete], [`/agents/${AGENT_IDS.complete}`]],
        ["queues get <id>", ["queues", "get", queueId], [`/queues/${queueId}`]],
        ["whoami", ["whoami"], ["/teams", "/profile"]],
      ];
      for (const [name, args, paths] of requests) {
        for (const json of [true, false]) {
          cases.push({
            measure: `\`duvo ${name}${json ? " --json" : ""}\``,
            args: json ? [...args, "--json"] : args,
            floor: curlOf(...paths),
            floorName: `curl (${paths.length} URL${paths.length > 1 ? "s" : ""})`,
            target: 1.3,
          });
        }
      }
    } else {
      log("curl is not installed: skipping the one-request commands");
    }
    const reference = curl ? { run: [ESSENTIALS, AGENT_IDS.complete], floor: curlOf(`/agents/${AGENT_IDS.complete}`), samples: [] as number[] } : undefined;
    // Every command of every build must work before it is timed.
    for (const item of cases) for (const build of builds) await timeRun([build, ...item.args], env);
    if (reference) await timeRun(reference.run, env);
    const floors = new Map<string, { wall: number; cpu: number }[]>();
    const samples = cases.map(() => builds.map(() => [] as { wall: number; cpu: number }[]));
    for (let round = 0; round < RUNS; round++) {
      for (const [index, item] of cases.entries()) {
        const key = item.floor.join(" ");
        if (!floors.has(key)) floors.set(key, []);
        floors.get(key)!.push(await timeAndCpu(item.floor, env));
        for (const [which, build] of builds.entries()) samples[index]![which]!.push(await timeAndCpu([build, ...item.args], env));
      }
      if (reference) reference.samples.push(await timeRun(reference.run, env));
    }
    const medianOf = (runs: { wall: number; cpu: number }[], field: "wall" | "cpu") => median(runs.map((run) => run[field]));
    if (reference) essentials = { ms: median(reference.samples), curlMs: medianOf(floors.get(reference.floor.join(" "))!, "wall") };
    for (const [index, item] of cases.entries()) {
      const floor = floors.get(item.floor.join(" "))!;
      floorRows.push({
        measure: item.measure,
        floor: item.floorName,
        floorMs: medianOf(floor, "wall"),
        builds: samples[index]!.map((runs) => medianOf(runs, "wall")),
        floorCpu: medianOf(floor, "cpu"),
        buildsCpu: samples[index]!.map((runs) => medianOf(runs, "cpu")),
        target: item.target,
      });
    }
  } finally {
    await emulator.stop();
  }
}

function floorTable(previous?: string): string {
  // The target is on wall time; the CPU ratio (user + system, medians) is the steadier figure on a loaded machine.
  const header = ["measure", "floor", "floor ms", "this build", "ratio", "CPU ratio", ...(previous ? ["previous build", "ratio", "CPU ratio"] : []), "target", "met"];
  const lines = [header, header.map(() => "---")];
  for (const item of floorRows) {
    const ratios = item.builds.map((value) => value / item.floorMs);
    lines.push([
      item.measure,
      item.floor,
      ms(item.floorMs),
      ...item.builds.flatMap((value, index) => [ms(value), `${ratios[index]!.toFixed(2)}×`, `${(item.buildsCpu[index]! / item.floorCpu).toFixed(2)}×`]),
      `≤ ${item.target}×`,
      ratios[0]! <= item.target ? "yes" : "NO",
    ]);
  }
  const table = lines.map((cells) => `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`).join("\n");
  if (!essentials) return table;
  const { ms: took, curlMs } = essentials;
  return `${table}\n\nReference, timed in the same rounds: the essentials of \`agents get <id> --json\` alone (scripts/bench-essentials.ts: key from the environment, the GET, the answer's schema, the check, the print) ${ms(took)}, ${(took / curlMs).toFixed(2)}× curl.`;
}

/** Peak resident memory of a child, read from /proc while it runs (Linux). */
async function runWithPeakMemory(command: string[], env: Record<string, string>, outfile: string) {
  const started = performance.now();
  const child = Bun.spawn(command, { env, stdout: Bun.file(outfile), stderr: "ignore" });
  let peakKb = 0;
  const sample = () => {
    try {
      const status = require("node:fs").readFileSync(`/proc/${child.pid}/status`, "utf8") as string;
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone already
    }
  };
  const timer = setInterval(sample, 5);
  const code = await child.exited;
  clearInterval(timer);
  if (code !== 0) throw new Error(`${command.join(" ")} exited ${code}`);
  return { ms: performance.now() - started, peakMb: peakKb / 1024 };
}

async function exportMessages() {
  log("exporting a 10,000-message run with 20 ms latency per response, against fetching the pages one by one");
  const emulator = await startEmulator({ port: 0, speed: 1000, rateLimit: 0, latencyMs: 20 });
  try {
    const runId = await startRun(emulator, AGENT_IDS.bulk, "10000");
    await waitFor(() => emulator.getRun(runId)?.status === "completed");
    const outfile = join(ROOT, "dist", "bench", "export.json");
    const times: number[] = [];
    const memory: number[] = [];
    const sequential: number[] = [];
    for (let round = 0; round < 3; round++) {
      const result = await runWithPeakMemory([DUVO, "runs", "messages", runId, "--json"], envFor(emulator), outfile);
      times.push(result.ms);
      memory.push(result.peakMb);
      sequential.push(await fetchPagesOneByOne(emulator, runId));
    }
    // --jq over the same export: the filter's cost on top of the plain export.
    const jqTimes: number[] = [];
    const plainTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      plainTimes.push((await runWithPeakMemory([DUVO, "runs", "messages", runId, "--json"], envFor(emulator), outfile)).ms);
      jqTimes.push(
        (await runWithPeakMemory([DUVO, "runs", "messages", runId, "--jq", '.messages[] | select(.role == "assistant") | .content'], envFor(emulator), `${outfile}.jq`)).ms,
      );
    }
    row("export with `--jq '.messages[] | select(.role==\"assistant\") | .content'`", median(jqTimes), median(plainTimes), ms, {
      text: "adds < 200 ms",
      max: median(plainTimes) + 200,
    });
    // Following the finished run from the start: 10,003 NDJSON lines, each through jq as it arrives.
    const followJson: number[] = [];
    const followJq: number[] = [];
    for (let round = 0; round < 3; round++) {
      followJson.push((await runWithPeakMemory([DUVO, "runs", "messages", runId, "--follow", "--json"], envFor(emulator), `${outfile}.ndjson`)).ms);
      followJq.push((await runWithPeakMemory([DUVO, "runs", "messages", runId, "--follow", "--jq", ".content // .status"], envFor(emulator), `${outfile}.jq`)).ms);
    }
    row("follow of 10,003 lines, `--jq` on each vs `--json`", median(followJq), median(followJson), ms);
    const exported = JSON.parse(await Bun.file(outfile).text()) as { messages: unknown[] };
    if (exported.messages.length !== 10_001) throw new Error(`export has ${exported.messages.length} messages`);
    row("export 10,001 messages (`runs messages --json > file`, 20 ms latency)", median(times), median(sequential), ms, {
      max: 1000,
      text: "< 1 s (one-by-one > 4 s)",
    });
    row("peak memory of that export", median(memory), undefined, (value) => `${value.toFixed(0)} MB`, { max: 100, text: "< 100 MB" });
  } finally {
    await emulator.stop();
  }
}

async function fetchPagesOneByOne(emulator: Emulator, runId: string): Promise<number> {
  const started = performance.now();
  for (let offset = 0; ; offset += 50) {
    const response = await fetch(`${emulator.url}/v2/runs/${runId}/messages?limit=50&offset=${offset}`, {
      headers: { Authorization: `Bearer ${emulator.apiKey}` },
    });
    const page = (await response.json()) as { messages: unknown[] };
    if (page.messages.length < 50) break;
  }
  return performance.now() - started;
}

async function followWaiting(binary = DUVO, label = "") {
  const seconds = quick ? 15 : 60;
  log(`following a run that waits for a human${label}: requests in ${seconds} s`);
  const answered: number[] = [];
  const emulator = await startEmulator({ port: 0, speed: 50, rateLimit: 0, onResponse: () => void answered.push(Date.now()) });
  try {
    const runId = await startRun(emulator, AGENT_IDS.approval);
    await waitFor(() => emulator.getRun(runId)?.status === "waiting");
    const before = answered.length;
    const child = Bun.spawn([binary, "runs", "messages", runId, "--follow", "--json"], { env: envFor(emulator), stdout: "ignore", stderr: "ignore" });
    // Settle: the initial reads (the run, its messages) are not steady polling; on a loaded machine the start alone may take a second.
    await waitFor(() => answered.length >= before + 2);
    await Bun.sleep(1000);
    // Counted by the time each answer left, in exactly `seconds` (a sleep on a busy machine oversleeps).
    const start = Date.now();
    await Bun.sleep(seconds * 1000 + 500);
    const requests = answered.filter((at) => at >= start && at < start + seconds * 1000).length;
    child.kill("SIGINT");
    await child.exited;
    row(`follow, run waiting for a human: requests per minute${label}`, (requests * 60) / seconds, undefined, (value) => value.toFixed(1), { max: 12, text: "≤ 12" });
  } finally {
    await emulator.stop();
  }
}

async function followBusy(binary = DUVO, label = "") {
  const count = quick ? 20 : 60;
  log(`following a busy run${label} (a message every ~0.67 s, ${count} messages): delay from creation to printing`);
  // The bulk agent writes a message every 20 ms at speed 1: speed 0.03 spaces them ~0.67 s apart.
  const emulator = await startEmulator({ port: 0, speed: 0.03, rateLimit: 0 });
  try {
    const runId = await startRun(emulator, AGENT_IDS.bulk, String(count));
    const child = Bun.spawn([binary, "runs", "messages", runId, "--follow", "--json"], { env: envFor(emulator), stdout: "pipe", stderr: "ignore" });
    const delays: number[] = [];
    let buffered = "";
    let windowStart = 0;
    let windowRequests = 0;
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      const now = Date.now();
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as { type: string; role?: string; timestamp: string };
        buffered = buffered.slice(newline + 1);
        if (line.type !== "run_status" && line.role === "assistant") {
          delays.push(now - Date.parse(line.timestamp));
          if (delays.length === 3) {
            windowStart = performance.now();
            emulator.clearRequests();
          }
        }
      }
    }
    windowRequests = emulator.requests.length;
    const windowSeconds = (performance.now() - windowStart) / 1000;
    await child.exited;
    const steady = delays.slice(2);
    row(`follow, busy run: delay creation → printed (median)${label}`, median(steady), undefined, ms, { max: 1200, text: "< 1.2 s" });
    row(`follow, busy run: delay creation → printed (p95)${label}`, percentile(steady, 0.95), undefined, ms, { max: 1200, text: "≤ 1.2 s" });
    row(`follow, busy run: requests per minute${label}`, (windowRequests * 60) / windowSeconds, undefined, (value) => value.toFixed(1), { max: 60, text: "≤ 60" });
  } finally {
    await emulator.stop();
  }
}

function sizes() {
  const release = join(ROOT, "dist", "release");
  row("binary size (this machine, dist/duvo)", statSync(DUVO).size / 2 ** 20, undefined, (value) => `${value.toFixed(1)} MiB`);
  if (!existsSync(release)) return log("no dist/release: run `bun scripts/build.ts` for per-target archive sizes");
  for (const name of readdirSync(release)
    .filter((file) => /\.(tar\.gz|zip)$/.test(file))
    .sort()) {
    const archive = join(release, name);
    // The binary's size as listed inside the archive (tar -tv / unzip -l).
    const listing = name.endsWith(".zip") ? Bun.spawnSync(["unzip", "-l", archive]).stdout.toString() : Bun.spawnSync(["tar", "-tvzf", archive]).stdout.toString();
    const binaryLine = listing.split("\n").find((line) => /\bduvo(\.exe)?$/.test(line.trim())) ?? "";
    const binaryBytes = Number((name.endsWith(".zip") ? binaryLine.trim().split(/\s+/)[0] : binaryLine.trim().split(/\s+/)[2]) ?? 0);
    const target = name.replace(/^duvo-[^-]+-/, "").replace(/\.(tar\.gz|zip)$/, "");
    rows.push({
      measure: `size: ${target} (binary / archive)`,
      duvo: `${(binaryBytes / 2 ** 20).toFixed(1)} MiB / ${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB`,
      baseline: "",
      ratio: "",
      target: "",
      met: "",
    });
  }
}

if (!existsSync(DUVO)) {
  console.error("dist/duvo is missing: run `bun run build` first");
  process.exit(1);
}
const machine = `${process.platform}-${process.arch}, ${navigator.hardwareConcurrency} cores, bun ${Bun.version}`;
log(`machine: ${machine}`);
async function importCases() {
  log("importing 10,000 cases (cases create --from-file, CSV) at 20 ms latency, under the emulator's rate limit");
  const arrivals: number[] = [];
  let refused = 0;
  const emulator = await startEmulator({
    port: 0,
    speed: 100,
    latencyMs: 20,
    rateLimit: 300,
    onResponse: (request) => {
      arrivals.push(Date.now());
      if (request.status === 429) refused++;
    },
  });
  try {
    const env = envFor(emulator);
    const created = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/queues`, {
      method: "POST",
      headers: { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Bench import" }),
    });
    const queue = ((await created.json()) as { queue: { id: string } }).queue.id;
    const rows = Array.from(
      { length: 10_000 },
      (_, i) => `Invoice ${i},"{""amount"": ${i}, ""customer"": ""Acme ${i % 97}""}",${i % 10 === 0 ? "high" : ""},region=EU;batch=${Math.floor(i / 1000)}`,
    );
    const csv = join(ROOT, "dist", "bench", "cases.csv");
    await Bun.write(csv, `title,data,priority,labels\n${rows.join("\n")}\n`);
    arrivals.length = 0;
    const result = await runWithPeakMemory([DUVO, "cases", "create", "--queue", queue, "--from-file", csv, "--json"], env, join(ROOT, "dist", "bench", "import.json"));
    const answer = JSON.parse(await Bun.file(join(ROOT, "dist", "bench", "import.json")).text()) as { added_cases: unknown[] };
    if (answer.added_cases.length !== 10_000) throw new Error(`the import added ${answer.added_cases.length} cases`);
    // The most requests in any 60-second window, against the limit the server announced.
    let peak = 0;
    for (let start = 0, end = 0; end < arrivals.length; end++) {
      while (arrivals[end]! - arrivals[start]! >= 60_000) start++;
      peak = Math.max(peak, end - start + 1);
    }
    row("import 10,000 cases (`cases create --from-file`, CSV, 20 ms latency)", result.ms, undefined, ms);
    row("peak memory of that import", result.peakMb, undefined, (value) => `${value.toFixed(0)} MB`, { max: 100, text: "< 100 MB" });
    row(`requests in any minute of that import (${arrivals.length} in all, ${refused} refused)`, peak, undefined, (value) => String(value), {
      max: 300,
      text: "≤ 300 (the announced limit)",
    });
  } finally {
    await emulator.stop();
  }
}

/**
 * `cases list --all` of 100,000 cases, to a file and as --json: the pages are printed as
 * they arrive, so the peak memory stays that of one page, not of the list.
 */
async function listAllCases() {
  const count = quick ? 20_000 : 100_000;
  log(`listing ${count.toLocaleString("en")} cases with cases list --all (table and --json), peak memory`);
  require("node:fs").mkdirSync(join(ROOT, "dist", "bench"), { recursive: true });
  const emulator = await startEmulator({ port: 0, speed: 100, rateLimit: 0 });
  try {
    const env = envFor(emulator);
    const headers = { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" };
    const created = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/queues`, { method: "POST", headers, body: JSON.stringify({ name: "Bench list" }) });
    const queue = ((await created.json()) as { queue: { id: string } }).queue.id;
    for (let start = 0; start < count; start += 100) {
      const cases = Array.from({ length: 100 }, (_, i) => ({ title: `Invoice ${start + i}`, data: JSON.stringify({ amount: start + i, customer: `Acme ${(start + i) % 97}` }) }));
      const added = await fetch(`${emulator.url}/v2/queues/${queue}/cases`, { method: "POST", headers, body: JSON.stringify({ cases }) });
      if (!added.ok) throw new Error(`adding cases: ${added.status} ${await added.text()}`);
    }
    for (const [form, extra] of [
      ["table", []],
      ["--json", ["--json"]],
    ] as const) {
      const outfile = join(ROOT, "dist", "bench", `cases-list${extra.length ? ".json" : ".txt"}`);
      const result = await runWithPeakMemory([DUVO, "cases", "list", "--queue", queue, "--all", ...extra], env, outfile);
      const text = await Bun.file(outfile).text();
      const listed = extra.length ? (JSON.parse(text) as { cases: unknown[] }).cases.length : text.split("\n").length - 2;
      if (listed !== count) throw new Error(`cases list --all ${form} listed ${listed} of ${count}`);
      row(`cases list --all of ${count.toLocaleString("en")} cases (${form}, to a file)`, result.ms, undefined, ms);
      row(`peak memory of that list (${form}, ${(text.length / 1e6).toFixed(0)} MB written)`, result.peakMb, undefined, (value) => `${value.toFixed(0)} MB`, {
        max: 100,
        text: "< 100 MB",
      });
    }
  } finally {
    await emulator.stop();
  }
}

/** One row of the scaling table: a command over n items, its wall time, peak memory and requests. */
interface ScaleRow {
  measure: string;
  count: number;
  ms: number;
  peakMb: number;
  requests: number;
}
const scaleRows: ScaleRow[] = [];

/**
 * `--scaling`: export of 1k/10k/100k messages (`runs messages --json`), `--jq` over the
 * 100k export (a filter that streams, and the same filter in parentheses, which takes the
 * whole document), import of 1k/10k/100k cases (`cases create --from-file`, CSV) and
 * `cases list --all --json` of the 100k imported. Each runs once (these are long), against an
 * emulator at 20 ms latency per response and no rate limit (the import under the announced
 * limit is `importCases`); time should grow linearly with the count and memory stay flat.
 */
async function scaling() {
  const counts = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const big = counts.at(-1)!;
  const importOnly = process.argv.includes("--import-only");
  require("node:fs").mkdirSync(join(ROOT, "dist", "bench"), { recursive: true });
  let requests = 0;
  const emulator = await startEmulator({ port: 0, speed: 100_000, rateLimit: 0, latencyMs: 20, onResponse: () => requests++ });
  /** Runs `command` once; `check` counts what it wrote, which must be `expected` (default `count`). */
  const measure = async (name: string, count: number, command: string[], outfile: string, check: (text: string) => number, expected = count) => {
    log(`scaling: ${name}, ${count.toLocaleString("en")}`);
    requests = 0;
    require("node:fs").rmSync(outfile, { force: true }); // Bun.file as stdout does not truncate what a bigger run left
    const result = await runWithPeakMemory(command, envFor(emulator), outfile);
    const made = check(await Bun.file(outfile).text());
    if (made !== expected) throw new Error(`${name}: ${made}, not ${expected}`);
    scaleRows.push({ measure: name, count, ms: result.ms, peakMb: result.peakMb, requests });
  };
  try {
    const headers = { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" };
    const out = (name: string) => join(ROOT, "dist", "bench", name);
    for (const count of importOnly ? [] : counts) {
      const runId = await startRun(emulator, AGENT_IDS.bulk, String(count));
      await waitFor(() => emulator.getRun(runId)?.status === "completed");
      // The run holds its start message and the records: the records are counted.
      const records = (text: string) =>
        (JSON.parse(text) as { messages: { text_content?: string }[] }).messages.filter((item) => item.text_content?.startsWith("Exported record")).length;
      await measure("export `runs messages --json`", count, [DUVO, "runs", "messages", runId, "--json"], out("scale-export.json"), records);
      if (count !== big) continue;
      const messages = (JSON.parse(await Bun.file(out("scale-export.json")).text()) as { messages: unknown[] }).messages.length;
      const lines = (text: string) => text.split("\n").length - 1;
      for (const [name, filter] of [
        ["`--jq '.messages[].id'` over that export (streams)", ".messages[].id"],
        ["`--jq '(.messages[].id)'` (the whole document)", "(.messages[].id)"],
      ]) {
        await measure(name!, count, [DUVO, "runs", "messages", runId, "--jq", filter!], out("scale-export.jq"), lines, messages);
      }
    }
    let bigQueue = "";
    for (const count of counts) {
      const created = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/queues`, { method: "POST", headers, body: JSON.stringify({ name: `Scaling ${count}` }) });
      const queue = ((await created.json()) as { queue: { id: string } }).queue.id;
      const rows = Array.from(
        { length: count },
        (_, i) => `Invoice ${i},"{""amount"": ${i}, ""customer"": ""Acme ${i % 97}""}",${i % 10 === 0 ? "high" : ""},region=EU;batch=${Math.floor(i / 1000)}`,
      );
      const csv = out("scale-cases.csv");
      await Bun.write(csv, `title,data,priority,labels\n${rows.join("\n")}\n`);
      const added = (text: string) => (JSON.parse(text) as { added_cases: unknown[] }).added_cases.length;
      await measure("import `cases create --from-file` (CSV)", count, [DUVO, "cases", "create", "--queue", queue, "--from-file", csv, "--json"], out("scale-import.json"), added);
      bigQueue = queue;
    }
    if (importOnly) return;
    const listed = (text: string) => (JSON.parse(text) as { cases: unknown[] }).cases.length;
    await measure("`cases list --all --json`", big, [DUVO, "cases", "list", "--queue", bigQueue, "--all", "--json"], out("scale-list.json"), listed);
  } finally {
    await emulator.stop();
  }
}

function scalingTable(): string {
  const lines = ["| command | items | time | per 1k items | peak memory | requests | requests/min |", "| --- | --- | --- | --- | --- | --- | --- |"];
  for (const item of scaleRows) {
    lines.push(
      `| ${item.measure.replaceAll("|", "\\|")} | ${item.count.toLocaleString("en")} | ${ms(item.ms)} | ${ms((item.ms * 1000) / item.count)} | ${item.peakMb.toFixed(0)} MB | ${item.requests} | ${Math.round((item.requests * 60_000) / item.ms)} |`,
    );
  }
  return lines.join("\n");
}

function markdownTable(): string {
  const header: Row = { measure: "measure", duvo: "duvo", baseline: "baseline", ratio: "ratio", target: "target", met: "met" };
  return [header, { measure: "---", duvo: "---", baseline: "---", ratio: "---", target: "---", met: "---" }, ...rows]
    .map((item) => `| ${[item.measure, item.duvo, item.baseline, item.ratio, item.target, item.met].map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`)
    .join("\n");
}

/** What the machine was doing: the floors are ratios measured side by side, but a loaded machine stretches all of them. */
function machineLine(): string {
  const load = require("node:os").loadavg() as number[];
  const latency = FLOOR_LATENCY_MS ? `; the emulator adds ${FLOOR_LATENCY_MS} ms to every answer` : "";
  return `Machine: ${machine}; load average ${load.map((value) => value.toFixed(2)).join(", ")} (1, 5, 15 min); ${RUNS} runs each, medians of wall time (CPU ratio: of user + system time)${latency}`;
}

const previousAt = process.argv.indexOf("--previous");
if (process.argv.includes("--follow-only")) {
  // The follow rows alone; with --previous, the older build's rows run at the same time (each on its own emulator).
  const previous = previousAt === -1 ? undefined : process.argv[previousAt + 1];
  if (previousAt !== -1 && (!previous || !existsSync(previous))) throw new Error("--previous needs the path of an earlier duvo binary");
  await Promise.all([followWaiting(), ...(previous ? [followWaiting(previous, " (previous build)")] : [])]);
  await Promise.all([followBusy(), ...(previous ? [followBusy(previous, " (previous build)")] : [])]);
  console.log(`${machineLine()}\n\n${markdownTable()}`);
  process.exit(0);
}
if (previousAt !== -1 || process.argv.includes("--floor-only")) {
  const previous = previousAt === -1 ? undefined : process.argv[previousAt + 1];
  if (previousAt !== -1 && (!previous || !existsSync(previous))) throw new Error("--previous needs the path of an earlier duvo binary");
  await floorRatios(previous);
  console.log(`${machineLine()}\n\n${floorTable(previous)}`);
  process.exit(0);
}

if (process.argv.includes("--scaling")) {
  await scaling();
  const load = (require("node:os").loadavg() as number[]).map((value) => value.toFixed(2)).join(", ");
  console.log(`Machine: ${machine}; load average ${load} (1, 5, 15 min); each row run once, 20 ms latency per response, no rate limit\n\n${scalingTable()}`);
  process.exit(0);
}

if (process.argv.includes("--list-only")) {
  await listAllCases();
  console.log(markdownTable());
  process.exit(0);
}

if (process.argv.includes("--import-only")) {
  await importCases();
  console.log(markdownTable());
  process.exit(0);
}

await floorRatios();
await importCases();
await listAllCases();
await exportMessages();
await followWaiting();
await followBusy();
sizes();

console.log(`${machineLine()}\n\n${floorTable()}\n\n${markdownTable()}`);
