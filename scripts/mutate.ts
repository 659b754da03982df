/**
 * `bun run mutate [module ...]`: mutation testing with Stryker (stryker.config.mjs), one run per
 * module, then each module's score. Every mutant runs `bun test` on the module's fast test files
 * only (the whole suite takes minutes); incremental mode keeps reruns cheap (reports/mutation/);
 * `--fresh` tests every mutant again (after tests changed), `--survivors` only the last survivors.
 * Manual only: CI does not run it. Which files each module mutates and why: docs/testing.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveNamedRange } from "./named-ranges.ts";

interface MutationModule {
  /**
   * The files to mutate: globs, or parts of a file by name, `file#name` or `file#first..last`
   * (scripts/named-ranges.ts: resolved to lines when the run starts; a name gone is an error).
   */
  mutate: string[];
  /** The test files (and name filter) that `bun test` runs for each mutant. */
  tests: string[];
  testNamePattern?: string;
  /** The tests a `--survivors` run needs (default: testNamePattern). */
  survivorsTestNamePattern?: string;
  excludedMutations?: string[];
}

export const MODULES: Record<string, MutationModule> = {
  api: {
    // The client's retry policy and rate-limit handling (withRetries, send, sendRaw, sendStreamed,
    // the Idempotency-Key, retryAfterMs, RateBudget, mayRetryStatus, backoffMs) and paging:
    // the rest of client.ts (the timeout wiring, body parsing, error text) and src/api's other files
    // are left out for time (see docs/testing.md).
    mutate: [
      "src/api/client.ts#createApiClient.withRetries..createApiClient", // withRetries, send, failedAnswer, sendRaw, sendStreamed, the client object
      "src/api/client.ts#readRateLimit..RateBudget", // readRateLimit, retryAfterMs, RateBudget
      "src/api/client.ts#mayRetryStatus..isConnectionRefused", // mayRetryStatus, backoffMs, isConnectionRefused
      "src/api/paging.ts",
    ],
    tests: ["test/api-client.test.ts", "test/command-pieces.test.ts"],
    // One test gives the client a 1 s retry budget on a clock 50x fast (20 ms real) and expects a
    // retry: on a loaded machine it fails without any mutant, which would count as a kill.
    testNamePattern: "^(?!.*a body that breaks its schema is a clear error naming the field)",
    // Error and debug wording (67 of client.ts's 433 mutants): not behaviour, and the time is better spent elsewhere.
    excludedMutations: ["StringLiteral"],
  },
  "api-client": {
    // The rest of client.ts: the fetcher and one attempt (headers, body, the idle timeout of a streamed
    // answer, network errors), the body checks and the error text (all mutators: the tests compare messages).
    mutate: [
      "src/api/client.ts#isSafe",
      "src/api/client.ts#UncertainOutcomeError",
      "src/api/answer.ts", // MAX_RESPONSE_CHARS, validate, checkRequestBody, parseBody (moved out of client.ts after this score was measured)
      "src/api/client.ts#createApiClient..createApiClient.attempt", // createApiClient's head (the fetcher), attempt
      "src/api/api-error.ts", // the error text of a failed answer (errorFromResponse, describeSnippet)
      "src/api/client.ts#idleTimeout",
      "src/api/client.ts#describeNetworkError..formatQuery",
    ],
    tests: ["test/api-client.test.ts", "test/call.test.ts", "test/command-pieces.test.ts"],
    testNamePattern: "^(?!.*a body that breaks its schema is a clear error naming the field)",
  },
  "api-call": {
    mutate: ["src/api/call.ts"],
    tests: ["test/call.test.ts", "test/api-client.test.ts"],
    testNamePattern: "^(?!.*a body that breaks its schema is a clear error naming the field)",
  },
  "api-pages": {
    mutate: ["src/api/page-stream.ts"],
    tests: ["test/page-stream.test.ts"],
  },
  cli: {
    // The leaf parser (parseLeaf, applyRules, takeFlag, checkOption, findFlag) and paging flags; the
    // tree walk of parse.ts and src/cli's other files (help, completion, output) are left out for time.
    mutate: ["src/cli/parse.ts#parseLeaf..findFlag", "src/cli/paging.ts"], // parseLeaf, applyRules, takeFlag, checkOption, findFlag
    // All mutators: the parser's string literals are tokens ("--", "-", "=") as well as messages,
    // and its tests compare whole messages.
    tests: ["test/parse.test.ts", "test/command-pieces.test.ts"],
  },
  "cli-show": {
    // Rendering a `show` declaration: tables, key/value lines, the "Showing x-y of N" footer, secret
    // masking and cell text (show.ts), and the checks of user-given values (values.ts). All mutators: the tests compare whole output.
    mutate: ["src/cli/show.ts", "src/cli/hide-secrets.ts", "src/cli/values.ts"],
    tests: ["test/show.test.ts", "test/command-pieces.test.ts", "test/tables.test.ts", "test/secrets.test.ts", "test/operation-command.test.ts"],
  },
  "cli-download": {
    // A body as it arrives (the body retries and pump, which reads it) and background work waited for
    // (waitForJob); writeFileAtomically, resolveTarget, download, beforeDeadline, the message helpers (describeReadError, sizeText,
    // shown) and the arg definitions are left out for time (217 mutants with them: over 30 min on 2 busy cores).
    mutate: ["src/cli/download.ts#withBodyRetries..pump", "src/cli/wait-for-job.ts#waitForJob"],
    tests: ["test/command-kinds.test.ts"],
    // The groups that run pulse pdf / pulse html / skills download / pulse refresh --wait; not the compiled
    // binary's tests (a binary built without the mutant).
    testNamePattern: "^(download|a page printed|background work)",
    // The tests written against the survivors.
    survivorsTestNamePattern: "^(download|background work) corners",
  },
  "cli-runtime": {
    // What every command runs on: the runtime (globals, the logger's lines on stderr, who may prompt, the clock,
    // the transport, the API session and its team), the command declarations and group loading (command.ts),
    // declared one-operation commands (operation-command.ts), the confirmation (confirm.ts) and the hidden
    // key input (hidden-input.ts). Left out: runtime.ts's consolaPrompter (consola's prompts read a real
    // terminal; every test passes its own prompter).
    mutate: [
      "src/cli/runtime.ts#createRuntime..formatLog", // createRuntime, clientFor, openSession, preconnect, formatLog
      "src/cli/runtime.ts#tagged", // tagged (isTruthy, positiveNumber and nonNegativeNumber are in values.ts, mutated with cli-show)
      "src/cli/command.ts",
      "src/cli/operation-command.ts",
      "src/cli/confirm.ts",
      "src/cli/hidden-input.ts",
    ],
    // In-process tests only. Not environment.test.ts (its proxy and CA tests spawn the compiled binary, built
    // without the mutant) nor help-quick's binary test; nor its check that the generated help files are current,
    // which fails in Stryker's sandbox with no mutant (the instrumented sources render other files).
    tests: [
      "test/cli-runtime.test.ts",
      "test/operation-command.test.ts",
      "test/account.test.ts",
      "test/discovery.test.ts",
      "test/command-tree.test.ts",
      "test/parse.test.ts",
      "test/command-pieces.test.ts",
      "test/help-quick.test.ts",
      "test/secrets.test.ts",
    ],
    testNamePattern: "^(?!(the binary prints the same screens|the generated help screens))",
    // The tests written against the survivors (test/cli-runtime.test.ts).
    survivorsTestNamePattern:
      "^(the runtime.s settings|the logger.s lines|the team a session acts in|requests tagged|the connection opened ahead|hidden input corners|declared operations: the corners|command declarations)",
  },
  follow: {
    mutate: ["src/follow/*.ts"],
    tests: ["test/follow.test.ts", "test/follow-pacing.test.ts"],
    // Three tests wait in real time for the follower (eventually, 5 s) and fail on a loaded machine
    // without any mutant: a failure there would count as a kill. The rest run in virtual time or end by themselves.
    testNamePattern: "^(?!.*(a waiting run: its|human output: the transcript|survives the server going away))",
  },
  import: {
    mutate: ["src/commands/cases/_import.ts"],
    tests: ["test/case-import.test.ts"],
    // Left out of each mutant's run: the tests that spawn the compiled binary (kill -9, Ctrl-C), which
    // would run a binary built without the mutant, and the 2,000-case test (the slowest, ~5 s).
    testNamePattern: "^(?!(kill -9|Ctrl-C|exactly once))",
    // The tests written against survivors: re-runs and refused batches, and the scripted answers on a fake clock.
    survivorsTestNamePattern: "^(re-runs, failing reads and refused batches|scripted answers in virtual time)",
  },
  rows: {
    // The import's row readers: JSON, JSON Lines and CSV, streamed, and the checks of each row.
    mutate: ["src/commands/cases/_rows.ts"],
    tests: ["test/case-rows.test.ts", "test/case-import.test.ts"],
    // The readers' own tests, and the import's format tests (the rest of case-import.test.ts tests _import.ts).
    testNamePattern: "^(formats|JSON|CSV|one case|the format and the text of a file|corners) ",
  },
  "api-rest": {
    // src/api's hand-written files besides the client, call and paging: a human's response (--answer keys,
    // option labels, the prompts), the error line of a body that breaks its schema, the document's
    // operations found by method and path (the emulator routes with it, `duvo api` checks with it) and the
    // closest ones to a path it lacks, the run states, and the schema helpers of the generated modules.
    // operation.ts holds only types. The generated modules are checked by `gen:api --check`.
    mutate: [
      "src/api/human-response.ts",
      "src/api/schemas.ts",
      "src/api/issues.ts",
      "src/api/operation.ts",
      "src/api/operations.ts",
      "src/api/closest-operations.ts",
      "src/api/schema-helpers.ts",
    ],
    // api-rest.test.ts calls each piece alone (written against the first run's survivors).
    tests: ["test/api-rest.test.ts", "test/api-suggestions.test.ts", "test/api-command.test.ts", "test/call.test.ts", "test/runs.test.ts"],
    // Of runs.test.ts only `runs respond` (the other groups start and wait for runs, and reach these files
    // only through the emulator, which every test here loads anyway).
    testNamePattern: "^(?!runs (start|get|messages|send-message|stop) )",
  },
  "cli-files": {
    // A file sent or received: the multipart upload (upload.ts), and of download.ts what the cli-download
    // module leaves out: where `--output` puts the body (resolveTarget), `download` and `printBody`, the
    // temporary file renamed into place (writeFileAtomically) and the message helpers; and the race of a
    // read against `--timeout` (wait-for-job.ts' beforeDeadline). outputArg (the flag's declaration) is left
    // to the help tests.
    mutate: ["src/cli/upload.ts", "src/cli/download.ts#resolveTarget..printBody", "src/cli/download.ts#writeFileAtomically..shown", "src/cli/wait-for-job.ts#beforeDeadline"],
    tests: ["test/cli-files.test.ts", "test/command-kinds.test.ts", "test/skills.test.ts"],
    // command-kinds' download, page, upload and --wait groups, and skills' upload and install (a ZIP made in
    // memory); not the compiled binary's tests (a binary built without the mutant).
    testNamePattern: "^(download|a page printed|upload|background work|skills upload of|skills install)",
    // cli-files.test.ts: the tests written against the first run's survivors.
    survivorsTestNamePattern: "^(upload: the form part|download: the file on disk|background work: a read raced)",
  },
  "cli-rest": {
    // The rest of src/cli, in this order: a one-request command's GETs sent while it loads (early.ts), "did
    // you mean" (suggest.ts), `--help` from the screens rendered at build time (help-quick.ts) and the screens
    // themselves (help.ts). Left out for time (695 mutants with them; ~1.5 s a mutant here): completion.ts
    // and completion-scripts.ts (see docs/testing.md).
    mutate: ["src/cli/early.ts", "src/cli/suggest.ts", "src/cli/help-quick.ts", "src/cli/help.ts"],
    // help-quick.test.ts also tests help.ts: it compares every screen rendered at build time with the one runCli renders now.
    tests: ["test/early.test.ts", "test/help-quick.test.ts", "test/parse.test.ts", "test/cli-rest.test.ts"],
    // In-process tests only. Not the tests that spawn the compiled binary (early's key read from a pipe and
    // its `runs get`, help-quick's screens): that binary was built without the mutant, so it cannot see it
    // (and the sandbox has no dist/duvo: they would fail with no mutant, which would count as a kill). Nor
    // help-quick's check that the generated help files are current, which fails in Stryker's sandbox with no
    // mutant (the instrumented sources render other files).
    testNamePattern: "^(?!.*(by the binary|the binary: |the binary prints the same screens|the generated help screens))",
    // cli-rest.test.ts: the tests written against the first run's survivors.
    survivorsTestNamePattern: "^(early corners|closest|help-quick corners|help screen corners)",
  },
  "cli-early": {
    // A command run on the answers of its early GETs alone (early-runtime.ts) and the API session it shares
    // with the runtime (session.ts: the team from --team, DUVO_TEAM_ID, the profile or the one team; the timeout).
    mutate: ["src/cli/early-runtime.ts", "src/cli/session.ts"],
    // In-process tests only (not early's binary tests: that binary was built without the mutant).
    tests: ["test/early.test.ts", "test/cli-runtime.test.ts", "test/account.test.ts"],
    testNamePattern: "^(?!.*(by the binary|the binary: ))",
    survivorsTestNamePattern: "^the command run on the answers sent ahead alone",
  },
  "cli-walk": {
    // The tree walk of the parser (parse.ts, around the leaf parser of module `cli`): subcommands, global
    // flags before and after them, --version, help, a group that is also a command, unknown words and flags.
    mutate: ["src/cli/parse.ts#resolveValue..parseInvocation", "src/cli/parse.ts#unknownFlag..indexOrEnd"],
    // help-quick's and cli-rest's tests check edge argvs against what runCli's walk does with them (in-process
    // only: not the binary's tests, nor help-quick's generated-files check, as in module cli-rest).
    tests: ["test/parse.test.ts", "test/command-tree.test.ts", "test/help-quick.test.ts", "test/cli-rest.test.ts"],
    testNamePattern: "^(?!.*(by the binary|the binary: |the binary prints the same screens|the generated help screens))",
    survivorsTestNamePattern: "^the tree walk",
  },
  "cli-completion": {
    // What shell completion offers (completion.ts), against the in-process tests of `duvo __complete` and
    // `duvo completion`. Not the scripts in real shells (completion-scripts.ts): they run against the
    // compiled binary, which was built without the mutant, so they cannot see it.
    mutate: ["src/cli/completion.ts"],
    tests: ["test/completion.test.ts"],
    testNamePattern: "^(what is offered|duvo completion)",
    // The tests written against the first run's survivors.
    survivorsTestNamePattern: "^what is offered: corners",
  },
};

