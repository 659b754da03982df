/**
 * The check that every leaf command has a test asserting a request it sent itself
 * (scripts/check-asserted.ts): it lists a leaf whose own requests no test asserted (also when
 * another leaf's request of the same operation was), a backlog entry that is asserted now, and
 * table entries that are no leaf; every request `duvo` sends names its command, in-process and
 * from the binary; expectSent records only what it asserted, with the command that sent it.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Assertion, HAND_WRITTEN, leaves, NOT_YET_ASSERTED, NO_REQUEST, problems, readRecord } from "../scripts/check-asserted.ts";
import { ASSERTED_LOG, commandOf, expectSent, spawnDuvo, tempDir, useEmulator } from "./helpers.ts";
import type { RecordedRequest } from "../src/emulator/index.ts";

/** Every operation a leaf of the tree names, as sent by that leaf: a suite that asserted all of them. */
async function everything(): Promise<Assertion[]> {
  const all: Assertion[] = [];
  for (const [name, command] of await leaves())
    for (const operation of command.duvoOperation ? [command.duvoOperation] : (HAND_WRITTEN[name] ?? [])) all.push({ operation, command: name });
  return all;
}

const without = (asserted: Assertion[], command: string) => asserted.filter((assertion) => assertion.command !== command);

const UNNAMED = Object.entries(HAND_WRITTEN)
  .filter(([, operations]) => operations.length === 0)
  .map(([name]) => `${name}: no test asserts a request it sent (operation not named)`);

describe("every leaf's request asserted", () => {
  test("all operations asserted, no backlog: only the leaves whose operations are not named yet are listed", async () => {
    expect(await problems(await everything(), [])).toEqual(UNNAMED);
  });

  test("a leaf none of whose own requests was asserted is listed (declarative and hand-written)", async () => {
    const asserted = without(without(await everything(), "plugins list"), "runs stop");
    expect(await problems(asserted, [])).toEqual(
      [...UNNAMED, "plugins list: no test asserts a request it sent (listPluginCatalog)", "runs stop: no test asserts a request it sent (stopRun)"].sort(
        (a, b) => order(a) - order(b),
      ),
    );
  });

  test("another leaf's assertion of the same operation does not count: each leaf needs its own", async () => {
    // `runs get` and `runs wait` both send getRun; `connections probe` and `oauth mcp probe` both probeMcpServer.
    const asserted = without(without(await everything(), "runs wait"), "oauth mcp probe");
    expect(asserted.some(({ operation, command }) => operation === "getRun" && command === "runs get")).toBe(true);
    expect(await problems(asserted, [])).toEqual(
      [
        ...UNNAMED,
        "runs wait: no test asserts a request it sent (getRun); asserted only as sent by runs get",
        "oauth mcp probe: no test asserts a request it sent (probeMcpServer); asserted only as sent by connections probe",
      ].sort((a, b) => order(a) - order(b)),
    );
  });

  test("a request a leaf sent that is not one of its operations does not cover it", async () => {
    // `runs wait` sending (and a test asserting) listRuns is not the getRun that defines it.
    const asserted = [...without(await everything(), "runs wait"), { operation: "listRuns", command: "runs wait" }];
    expect(await problems(asserted, [])).toContain("runs wait: no test asserts a request it sent (getRun); asserted only as sent by runs get");
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

  test("expectSent records a request it asserted with the command that sent it; nothing when the assertion fails or no command sent it", () => {
    const log = join(tempDir(), "asserted.log");
    const previous = process.env[ASSERTED_LOG];
    process.env[ASSERTED_LOG] = log;
    try {
      const sent = (headers: Record<string, string>) =>
        ({ method: "POST", path: "/v2/sandboxes", body: { a: 1 }, operationId: "createSandbox", headers }) as unknown as RecordedRequest;
      const request = sent({ "x-duvo-test-command": "sandboxes create" });
      expect(() => expectSent(request, { method: "POST", path: "/v2/sandboxes", body: { a: 2 } })).toThrow();
      expect(() => expectSent(request, { method: "POST", path: "/v2/sandboxes" })).toThrow(); // a body sent must be written out
      expectSent(sent({}), { method: "POST", path: "/v2/sandboxes", body: { a: 1 } }); // a test's own fetch: no command
      expectSent(request, { method: "POST", path: "/v2/sandboxes", body: { a: 1 } });
      expect(readFileSync(log, "utf8")).toBe("check-asserted.test.ts\tcreateSandbox\tsandboxes create\n");
      expect(readRecord(readFileSync(log, "utf8"))).toEqual([{ operation: "createSandbox", command: "sandboxes create" }]);
      expect(readRecord("a.test.ts\tcreateSandbox\n")).toEqual([]); // a line with no command asserts no command's request
    } finally {
      if (previous === undefined) delete process.env[ASSERTED_LOG];
      else process.env[ASSERTED_LOG] = previous;
    }
  });
});

describe("every request names the command that sent it", () => {
  const { emulator, env, duvo } = useEmulator();

  test("in-process: global flags before the command, and every request of a command that sends several", async () => {
    emulator.clearRequests();
    expect((await duvo(["--no-input", "agents", "list", "--json"])).code).toBe(0);
    expect((await duvo(["teams", "list", "--json"])).code).toBe(0);
    expect(emulator.requests.map((request) => `${request.operationId} ${commandOf(request)}`)).toEqual([
      "listMyTeams agents list", // the team, resolved first
      "listAgents agents list",
      "listMyTeams teams list",
    ]);
  });

  test("the compiled binary too", async () => {
    emulator.clearRequests();
    const result = await spawnDuvo(["agents", "list", "--json"], { env });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(emulator.requests.map((request) => `${request.operationId} ${commandOf(request)}`)).toEqual(["listMyTeams agents list", "listAgents agents list"]);
  });
});

/** problems() lists leaves in tree order, the unnamed ones among them. */
let treeOrder: string[] = [];
function order(line: string): number {
  return treeOrder.indexOf(line.split(":")[0]!);
}
treeOrder = (await leaves()).map(([name]) => name);
