/**
 * Builds dist/duvo once per `bun test` run, so end-to-end tests always spawn a binary
 * compiled from the code under test; and fails any test during which the emulator gave an
 * answer the OpenAPI document does not allow.
 */
import { afterEach, expect } from "bun:test";
import { compile } from "../scripts/compile.ts";
import { BINARY, documentViolations } from "./helpers.ts";

if (!process.env.DUVO_TEST_SKIP_BUILD) await compile({ outfile: BINARY, bytecode: true });

// Every answer the emulator gave during a test must be one the OpenAPI document allows.
afterEach(() => {
  const found = documentViolations.splice(0);
  expect(found).toEqual([]);
});
