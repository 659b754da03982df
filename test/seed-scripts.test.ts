/**
 * The seed document's three scripts (in SEED_FOLDER, see helpers.ts), run verbatim by bash with
 * jq and the compiled `duvo` on PATH, against the emulator.
 */
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SEED_FOLDER } from "./helpers.ts";
import { describeScriptSuite } from "./script-suite.ts";

export const SEED_SCRIPTS = join(SEED_FOLDER, "scripts");

test("the seed scripts are there", () => {
  for (const name of ["wait-for-run.sh", "auto-approve.sh", "forward-output.sh"]) expect(existsSync(join(SEED_SCRIPTS, name))).toBe(true);
});

describeScriptSuite("the seed's scripts, verbatim, with jq", {
  script: (name) => join(SEED_SCRIPTS, name),
  path: (bin) => `${bin}:${process.env.PATH}`,
});
