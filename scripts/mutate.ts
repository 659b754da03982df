/**
 * `bun run mutate [module ...]`: mutation testing with Stryker (stryker.config.mjs), one run per
 * module, then each module's score. Every mutant runs `bun test` on the module's fast test files
 * only (the whole suite takes minutes); incremental mode keeps reruns cheap (reports/mutation/).
 * Manual only: CI does not run it. Which files each module mutates and why: docs/testing.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface MutationModule {
  /** Globs of the files to mutate. */
  mutate: string[];
  /** The test files (and name filter) that `bun test` runs for each mutant. */
  tests: string[];
  testNamePattern?: string;
  excludedMutations?: string[];
}

export const MODULES: Record<string, MutationModule> = {
  api: {
    mutate: ["src/api/client.ts", "src/api/call.ts", "src/api/page-stream.ts", "src/api/paging.ts"],
    tests: ["test/api-client.test.ts", "test/call.test.ts", "test/page-stream.test.ts"],
    // Error and debug wording (67 of client.ts's 433 mutants): not behaviour, and the time is better spent elsewhere.
    excludedMutations: ["StringLiteral"],
  },
  cli: {
    mutate: ["src/cli/parse.ts", "src/cli/paging.ts"],
    tests: ["test/parse.test.ts", "test/command-pieces.test.ts", "test/operation-command.test.ts"],
    // Usage-error wording (60 of parse.ts's 429 mutants): not behaviour.
    excludedMutations: ["StringLiteral"],
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
  },
};

const ROOT = join(import.meta.dir, "..");
const STRYKER = join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");

function score(name: string): string {
  const path = join(ROOT, "reports", "mutation", `${name}.json`);
  if (!existsSync(path)) return `${name}: no report`;
  const report = JSON.parse(readFileSync(path, "utf8")) as { files: Record<string, { mutants: { status: string }[] }> };
  const counts: Record<string, number> = {};
  for (const file of Object.values(report.files)) for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  const percent = valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(1)}%`;
  return `${name}: ${percent} (${detected} of ${valid} detected; ${JSON.stringify(counts)})`;
}

if (import.meta.main) {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in MODULES));
  if (unknown.length > 0) {
    console.error(`unknown module ${unknown.join(", ")}; one of: ${Object.keys(MODULES).join(", ")}`);
    process.exit(2);
  }
  const names = asked.length > 0 ? asked : Object.keys(MODULES);
  let failed = false;
  for (const name of names) {
    const module = MODULES[name]!;
    const testArgs = [...(module.testNamePattern ? ["-t", `'${module.testNamePattern}'`] : []), ...module.tests].join(" ");
    const env = { ...process.env, DUVO_MUTATE: JSON.stringify({ name, mutate: module.mutate, testArgs, excludedMutations: module.excludedMutations ?? [] }) };
    console.error(`mutation testing ${name}: ${module.mutate.join(" ")} against ${module.tests.join(" ")}`);
    const child = Bun.spawn([process.execPath, STRYKER, "run", "stryker.config.mjs"], { cwd: ROOT, env, stdout: "inherit", stderr: "inherit" });
    if ((await child.exited) !== 0) failed = true;
  }
  for (const name of names) console.log(score(name));
  process.exit(failed ? 1 : 0);
}
