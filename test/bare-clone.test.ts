/**
 * A clone alone passes its own tests: the repository's committed HEAD is cloned into an empty
 * temporary folder (nothing beside it: no seed), installed from the lock file, and a quick
 * subset of the suite runs there. It passes, and the tests that need files from outside the
 * repository are skipped, each listed, after one line that says what is missing and why.
 * Uncommitted changes are not in the clone: this checks what was committed.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { BUILD_CACHE } from "./build-cache.ts";
import { REQUIRE_OUTSIDE_FILES, ROOT, SLOW_TEST_MS, tempDir } from "./helpers.ts";

/** Set in the clone's environment, so a whole suite run there does not clone itself again. */
const IN_CLONE = "DUVO_TEST_IN_BARE_CLONE";

/**
 * The subset: the help of every command (one of its tests reads the seed's command lines),
 * the seed's scripts (all skipped there), examples/ (one test compares with a seed script),
 * and the README, its links and the demo.
 */
const SUBSET = ["test/help.test.ts", "test/seed-scripts.test.ts", "test/examples.test.ts", "test/readme.test.ts"];

const SEED_SKIPS = [
  "the seed's command lines are examples of the commands they run, exactly as the seed writes them",
  "examples/ > the seed's scripts with --jq, on a PATH without jq > forward-output.sh writes the same file as the seed's jq original",
  "the seed's scripts, verbatim, with jq > wait-for-run.sh: starts a run, polls its status, reports how it finished",
  "the seed's scripts, verbatim, with jq > wait-for-run.sh works with an agent name too",
  "the seed's scripts, verbatim, with jq > auto-approve.sh: approves the pending request once, and the run goes on to complete",
  "the seed's scripts, verbatim, with jq > auto-approve.sh with nothing pending sends nothing and succeeds",
  "the seed's scripts, verbatim, with jq > forward-output.sh: writes each assistant message's content to run-output.log",
  "the seed's scripts, verbatim, with jq > forward-output.sh on a 2,000-message run keeps every line",
];

function run(command: string[], cwd: string, env: Record<string, string | undefined> = process.env) {
  const result = Bun.spawnSync(command, { cwd, env, stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, output: `${result.stdout.toString()}${result.stderr.toString()}` };
}

// Not on Windows: there bun skips the bash-script suites too, so the list of skipped tests differs.
test.skipIf(Boolean(process.env[IN_CLONE]) || process.platform === "win32")(
  "a clone with nothing beside it installs and passes the quick subset, listing the tests it skips",
  () => {
    const head = run(["git", "rev-parse", "HEAD"], ROOT);
    expect(head.code).toBe(0);
    const folder = tempDir("duvo-clone-"); // empty: the clone is its only entry
    const clone = join(folder, "duvo");
    expect(run(["git", "clone", "--quiet", "--no-checkout", ROOT, clone], folder)).toEqual({ code: 0, output: "" });
    expect(run(["git", "-c", "advice.detachedHead=false", "checkout", "--quiet", head.output.trim()], clone)).toEqual({ code: 0, output: "" });

    const env: Record<string, string | undefined> = { ...process.env, [IN_CLONE]: "1", NO_COLOR: "1" };
    delete env[REQUIRE_OUTSIDE_FILES];
    delete env.DUVO_TEST_SKIP_BUILD; // the clone builds its own dist/duvo,
    env[BUILD_CACHE] = "off"; // from scratch: a clone in a new folder each run would leave behind a build nobody reuses
    const install = run(["bun", "install", "--frozen-lockfile"], clone, env);
    expect(install.code, install.output).toBe(0);

    const suite = run(["bun", "test", "--timeout", "120000", ...SUBSET], clone, env);
    expect(suite.code, suite.output).toBe(0);
    const lines = suite.output.split("\n");
    // One line says what is missing and why, however many tests skip for it.
    const why = lines.filter((line) => line.startsWith("skip: "));
    expect(why).toEqual([
      expect.stringMatching(/^skip: the seed is not beside this clone \(missing .*runs-cli-docs\.md.*\); .+ DUVO_TEST_REQUIRE_OUTSIDE_FILES=1 makes this a failure\.$/),
    ]);
    // bun lists each skipped test; the seed's are all of them.
    const skipped = lines.filter((line) => line.startsWith("(skip) ") && !line.endsWith("> (unnamed)")).map((line) => line.slice("(skip) ".length));
    expect(skipped.sort()).toEqual([...SEED_SKIPS].sort());
    expect(suite.output).toMatch(/\n 0 fail\n/);
    expect(suite.output).toMatch(/\n \d{2,} pass\n/);
  },
  SLOW_TEST_MS,
);
