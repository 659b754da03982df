/**
 * examples/: the seed's three scripts rewritten without jq (`--jq` instead of `| jq -r`),
 * run like the originals (test/seed-scripts.test.ts) by bash with the compiled `duvo` on
 * PATH against the emulator — but on a PATH that holds no jq at all: only duvo, xargs and
 * a fast `sleep`.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { ROOT, SEED_FOLDER, eventually, seedPresent } from "./helpers.ts";
import { BASH, describeScriptSuite } from "./script-suite.ts";

const EXAMPLES = join(ROOT, "examples");
const SEED_SCRIPTS = join(SEED_FOLDER, "scripts");
const example = (name: string) => join(EXAMPLES, name);

// bash scripts: on Windows they would need a POSIX shell and tools the runner does not promise.
describe.skipIf(process.platform === "win32")("examples/", () => {
  describeScriptSuite(
    "the seed's scripts with --jq, on a PATH without jq",
    {
      script: example,
      // The only folder on PATH: duvo, xargs, and the sleep shim.
      path: (bin) => bin,
      prepareBin: (bin) => symlinkSync(Bun.which("xargs")!, join(bin, "xargs")),
    },
    (suite) => {
      test("there is no jq on the scripts' PATH, and the scripts do not mention it", () => {
        const probe = Bun.spawnSync([BASH, "-c", "command -v jq || echo 'no jq'; command -v duvo xargs sleep"], { env: { PATH: suite.bin } });
        expect(probe.stdout.toString()).toBe(`no jq\n${join(suite.bin, "duvo")}\n${join(suite.bin, "xargs")}\n${join(suite.bin, "sleep")}\n`);
        for (const name of ["wait-for-run.sh", "auto-approve.sh", "forward-output.sh"]) {
          const text = readFileSync(example(name), "utf8");
          expect(text).not.toMatch(/\|\s*jq\b/);
          expect(text).toContain("--jq '");
        }
      });

      test.skipIf(!seedPresent())("forward-output.sh writes the same file as the seed's jq original", async () => {
        const jq = Bun.which("jq");
        if (!jq && process.platform !== "linux") return; // the macOS CI job may lack jq; .ci/run installs it here
        if (!jq) throw new Error("jq is not installed (apt-get install jq)");
        const runId = await suite.startRun(AGENT_IDS.complete);
        await eventually(() => suite.emulator.getRun(runId)?.status === "completed");
        const ours = await suite.runScript(example("forward-output.sh"), { RUN_ID: runId });
        const original = await suite.runScript(join(SEED_SCRIPTS, "forward-output.sh"), { RUN_ID: runId }, `${suite.bin}:${dirname(jq)}:/usr/bin:/bin`);
        expect(readFileSync(join(original.cwd, "run-output.log"), "utf8")).toBe(readFileSync(join(ours.cwd, "run-output.log"), "utf8"));
      });
    },
  );
});
