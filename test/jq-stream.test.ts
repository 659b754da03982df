/**
 * `--jq` over a streamed export (`runs messages`, a list with `--all`): a filter that looks
 * at one item at a time (`.messages[] | …`) runs over the items a batch at a time as they
 * arrive; any other filter gets the whole document. The differential below proves that the
 * two paths print the same bytes (stdout, stderr, error) for a table of filters, those that
 * stream and those that must not, over items that span several jq batches; then the same
 * through the real commands against the emulator, with the parenthesised filter (which never
 * streams) as the whole-document reference.
 */
import { describe, expect, test } from "bun:test";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { JqError } from "../src/errors.ts";
import { memoryOutput, type IO } from "../src/output/io.ts";
import { compileJqFilter, streamsOver } from "../src/output/jq.ts";
import { printJsonStream } from "../src/output/print-json.ts";
import { eventually, useEmulator } from "./helpers.ts";

/** ~150 bytes each: 3,000 of them span two jq batches (256 KiB each). */
const ITEMS = Array.from({ length: 3000 }, (_, index) => ({
  id: `m-${index}`,
  n: index,
  role: index % 3 === 0 ? "user" : "assistant",
  content: index === 2900 ? { nested: true } : `Exported record ${index} of 3000, padded ${"x".repeat(60)}`,
  ...(index % 7 === 0 ? { tool_call: { name: `tool_${index % 5}`, arguments: { a: [index, null] } } } : {}),
}));
const TAIL = { total: 3000, limit: 3000, offset: 0 };

/** [filter, streams]: `streams` is what the recogniser must answer for key "messages". */
const FILTERS: [string, boolean][] = [
  // stream
  [".messages[]", true],
  [".messages[].id", true],
  [".messages[].tool_call.name", true],
  ['.messages[] | select(.role == "user") | .content', true],
  ['.messages[] | select(.role == "user" and .n > 2990) | .id', true],
  [".messages[] | .id, .role", true],
  [".messages[]|[.id, .n]|@tsv", true],
  ["  .messages[]  |  .n  ", true],
  [".messages[].n | . * 2", true],
  [".messages[] | .n as $n | select($n % 1000 == 999) | {id, n: $n}", true],
  [".messages[] | limit(1; .id, .role)", true],
  ['.messages[] | try error("x") catch .', true],
  ['.messages[] | "# not a comment \\(.id)"', true],
  [".messages[] | .content | length", true],
  // runtime errors mid-way: in the first batch, in the second, at the first item
  ['.messages[] | if .n == 100 then error("stop at \\(.id)") else .id end', true],
  ['.messages[] | if .n == 2500 then error("stop at \\(.id)") else .id end', true],
  [".messages[].content | ascii_downcase", true],
  [".messages[].content.foo", true],
  // must not stream
  [".messages[].id, .total", false],
  ["[.messages[].id] | length", false],
  [".messages | length", false],
  ['.messages[].tool_call.name // "none"', false],
  [".messages[] as $m | $m.id", false],
  [".messages[]?", false],
  [".messages[].id?", false],
  [".messages[] |= .id", false],
  [".messages[][0]", false],
  ['.messages[]["id"]', false],
  [".messages[] .id", false],
  [".messages[].n + 1", false],
  ["def f: .id; .messages[] | f", false],
  ["reduce .messages[] as $m (0; . + 1)", false],
  ["first(.messages[].id)", false],
  ["(.messages[] | .id)", false],
  ["# a comment\n.messages[] | .id", false],
  [".messages[] | .id # input", false],
  [".messages[] | input", false],
  [".messages[] | select(.n == 2) | halt_error", false],
  [".messages[] | select(.n == 1) | (.id, halt)", false],
  [".messages[] | select(.n < 2) | debug | .id", false],
  [".messages[] | input_line_number", false],
  [".cases[] | .id", false],
  [".total", false],
];

function fakeIO(isTTY: boolean) {
  const stdout = memoryOutput(isTTY);
  const stderr = memoryOutput(isTTY);
  return { io: { stdout, stderr, env: {} } as unknown as IO, stdout, stderr };
}

async function* chunked<T>(items: T[], size: number, fail?: Error) {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
  if (fail) throw fail;
}

async function outcome(body: () => Promise<void>, out: { stdout: { text(): string }; stderr: { text(): string } }) {
  let error: string | undefined;
  try {
    await body();
  } catch (caught) {
    error = caught instanceof JqError ? `JqError: ${caught.message}` : String(caught);
  }
  return { stdout: out.stdout.text(), stderr: out.stderr.text(), error };
}

describe("streamsOver: which filters run item by item", () => {
  for (const [filter, streams] of FILTERS) {
    test(`${JSON.stringify(filter)} ${streams ? "streams" : "does not stream"}`, () => {
      expect(streamsOver(filter, "messages")).toBe(streams);
    });
  }
  test("only over the key being streamed", () => {
    expect(streamsOver(".cases[] | .id", "cases")).toBe(true);
    expect(streamsOver(".messages[] | .id", "cases")).toBe(false);
  });
});

