/**
 * Puts dist/duvo in place once per `bun test` run, compiled from the code under test (again
 * only when a file outside test/ changed: build-cache.ts), so end-to-end tests spawn it; and fails any test during which duvo sent a request
 * or the emulator gave an answer the OpenAPI document does not allow (helpers.ts).
 */
import { afterEach, expect } from "bun:test";
import { compile, type CompileOptions } from "../scripts/compile.ts";
import { buildKey, cachedFolder, placeFile } from "./build-cache.ts";
import { BINARY, takeDocumentViolations } from "./helpers.ts";

if (!process.env.DUVO_TEST_SKIP_BUILD) {
  // Compiled again only when a file outside test/ changed since the last run (build-cache.ts).
  const options: Omit<CompileOptions, "outfile"> = { bytecode: true };
  const key = buildKey({ binary: options });
  if (key === null) await compile({ outfile: BINARY, ...options });
  else placeFile((await cachedFolder("binary", key, (folder) => compile({ outfile: `${folder}/duvo`, ...options }))).folder, "duvo", BINARY);
}

// Every request duvo sent and every answer the emulator gave during a test must be one the OpenAPI document allows.
afterEach(() => {
  const found = takeDocumentViolations();
  expect(found).toEqual([]);
});
