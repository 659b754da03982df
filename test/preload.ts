/**
 * Builds dist/duvo once per `bun test` run, so end-to-end tests always spawn a binary
 * compiled from the code under test.
 */
import { compile } from "../scripts/compile.ts";
import { BINARY } from "./helpers.ts";

if (!process.env.DUVO_TEST_SKIP_BUILD) await compile({ outfile: BINARY, bytecode: true });
