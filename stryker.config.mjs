// Mutation testing (issue 19). Run it with `bun run mutate [module]` (scripts/mutate.ts), which
// starts Stryker once per module with DUVO_MUTATE holding that module's files and tests; this
// file only turns those into Stryker's options. Modules, files left out, results: docs/testing.md.
const module = JSON.parse(process.env.DUVO_MUTATE ?? "null");
if (!module) throw new Error("run mutation testing with `bun run mutate [module]`, not stryker directly");

export default {
  // The command runner runs `bun test` on the module's chosen test files for every mutant; the
  // active mutant reaches the code through the environment (__STRYKER_ACTIVE_MUTANT__).
  testRunner: "command",
  // DUVO_TEST_SKIP_BUILD: the preload compiles no binary; the chosen tests run duvo in-process.
  commandRunner: { command: `DUVO_TEST_SKIP_BUILD=1 bun test --bail --timeout 30000 ${module.testArgs}` },
  coverageAnalysis: "off",
  concurrency: 1,
  mutate: module.mutate,
  mutator: { excludedMutations: module.excludedMutations },
  reporters: ["clear-text", "progress", "json"],
  clearTextReporter: { reportTests: false, reportMutants: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${module.name}.json` },
  // Reruns test again only the mutants in changed code: the command runner reports one test, so changed
  // tests go unseen and a mutant that survived stays "Survived" (`bun run mutate <module> --fresh` tests all again).
  incremental: true,
  incrementalFile: `reports/mutation/${module.name}-incremental.json`,
  // One sandbox folder per module, so two modules can run side by side.
  tempDirName: `.stryker-tmp/${module.name}`,
  // *.bun-build: the temporary file of a binary being compiled meanwhile (a test run beside the mutation run).
  ignorePatterns: ["/dist", "/reports", "/man", "/examples", "/.stryker-tmp", "*.bun-build"],
  // A mutant that loops (a follower that never stops polling) fails its test after 30 s, or times out after
  // twice a clean run plus 15 s: generous for a loaded machine, short enough to keep such mutants cheap.
  timeoutMS: 15000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 10,
};
