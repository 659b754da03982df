/**
 * Test harness: the emulator on a free port, `duvo` run in-process through its real
 * parsing (`runDuvo`), and the compiled binary spawned for end-to-end checks (`spawnDuvo`).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from "bun:test";
import { appendFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/run-cli.ts";
import { sendEarly } from "../src/cli/early.ts";
import { TEST_COMMAND_HEADER } from "../src/api/headers.ts";
import type { Prompter } from "../src/cli/runtime.ts";
import type { Transport } from "../src/api/client.ts";
import { matchOperation } from "../src/api/operations.ts";
import { acceleratedClock, type Clock } from "../src/clock.ts";
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from "../src/emulator/index.ts";
import { memoryOutput, type IO } from "../src/output/io.ts";
import SAMPLES from "../src/emulator/generated/samples.json";
import { PLATFORM_STATUSES } from "../src/emulator/routes.ts";
import { documentedStatuses, requestProblems, responseProblem } from "./openapi-validator.ts";
import { STORAGE_PREFIX, storageProblem } from "./storage-contract.ts";

export const ROOT = join(import.meta.dir, "..");
export const BINARY = join(ROOT, "dist", "duvo");
/**
 * The seed: command lines and three scripts that must work exactly as written. They live
 * outside this repository, in the folder named here (the only place that names it);
 * tests run them verbatim.
 */
export const SEED_FOLDER = join(ROOT, "..", "shared", "seed");

/**
 * The environment variable that turns a missing outside file into a failure. `.ci/run` sets
 * it, so CI never skips these tests silently; a bare clone leaves it unset and skips them.
 */
export const REQUIRE_OUTSIDE_FILES = "DUVO_TEST_REQUIRE_OUTSIDE_FILES";

/** What has been reported missing in this `bun test` process (test files share this module). */
const reportedMissing = new Set<string>();

/**
 * Whether files that live outside the repository (the seed, the published API document) are
 * here. When some are not: without REQUIRE_OUTSIDE_FILES, one line on stderr says what is
 * missing and why (once per process, however many files ask) and the caller skips its tests
 * (`test.skipIf(!present)`); with it, a test named after them fails, so CI cannot skip them.
 */
export function outsideFiles(what: string, why: string, paths: string[]): boolean {
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length === 0) return true;
  if (process.env[REQUIRE_OUTSIDE_FILES]) {
    test(`${what} is beside the repository (${REQUIRE_OUTSIDE_FILES} is set)`, () => {
      throw new Error(`missing: ${missing.join(", ")}: ${why}`);
    });
    return true; // the tests run too, and fail where they read the missing files
  }
  if (!reportedMissing.has(what)) {
    reportedMissing.add(what);
    process.stderr.write(
      `skip: ${what} is not beside this clone (missing ${missing.join(", ")}); ${why}. Tests that need it are skipped; ${REQUIRE_OUTSIDE_FILES}=1 makes this a failure.\n`,
    );
  }
  return false;
}

/** The seed (SEED_FOLDER): its page of command lines and its three scripts, tested verbatim. */
export const SEED_SCRIPT_NAMES = ["wait-for-run.sh", "auto-approve.sh", "forward-output.sh"] as const;
export function seedPresent(): boolean {
  return outsideFiles(
    "the seed",
    "the seed's command lines and scripts must work exactly as written, so they are read from where they are kept rather than copied into the repository",
    [join(SEED_FOLDER, "runs-cli-docs.md"), ...SEED_SCRIPT_NAMES.map((name) => join(SEED_FOLDER, "scripts", name))],
  );
}

/**
 * Spawned binaries run their clock 50x faster than people's (DUVO_POLL_SCALE, a test-only
 * setting); in-process runs get a clock that does the same (`TEST_CLOCK_SPEEDUP`), or a
 * fake one where a test checks pacing, timeouts or retries.
 */
