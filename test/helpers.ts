/**
 * Test harness: the emulator on a free port, `duvo` run in-process through its real
 * parsing (`runDuvo`), and the compiled binary spawned for end-to-end checks (`spawnDuvo`).
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli/run-cli.ts";
import type { Prompter } from "../src/cli/runtime.ts";
import { matchOperation } from "../src/api/operations.ts";
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from "../src/emulator/index.ts";
import { memoryOutput, type IO } from "../src/output/io.ts";
import SAMPLES from "../src/emulator/generated/samples.json";
import { responseProblem } from "./openapi-validator.ts";

export const ROOT = join(import.meta.dir, "..");
export const BINARY = join(ROOT, "dist", "duvo");

/** Tests pace the follower 50x faster than people see it; the logic is the same. */
export const TEST_POLL_SCALE = "0.02";

let runRoot: string | undefined;

/**
 * A temporary folder under one folder per test run, removed when the run ends. `bun test`
 * runs no exit handlers, so a detached shell waits for this process to end and removes
 * the lot (Windows CI machines are thrown away instead).
 */
export function tempDir(prefix = "duvo-test-"): string {
  if (!runRoot) {
    runRoot = mkdtempSync(join(tmpdir(), "duvo-tests-"));
    if (process.platform !== "win32") {
      const reaper = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; rm -rf '${runRoot}'`;
      // Started through a shell that exits at once, so the reaper is nobody's child that bun would end.
      Bun.spawnSync(["sh", "-c", `nohup sh -c "${reaper}" >/dev/null 2>&1 &`]);
    }
  }
  return mkdtempSync(join(runRoot, prefix));
}

/**
 * Answers of the emulator that the OpenAPI document does not allow, since the last check.
 * The preload fails the test that was running when one appeared (after it ends).
 */
export const documentViolations: string[] = [];

/**
 * Checks one answer against the document, strictly: injected faults and the rate limit's 429
 * (which the document does not list) are meant to break it; a path that is no operation of
 * the document has nothing to be checked against.
 */
export function checkAgainstDocument(request: RecordedRequest): void {
  if (request.fault || request.status === 429 || request.status <= 0) return;
  const match = request.operationId ? { operation: { id: request.operationId } } : matchOperation(request.method, request.path);
  if (!match || "methods" in match) return;
  const problem = responseProblem(match.operation.id, request.status, request.responseBody);
  if (problem) documentViolations.push(`${request.method} ${request.path} → ${request.status}: ${problem}`);
}

/** A copy of the document's example answer of an operation (what the emulator answers for operations it does not model). */
export function documentExample(operationId: string): any {
  const sample = (SAMPLES as Record<string, { body: unknown }>)[operationId];
  if (!sample) throw new Error(`no operation ${operationId}`);
  return structuredClone(sample.body);
}

/** The emulator on a free port, fast, unlimited, every answer checked against the document. */
export async function testEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, speed: 200, rateLimit: 0, onResponse: checkAgainstDocument, ...options });
}

/**
 * One emulator for a test file, started before its tests and stopped after them, with
 * the env to reach it and `duvo` bound to that env. `emulator` stands for the running
 * emulator once the file's tests run.
 */
export function useEmulator(options: EmulatorOptions = {}, extraEnv: Record<string, string | undefined> = {}) {
  let running: Emulator | undefined;
  const env: Record<string, string | undefined> = {};
  const emulator = new Proxy({} as Emulator, {
    get(_, key) {
      if (!running) throw new Error("the emulator starts before the tests (beforeAll)");
      const value = Reflect.get(running, key);
      return typeof value === "function" ? value.bind(running) : value;
    },
  });
  beforeAll(async () => {
    running = await testEmulator(options);
    Object.assign(env, emulatorEnv(running, extraEnv));
  });
  afterAll(() => running?.stop());
  const duvo = (argv: string[], runOptions: RunOptions = {}) => runDuvo(argv, { ...runOptions, env: { ...env, ...runOptions.env } });
  return { emulator, env, duvo };
}

/** Env for talking to an emulator: its key and URL, an empty config folder, fast pacing. */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DUVO_API_BASE_URL: emulator.url,
    DUVO_API_KEY: emulator.apiKey,
    DUVO_CONFIG_DIR: tempDir("duvo-config-"),
    DUVO_POLL_SCALE: TEST_POLL_SCALE,
    NO_COLOR: "1",
    ...extra,
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Pretend stdin, stdout and stderr are a terminal. */
  tty?: boolean;
  /** The terminal's width, as stdout reports it. */
  columns?: number;
  prompter?: Prompter;
  /** Abort (as Ctrl-C) after this many ms. */
  interruptAfterMs?: number;
  signal?: AbortSignal;
}

/** Runs `duvo <argv>` in-process with fake streams, through the real parser and runtime. */
export async function runDuvo(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = memoryOutput(options.tty ?? false, options.columns);
  const stderr = memoryOutput(options.tty ?? false, options.columns);
  const controller = new AbortController();
  options.signal?.addEventListener("abort", () => controller.abort(options.signal!.reason));
  const timer = options.interruptAfterMs === undefined ? undefined : setTimeout(() => controller.abort("SIGINT"), options.interruptAfterMs);
  const io: IO = {
    stdout,
    stderr,
    stdinIsTTY: options.tty ?? false,
    readStdin: async () => options.stdin ?? "",
    env: { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...options.env },
    signal: controller.signal,
  };
  try {
    const code = await runCli(argv, io, { prompter: options.prompter });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
  }
}

/** Spawns the compiled binary (built once by the test preload). */
export async function spawnDuvo(argv: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<RunResult> {
  const child = Bun.spawn([BINARY, ...argv], {
    env: { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...options.env } as Record<string, string>,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

/** Scripted answers for prompts, failing the test on any question it did not expect. */
export function scriptedPrompter(answers: {
  confirm?: boolean[];
  text?: string[];
  select?: string[];
  multiselect?: string[][];
  password?: string[];
}) {
  const asked: string[] = [];
  const take = <T>(list: T[] | undefined, kind: string, message: string): T => {
    asked.push(`${kind}: ${message}`);
    if (!list?.length) throw new Error(`unexpected ${kind} prompt: ${message}`);
    return list.shift()!;
  };
  const prompter: Prompter = {
    confirm: async (message) => take(answers.confirm, "confirm", message),
    text: async (message) => take(answers.text, "text", message),
    select: async (message) => take(answers.select, "select", message),
    multiselect: async (message) => take(answers.multiselect, "multiselect", message),
    password: async (message) => take(answers.password, "password", message),
  };
  return { prompter, asked };
}

/** Polls until `check` returns a value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(20);
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
