/**
 * Builds dist/duvo once per `bun test` run, so end-to-end tests always spawn a binary
 * compiled from the code under test; and fails any test during which duvo sent a request
 * or the emulator gave an answer the OpenAPI document does not allow (helpers.ts).
 */
import { afterEach, expect } from "bun:test";
import { compile } from "../scripts/compile.ts";
import { BINARY, takeDocumentViolations } from "./helpers.ts";

if (!process.env.DUVO_TEST_SKIP_BUILD) await compile({ outfile: BINARY, bytecode: true });

// Every request duvo sent and every answer the emulator gave during a test must be one the OpenAPI document allows.
afterEach(() => {
  const found = takeDocumentViolations();
  expect(found).toEqual([]);
});