export const TEST_POLL_SCALE = "0.02";
export const TEST_CLOCK_SPEEDUP = 1 / Number(TEST_POLL_SCALE);

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
      // Started through a shell that exits at once, so the reaper is nobody's child that bun would
      // end; in a session of its own where there is `setsid`, so that killing the test run's whole
      // process group (a `timeout`, a job control kill) does not kill the reaper with it and leave
      // the run's folder (gigabytes after a full suite) behind.
      const detach = Bun.which("setsid") ? "setsid " : "";
      Bun.spawnSync(["sh", "-c", `nohup ${detach}sh -c "${reaper}" >/dev/null 2>&1 &`]);
    }
  }
  return mkdtempSync(join(runRoot, prefix));
}

/**
 * Requests `duvo` sent and answers of the emulator that the OpenAPI document does not
 * allow, since the last check. The preload fails the test that was running when one
 * appeared (after it ends).
 */
export const documentViolations: string[] = [];

let invalidRequestsAllowed = false;

/**
 * For a test that makes `duvo` send a request the document does not allow on purpose
 * (`duvo api`'s raw requests, a bad id to reach an error path): its requests are not
 * checked until the test ends. Answers still are.
 */
export function allowInvalidRequests(): void {
  invalidRequestsAllowed = true;
}

/** The violations since the last call, and the end of a test's allowance (the preload calls this after each test). */
export function takeDocumentViolations(): string[] {
  const found = documentViolations.splice(0).filter((problem) => !(invalidRequestsAllowed && problem.startsWith(SENT_BY_DUVO)));
  invalidRequestsAllowed = false;
  return found;
}

const SENT_BY_DUVO = "duvo sent ";

/** Whether `duvo` sent this request (in-process or the binary): tests that send bad requests on purpose use fetch. */
export function sentByDuvo(request: RecordedRequest): boolean {
  return /^duvo\//.test(request.headers["user-agent"] ?? "");
}

/**
 * Checks one exchange against the document, strictly. The request, when `duvo` sent it: its
 * path parameters, query and JSON body. The answer: also a `slow` one, and the answer a change
 * had when a `stored-*` fault replaced it; not the other injected faults (meant to break it)
 * nor the rate limit's 429 (which the document does not list). A path that is no operation of
 * the document must answer the error shape. A storage URL's answer (a presigned upload or
 * download, no operation of the document) is checked against the contract in storage-contract.ts.
 */
export function checkAgainstDocument(request: RecordedRequest, statuses: EmulatorOptions["statuses"] = "document"): void {
  if (request.path.startsWith(STORAGE_PREFIX)) {
    const problem = storageProblem(request);
    if (problem) documentViolations.push(`${request.method} ${STORAGE_PREFIX}… → ${request.status}: storage: ${problem}`);
    return;
  }
  // A HEAD is answered as the GET it mirrors (the document has no HEAD operations).
  const match = matchOperation(request.method === "HEAD" ? "GET" : request.method, request.path);
  const operation = match && !("methods" in match) ? match : undefined;
  if (operation && sentByDuvo(request)) {
    const contentType = request.headers["content-type"];
    const json = contentType === undefined || /json/i.test(contentType);
    const problem = requestProblems(operation.operation.id, { params: operation.params, query: request.query, body: request.body, json });
    if (problem) documentViolations.push(`${SENT_BY_DUVO}${request.method} ${request.path}: ${problem}`);
  }
  // What the emulator answered (or, for a change whose answer a fault replaced, would have answered).
  const answer =
    request.stored ?? (request.fault === undefined || request.fault === "slow" || request.fault === "twice" ? { status: request.status, body: request.responseBody } : undefined);
  if (!answer || answer.status === 429 || answer.status <= 0) return;
  // An emulator answering the platform's statuses may answer a 403, 409, 413 or 422 the operation does not list: in the error shape.
  const platformOnly = statuses === "platform" && PLATFORM_STATUSES.includes(answer.status) && !documentedStatuses(operation?.operation.id ?? "").includes(answer.status);
  const problem = operation && !platformOnly ? responseProblem(operation.operation.id, answer.status, answer.body) : errorShapeProblem(answer.body);
  if (problem) documentViolations.push(`${request.method} ${request.path} → ${answer.status}: ${problem}`);
}

