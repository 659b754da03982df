/**
 * The seed document's three scripts (in SEED_FOLDER, see helpers.ts), run verbatim by bash with
 * jq and the compiled `duvo` on PATH, against the emulator. Skipped where the seed is absent.
 */
import { join } from "node:path";
import { SEED_FOLDER, seedPresent } from "./helpers.ts";
import { describeScriptSuite } from "./script-suite.ts";

export const SEED_SCRIPTS = join(SEED_FOLDER, "scripts");

// Skipped, with one line saying so, in a clone that has no seed beside it (see outsideFiles).
describeScriptSuite("the seed's scripts, verbatim, with jq", {
  script: (name) => join(SEED_SCRIPTS, name),
  path: (bin) => `${bin}:${process.env.PATH}`,
  skip: !seedPresent(),
});
