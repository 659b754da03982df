/**
 * The check that every leaf command's request is asserted (scripts/check-asserted.ts): it
 * lists a leaf whose operation no test asserted, a backlog entry that is asserted now, and
 * table entries that are no leaf; expectSent records only what it asserted.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HAND_WRITTEN, leaves, NOT_YET_ASSERTED, NO_REQUEST, problems, readRecord } from "../scripts/check-asserted.ts";
import { ASSERTED_LOG, expectSent, tempDir } from "./helpers.ts";
import type { RecordedRequest } from "../src/emulator/index.ts";

/** Every operation a leaf of the tree names: a suite that asserted all of them. */
async function everything(): Promise<Set<string>> {
  const all = new Set<string>();
  for (const [name, command] of await leaves()) for (const operation of command.duvoOperation ? [command.duvoOperation] : (HAND_WRITTEN[name] ?? [])) all.add(operation);
  return all;
}

const UNNAMED = Object.entries(HAND_WRITTEN)
  .filter(([, operations]) => operations.length === 0)
  .map(([name]) => `${name}: no test asserts its request (operation not named)`);

describe("every leaf's request asserted", () => {
  test("all operations asserted, no backlog: only the leaves whose operations are not named yet are listed", async () => {
    expect(await problems(await everything(), [])).toEqual(UNNAMED);
  });

  test("one operation not asserted: its leaf is listed (declarative and hand-written)", async () => {
    const asserted = await everything();
    asserted.delete("listPluginCatalog");
    asserted.delete("stopRun");
    expect(await problems(asserted, [])).toEqual(
      [...UNNAMED, "plugins list: no test asserts its request (listPluginCatalog)", "runs stop: no test asserts its request (stopRun)"].sort((a, b) => order(a) - order(b)),
    );
  });

  test("a backlog entry that is asserted now is listed, so the backlog only shrinks; a name that is no leaf is listed", async () => {
    const found = await problems(await everything(), ["plugins list", "no such command", ...UNNAMED.map((line) => line.split(":")[0]!)]);
    expect(found).toEqual(["plugins list: asserted now; remove it from NOT_YET_ASSERTED", "no such command: listed here but not a leaf of the tree"]);
  });

  test("the tables name only leaves of the tree, and no leaf is both allowed and in the backlog", async () => {
    const names = new Set((await leaves()).map(([name]) => name));
    for (const name of [...Object.keys(NO_REQUEST), ...Object.keys(HAND_WRITTEN), ...NOT_YET_ASSERTED]) expect({ name, leaf: names.has(name) }).toEqual({ name, leaf: true });
    expect(NOT_YET_ASSERTED.filter((name) => name in NO_REQUEST)).toEqual([]);
  });

  test("expectSent records a request it asserted, and nothing when the assertion fails", () => {
    const log = join(tempDir(), "asserted.log");
    const previous = process.env[ASSERTED_LOG];
    process.env[ASSERTED_LOG] = log;
    try {
      const request = { method: "POST", path: "/v2/sandboxes", body: { a: 1 }, operationId: "createSandbox" } as unknown as RecordedRequest;
      expect(() => expectSent(request, { method: "POST", path: "/v2/sandboxes", body: { a: 2 } })).toThrow();
      expect(() => expectSent(request, { method: "POST", path: "/v2/sandboxes" })).toThrow(); // a body sent must be written out
      expectSent(request, { method: "POST", path: "/v2/sandboxes", body: { a: 1 } });
      expect(readFileSync(log, "utf8")).toBe("check-asserted.test.ts\tcreateSandbox\n");
      expect(readRecord(readFileSync(log, "utf8"))).toEqual(new Set(["createSandbox"]));
    } finally {
      if (previous === undefined) delete process.env[ASSERTED_LOG];
      else process.env[ASSERTED_LOG] = previous;
    }
  });
});

/** problems() lists leaves in tree order, the unnamed ones among them. */
let treeOrder: string[] = [];
function order(line: string): number {
  return treeOrder.indexOf(line.split(":")[0]!);
}
treeOrder = (await leaves()).map(([name]) => name);