/** An unknown route or a method the path does not have: the API's error shape, `{error, message}`. */
function errorShapeProblem(body: unknown): string | undefined {
  const fields = body && typeof body === "object" && !Array.isArray(body) ? Object.entries(body) : [];
  const shaped = fields.length === 2 && fields.every(([key, value]) => (key === "error" || key === "message") && typeof value === "string");
  return shaped ? undefined : `not the error shape {error, message}: ${JSON.stringify(body)}`;
}

/**
 * Every `duvo` a test runs (in-process, the binary, a script's) names its command in each
 * request it sends (TEST_COMMAND_HEADER, src/api/headers.ts), so the emulator's request log says
 * which command sent what: `expectSent` records that command with the request it asserted.
 */
const TAG_REQUESTS = { DUVO_TEST_TAG_REQUESTS: "1" };

/** The command (`runs get`) that sent a request the emulator recorded; undefined when `duvo` did not send it. */
export function commandOf(request: RecordedRequest): string | undefined {
  return request.headers[TEST_COMMAND_HEADER.toLowerCase()];
}

/**
 * Where `expectSent` appends each request a test asserted, one line `<test file>\t<operation
 * id>\t<command that sent it>` (unset: nothing is written). `.ci/run` sets it for the whole
 * suite, then `scripts/check-asserted.ts` fails when a leaf command has no assertion of a
 * request that it sent itself.
 */
export const ASSERTED_LOG = "DUVO_ASSERTED_LOG";

/**
 * Asserts what `duvo` sent — method, path and JSON body (no body: `body` left out) — and
 * records the request's operation and the command that sent it as asserted (see ASSERTED_LOG).
 * A request merely sent is not recorded; only one whose method, path and body a test wrote out,
 * and only when a `duvo` command sent it (a test's own fetch names no command).
 */
export function expectSent(request: RecordedRequest | undefined, expected: { method: string; path: string; body?: unknown }): void {
  expect(request).toBeDefined();
  expect({ method: request!.method, path: request!.path, body: request!.body }).toEqual({ method: expected.method, path: expected.path, body: expected.body });
  const log = process.env[ASSERTED_LOG];
  const command = commandOf(request!);
  if (!log || !request!.operationId || !command) return;
  const file = /([\w.-]+\.test\.ts)/.exec(new Error().stack ?? "")?.[1] ?? "?";
  appendFileSync(log, `${file}\t${request!.operationId}\t${command}\n`);
}

/** A copy of the document's example answer of an operation (what the emulator answers for operations it does not model). */
export function documentExample(operationId: string): any {
  const sample = (SAMPLES as Record<string, { body: unknown }>)[operationId];
  if (!sample) throw new Error(`no operation ${operationId}`);
  return structuredClone(sample.body);
}

/** The emulator on a free port, fast, unlimited, every answer checked against the document. */
export async function testEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, speed: 200, rateLimit: 0, onResponse: (request) => checkAgainstDocument(request, options.statuses), ...options });
}

/**
 * One emulator for a test file, started before its tests and stopped after them, with
 * the env to reach it and `duvo` bound to that env. `emulator` stands for the running
 * emulator once the file's tests run.
 */