describe("the streamed path prints what the whole document prints, byte for byte", () => {
  const whole = `${JSON.stringify({ messages: ITEMS, ...TAIL })}\n`;
  // Every filter compact (a pipe or a file); a few also as on a terminal (jq indents its results).
  const cases = [
    ...FILTERS.map(([filter]) => [filter, false] as const),
    ...[".messages[]", ".messages[] | .id, .role", ".messages[].content.foo", "[.messages[].id] | length"].map((filter) => [filter, true] as const),
  ];
  for (const [filter, isTTY] of cases) {
    {
      test(`${JSON.stringify(filter)}${isTTY ? " (terminal)" : ""}`, async () => {
        const reference = fakeIO(isTTY);
        const referenceJq = await compileJqFilter(filter, reference.io);
        const expected = await outcome(() => referenceJq.print(whole), reference);
        // Pages of 50 (runs messages) and of 1,000: the same bytes.
        for (const size of [50, 1000]) {
          const streamed = fakeIO(isTTY);
          const jq = await compileJqFilter(filter, streamed.io);
          const actual = await outcome(() => printJsonStream({ io: streamed.io, jq }, "messages", chunked(ITEMS, size), () => TAIL), streamed);
          expect(actual).toEqual(expected);
        }
        // The table holds real outputs and real failures, not only empty runs.
        expect(expected.stdout.length + expected.stderr.length + (expected.error?.length ?? 0)).toBeGreaterThan(0);
      });
    }
  }
});

describe("a filter that streams prints before the export ends", () => {
  test("results of the batches already read are out when a later page fails; a whole-document filter printed nothing", async () => {
    const failure = new Error("connection reset");
    const run = async (filter: string) => {
      const out = fakeIO(false);
      const jq = await compileJqFilter(filter, out.io);
      return outcome(() => printJsonStream({ io: out.io, jq }, "messages", chunked(ITEMS, 2000, failure), () => TAIL), out);
    };
    const streamed = await run(".messages[].n");
    const lines = streamed.stdout.split("\n").filter(Boolean);
    expect(streamed.error).toBe("Error: connection reset");
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines).toEqual(Array.from({ length: lines.length }, (_, index) => String(index)));
    expect(await run("(.messages[].n)")).toEqual({ stdout: "", stderr: "", error: "Error: connection reset" });
  });
});

describe("through the commands", () => {
  const { emulator, duvo } = useEmulator({ speed: 500 });
  let runId: string;
  const bulkRun = async () => {
    if (runId) return runId;
    const started = await duvo(["runs", "start", "--agent", AGENT_IDS.bulk, "--message", "5000", "--jq", ".run.id"]);
    expect(started.code).toBe(0);
    runId = started.stdout.trim();
    await eventually(() => emulator.getRun(runId)?.status === "completed", 20_000);
    return runId;
  };

  test.each(['.messages[] | select(.role == "assistant") | .content', ".messages[].id", '.messages[] | select(.content == "Exported record 4999 of 5000.") | {id, role}'])(
    "runs messages --jq %p: the whole document's output",
    async (filter) => {
      const run = await bulkRun();
      const streamed = await duvo(["runs", "messages", run, "--jq", filter]);
      const whole = await duvo(["runs", "messages", run, "--jq", `(${filter})`]);
      expect(streamed.code).toBe(0);
      expect(streamed.stdout.split("\n").length).toBeGreaterThan(1);
      expect(streamed).toEqual(whole);
    },
  );

  test("a jq error mid-way: the same results, message and exit code, and the pages after it are never asked for", async () => {
    const run = await bulkRun();
    const filter = '.messages[] | if .content == "Exported record 100 of 5000." then error("stop at \\(.id)") else .content end';
    emulator.clearRequests();
    const streamed = await duvo(["runs", "messages", run, "--jq", filter]);
    const streamedRequests = emulator.requests.length;
    emulator.clearRequests();
    const whole = await duvo(["runs", "messages", run, "--jq", `(${filter})`]);
    const wholeRequests = emulator.requests.length;
    expect(streamed).toEqual(whole);
    expect(streamed.code).toBe(1);
    expect(streamed.stderr).toMatch(/^jq: error \(at <stdin>:1\): stop at \S+\n$/);
    expect(streamed.stdout.split("\n")).toHaveLength(101); // the start message and records 1-99, then ""
    // 5,000 messages are over 100 pages: the whole document reads them all; the stream stops after its first batch.
    expect(wholeRequests).toBeGreaterThan(101);
    expect(streamedRequests).toBeLessThan(60);
  });

  test("cases list --all --jq '.cases[] | …' streams too, with the same output", async () => {
    const created = await duvo(["queues", "create", "--name", "Stream list", "--jq", ".queue.id"]);
    const queue = created.stdout.trim();
    // 250 cases (three pages of `cases list`), added 50 at a time.
    for (let start = 0; start < 250; start += 50) {
      const cases = Array.from({ length: 50 }, (_, index) => ({ title: `Case ${start + index}`, data: JSON.stringify({ index: start + index }) }));
      const response = await fetch(`${emulator.url}/v2/queues/${queue}/cases`, {
        method: "POST",
        headers: { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({ cases }),
      });
      expect(`${response.status} ${response.ok ? "" : await response.text()}`).toBe("201 ");
    }
    const filter = ".cases[] | [.title, .status] | @tsv";
    const streamed = await duvo(["cases", "list", "--queue", queue, "--all", "--jq", filter]);
    const whole = await duvo(["cases", "list", "--queue", queue, "--all", "--jq", `(${filter})`]);
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.split("\n")).toHaveLength(251);
    expect(streamed).toEqual(whole);
  });
});