const ROOT = join(import.meta.dir, "..");
const STRYKER = join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
type Report = { files: Record<string, { mutants: Mutant[] }> };

const reportPath = (name: string) => join(ROOT, "reports", "mutation", `${name}.json`);
// A run stopped part-way leaves only its incremental file, with the mutants it had tested.
const readReport = (name: string): Report | undefined => {
  for (const path of [reportPath(name), reportPath(`${name}-incremental`)]) if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8"));
  return undefined;
};
const isDetected = (mutant: Mutant) => mutant.status === "Killed" || mutant.status === "Timeout";
const isValid = (mutant: Mutant) => isDetected(mutant) || mutant.status === "Survived" || mutant.status === "NoCoverage";
const keyOf = (file: string, mutant: Mutant) =>
  `${file}:${mutant.location.start.line}:${mutant.location.start.column}-${mutant.location.end.line}:${mutant.location.end.column} ${mutant.mutatorName} ${mutant.replacement ?? ""}`;

/** The survivors of a module's last full run, as Stryker `mutate` ranges (file:line:column-line:column). */
function survivorRanges(name: string): string[] {
  const report = readReport(name);
  if (!report) throw new Error(`no report for ${name}: run \`bun run mutate ${name}\` first`);
  const ranges = new Set<string>();
  for (const [file, { mutants }] of Object.entries(report.files))
    for (const mutant of mutants)
      if (mutant.status === "Survived" || mutant.status === "NoCoverage")
        // Stryker reads a range's columns from 0, the report's from 1.
        ranges.add(`${file}:${mutant.location.start.line}:${mutant.location.start.column - 1}-${mutant.location.end.line}:${mutant.location.end.column}`);
  return [...ranges];
}