export function useEmulator(options: EmulatorOptions = {}, extraEnv: Record<string, string | undefined> = {}, { each = false }: { each?: boolean } = {}) {
  let running: Emulator | undefined;
  const env: Record<string, string | undefined> = {};
  const emulator = new Proxy({} as Emulator, {
    get(_, key) {
      if (!running) throw new Error("the emulator starts before the tests (beforeAll)");
      const value = Reflect.get(running, key);
      return typeof value === "function" ? value.bind(running) : value;
    },
  });
  // `each`: a new emulator for every test (tests that change a whole team stay independent in any order).
  const start = async () => {
    await running?.stop();
    running = await testEmulator(options);
    Object.assign(env, emulatorEnv(running, extraEnv));
  };
  if (each) beforeEach(start);
  else beforeAll(start);
  afterAll(() => running?.stop());
  const duvo = (argv: string[], runOptions: RunOptions = {}) => runDuvo(argv, { ...runOptions, env: { ...env, ...runOptions.env } });
  return { emulator, env, duvo };
}

/** Env for talking to an emulator: its key and URL, an empty config folder, a fast clock for spawned binaries. */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DUVO_API_BASE_URL: emulator.url,
    DUVO_API_KEY: emulator.apiKey,
    DUVO_CONFIG_DIR: tempDir("duvo-config-"),
    DUVO_POLL_SCALE: TEST_POLL_SCALE,
    ...TAG_REQUESTS,
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
  /** Default: a real clock running TEST_CLOCK_SPEEDUP times faster. */
  clock?: Clock;
  /** Default: the global fetch. */
  fetch?: Transport;
  /**
   * Send the command's early GETs first, as the binary does (src/cli/early.ts), through this
   * fetch (`true`: the global one); the command's own requests then go through `fetch`.
   */
  early?: true | typeof fetch;
  /** Abort (as Ctrl-C) after this many ms. */
  interruptAfterMs?: number;
  /** Abort (as Ctrl-C) once the output so far satisfies this. */
  interruptWhen?: (output: { stdout: string; stderr: string }) => boolean;
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
    env: { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...TAG_REQUESTS, ...options.env },
    signal: controller.signal,
  };
  const watcher =
    options.interruptWhen &&
    setInterval(() => {
      if (options.interruptWhen!({ stdout: stdout.text(), stderr: stderr.text() })) controller.abort("SIGINT");
    }, 5);
  try {
    const clock = options.clock ?? acceleratedClock(TEST_CLOCK_SPEEDUP);
    const early = options.early ? await sendEarly(argv, io.env, options.early === true ? fetch : options.early) : undefined;
    const code = await runCli(argv, io, { prompter: options.prompter, clock, fetch: options.fetch, early });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
    if (watcher) clearInterval(watcher);
  }
}

/** Spawns the compiled binary (built once by the test preload). */
export async function spawnDuvo(argv: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<RunResult> {
  const child = Bun.spawn([BINARY, ...argv], {
    env: { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...TAG_REQUESTS, ...options.env } as Record<string, string>,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

/**
 * How a spawned process ended: its exit code and, when a signal killed it without a
 * handler, that signal. `exited` alone says 130 in both cases.
 */
export async function exitOf(child: { exited: Promise<number>; signalCode: string | number | null }) {
  const code = await child.exited;
  return { code, killedBy: child.signalCode ?? null };
}

/** Scripted answers for prompts, failing the test on any question it did not expect. */
export function scriptedPrompter(answers: { confirm?: boolean[]; text?: string[]; select?: string[]; multiselect?: string[][]; password?: string[] }) {
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

/**
 * How long a test waits for something that does happen, however busy the machine: a bound
 * against hanging, not a measure (a wait that ends early costs nothing). Below the per-test
 * timeout (package.json's `--timeout`), so a wait that never ends says which wait it was.
 */
export const PATIENCE_MS = 90_000;

/**
 * The bound of a test that does much work (installs, builds, thousands of requests): generous,
 * so a machine busy with other work does not fail it; `--timeout` (120 s) bounds the others.
 */
export const SLOW_TEST_MS = 300_000;
/** The bound of a hook that builds the release archives when they cannot be reused (build-cache.ts). */
export const BUILD_MS = 900_000;

/** Polls until `check` returns a value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = PATIENCE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(20);
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
