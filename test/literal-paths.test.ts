/**
 * No API path is written by hand: every request goes through `call(id, request)`
 * (src/api/call.ts), whose method and path come from the generated operation table. This
 * scans src/ (outside the generated code and the emulator, which serves the paths) for a
 * string or template that begins with a first segment of the document's paths (`"/runs/`,
 * `` `/teams/${id}` ``, `"/v2/…"`), and names the file and line of each.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { OPERATIONS } from "../src/api/operations.ts";
import { ROOT } from "./helpers.ts";

/**
 * Where a literal path is expected: the generated table and schemas (and the help screens
 * rendered from the commands' own text), the emulator that
 * answers them, and `duvo api`, whose paths are typed by its user (its examples show some).
 */
const EXEMPT = ["src/api/generated/", "src/cli/generated/", "src/emulator/", "src/commands/api.ts"];

/** The first segments of the document's paths (`agents`, `teams`, …), from the operation table. */
export function firstSegments(): string[] {
  return [...new Set(OPERATIONS.map((operation) => operation.path.split("/")[2]!))].sort();
}

/**
 * The lines of `source` holding a string or template that begins with one of `segments` as
 * an API path (`/segment` followed by `/`, `?`, `${` or the closing quote, optionally after
 * `/v2`). Comments are not code: lines that are comments, and trailing `// …`, are skipped.
 */
export function literalPaths(source: string, segments: string[]): { line: number; text: string }[] {
  const alternatives = segments.map((segment) => segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const pattern = new RegExp(`[\`"'](?:/v2)?/(?:${alternatives})(?=[/?\`"']|\\$\\{)`);
  const found: { line: number; text: string }[] = [];
  source.split("\n").forEach((text, index) => {
    const trimmed = text.trim();
    if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) return;
    const code = text.replace(/\s\/\/\s.*$/, "");
    if (pattern.test(code)) found.push({ line: index + 1, text: trimmed });
  });
  return found;
}

describe("literal API paths", () => {
  const segments = firstSegments();

  test("the segments come from the document", () => {
    expect(segments).toContain("runs");
    expect(segments).toContain("teams");
    expect(segments.length).toBeGreaterThan(10);
  });

  test("the scan finds a hand-written path and ignores what is not one", () => {
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: the samples are source lines, templates included
    const sample = [
      "const a = await client.get(`/runs/${runId}`, schema);", // 1: a template
      'client.post("/sandboxes", schema);', // 2: a whole string
      "const base = '/v2/teams/' + id;", // 3: with /v2
      "const q = `/agents?limit=5`;", // 4: a query string
      "// GET /runs/{id} in a comment is prose", // 5
      " * `/teams/{teamId}` in a doc comment", // 6
      'const word = "/runsheet";', // 7: another word
      'const file = "reports/runs/today.md";', // 8: not at the start
      'log.info("see /runs/x"); // "/runs/" after code, in a comment', // 9: the string is prose, the comment skipped
      "const url = `${base}/teams/${id}`;", // 10: starts with a variable
    ].join("\n");
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: -
    expect(literalPaths(sample, segments).map((hit) => hit.line)).toEqual([1, 2, 3, 4]);
  });

  test("src/ has none outside the generated code and the emulator", () => {
    const hits: string[] = [];
    for (const file of new Bun.Glob("src/**/*.ts").scanSync({ cwd: ROOT })) {
      const path = relative(ROOT, join(ROOT, file)).replaceAll("\\", "/");
      if (EXEMPT.some((prefix) => path.startsWith(prefix))) continue;
      for (const hit of literalPaths(readFileSync(join(ROOT, file), "utf8"), segments)) hits.push(`${path}:${hit.line}: ${hit.text}`);
    }
    // A request is `(await runtime.api()).call("<operationId>", { path: {…}, query, body })`: see docs/calling-the-api.md.
    expect(hits).toEqual([]);
  });
});