/** A module's score: its full run, and when its survivors were run again (`--survivors`), those the new tests detect counted in. */
function score(name: string): string {
  const report = readReport(name);
  if (!report) return `${name}: no report`;
  const again = new Map<string, Mutant>();
  for (const [file, { mutants }] of Object.entries(readReport(`${name}-survivors`)?.files ?? {})) for (const mutant of mutants) again.set(keyOf(file, mutant), mutant);
  let valid = 0;
  let before = 0;
  let after = 0;
  for (const [file, { mutants }] of Object.entries(report.files))
    for (const mutant of mutants) {
      if (!isValid(mutant)) continue;
      valid++;
      if (isDetected(mutant)) before++;
      const rerun = again.get(keyOf(file, mutant));
      if (isDetected(mutant) || (rerun && isDetected(rerun))) after++;
    }
  const percent = (count: number) => (valid === 0 ? "n/a" : `${((100 * count) / valid).toFixed(1)}%`);
  const line = `${name}: ${percent(before)} (${before} of ${valid} mutants detected)`;
  return again.size === 0 ? line : `${line}; with the survivors run again: ${percent(after)} (${after} of ${valid})`;
}

if (import.meta.main) {
  const survivorsOnly = process.argv.includes("--survivors");
  const scoreOnly = process.argv.includes("--score"); // print the scores of the last runs, run nothing
  // Every mutant again: incremental mode sees changed code but not changed tests (the command runner reports one test).
  const fresh = process.argv.includes("--fresh");
  const asked = process.argv.slice(2).filter((arg) => !["--survivors", "--score", "--fresh"].includes(arg));
  const unknown = asked.filter((name) => !(name in MODULES));
  if (unknown.length > 0) {
    console.error(`unknown module ${unknown.join(", ")}; one of: ${Object.keys(MODULES).join(", ")}`);
    process.exit(2);
  }
  const names = asked.length > 0 ? asked : Object.keys(MODULES);
  // Every part named is looked up before anything runs: a function renamed or removed stops the run here.
  const resolved = new Map<string, string[]>();
  try {
    for (const name of scoreOnly || survivorsOnly ? [] : names)
      resolved.set(
        name,
        MODULES[name]!.mutate.map((entry) => resolveNamedRange(entry, ROOT)),
      );
  } catch (error) {
    console.error(`mutate: ${(error as Error).message}`);
    process.exit(2);
  }
  let failed = false;
  for (const name of scoreOnly ? [] : names) {
    const module = MODULES[name]!;
    // A survivors run may run only the tests added since (the others did not detect these mutants).
    const pattern = survivorsOnly ? (module.survivorsTestNamePattern ?? module.testNamePattern) : module.testNamePattern;
    const testArgs = [...(pattern ? ["-t", `'${pattern}'`] : []), ...module.tests].join(" ");
    // --survivors: only the mutants that survived the last full run, against today's tests (after adding some).
    const mutate = survivorsOnly ? survivorRanges(name) : resolved.get(name)!;
    const runName = survivorsOnly ? `${name}-survivors` : name;
    const env = { ...process.env, DUVO_MUTATE: JSON.stringify({ name: runName, mutate, testArgs, excludedMutations: module.excludedMutations ?? [] }) };
    console.error(`mutation testing ${runName}: ${survivorsOnly ? `${mutate.length} ranges` : mutate.join(" ")} against ${module.tests.join(" ")}`);
    const child = Bun.spawn([process.execPath, STRYKER, "run", "stryker.config.mjs", ...(survivorsOnly || fresh ? ["--force"] : [])], {
      cwd: ROOT,
      env,
      stdout: "inherit",
      stderr: "inherit",
    });
    if ((await child.exited) !== 0) failed = true;
  }
  for (const name of names) console.log(score(name));
  process.exit(failed ? 1 : 0);
}
