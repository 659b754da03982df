/**
 * The pieces commands are built from (src/cli/paging.ts, show.ts, parse.ts rules), alone:
 * a streamed JSON list is byte for byte the whole document, a table written in chunks is
 * the table written at once, the pages come one at a time, and the declared argument rules.
 */
import { describe, expect, test } from "bun:test";
import { leafCommand, type DuvoArgsDef } from "../src/cli/command.ts";
import { readPages } from "../src/api/paging.ts";
import { fetchPages, readPaging } from "../src/cli/paging.ts";
import { parseInvocation } from "../src/cli/parse.ts";
import type { Runtime } from "../src/cli/runtime.ts";
import { memoryOutput } from "../src/output/io.ts";
import { printJsonStream } from "../src/output/print-json.ts";
import { styleFor } from "../src/output/style.ts";
import { renderTable, tableWriter } from "../src/output/table.ts";
import { useEmulator } from "./helpers.ts";

const plainStyle = styleFor({ env: { NO_COLOR: "1" } }, memoryOutput());
const fakeRuntime = (isTTY: boolean) => {
  const stdout = memoryOutput(isTTY);
  return { runtime: { jq: undefined, io: { stdout } } as unknown as Runtime, stdout };
};

async function* chunksOf<T>(chunks: T[][]) {
  yield* chunks;
}

describe("printJsonStream", () => {
  const items = [{ id: "a", nested: { list: [1, 2], text: "two\nlines" } }, { id: "b", nested: null }, { id: "c" }];
  test.each([
    ["compact", false],
    ["indented (a terminal)", true],
  ])("%s: the same bytes as the whole document, for any chunking", async (_, isTTY) => {
    for (const chunks of [[items], [[items[0]], [], [items[1], items[2]]], [[], []]]) {
      const all = chunks.flat();
      for (const tail of [{ total: 9, limit: all.length, offset: 2 }, {}, { total: 3, skipped: undefined }]) {
        const { runtime, stdout } = fakeRuntime(isTTY);
        await printJsonStream(runtime, "cases", chunksOf(chunks), () => tail);
        expect(stdout.text()).toBe(`${JSON.stringify({ cases: all, ...tail }, null, isTTY ? 2 : undefined)}\n`);
      }
    }
  });
});

describe("tableWriter", () => {
  const rows = [
    ["1", "short"],
    ["22", "a longer cell"],
    ["333", "x"],
  ];
  test("one chunk is renderTable's table; later chunks keep the header once and grow columns", () => {
    const columns = ["ID", { header: "NAME" }];
    expect(tableWriter(columns, plainStyle)(rows)).toBe(renderTable(columns, rows, plainStyle));
    const write = tableWriter(columns, plainStyle);
    expect(write(rows.slice(0, 1)) + write(rows.slice(1))).toBe("ID  NAME\n1   short\n22   a longer cell\n333  x\n");
  });
});

describe("fetchPages", () => {
  const fetchFrom = (total: number, log: { limit?: number; offset?: number }[]) => async (query: { limit?: number; offset?: number }) => {
    log.push(query);
    const start = query.offset ?? 0;
    const items = Array.from({ length: Math.max(0, Math.min(query.limit ?? 20, total - start)) }, (_, index) => start + index);
    return { items, total, answer: { items, total } };
  };

  test("one page as asked; --all page after page, each yielded before the next is asked for", async () => {
    const log: { limit?: number; offset?: number }[] = [];
    const single = fetchPages(readPaging({}, 100), 100, fetchFrom(250, log));
    expect((await single.next()).value!.items).toHaveLength(20);
    expect(log).toEqual([{ limit: undefined, offset: undefined }]);

    log.length = 0;
    const seen: string[] = [];
    for await (const page of fetchPages(readPaging({ all: true, offset: 10 }, 100), 100, fetchFrom(250, log))) {
      seen.push(`page of ${page.items.length} after ${log.length} requests`);
    }
    expect(seen).toEqual(["page of 100 after 1 requests", "page of 100 after 2 requests", "page of 40 after 3 requests"]);
    expect(log).toEqual([
      { limit: 100, offset: 10 },
      { limit: 100, offset: 110 },
      { limit: 100, offset: 210 },
    ]);
  });

  test("a --limit above a page: pages up to it", async () => {
    const log: { limit?: number; offset?: number }[] = [];
    const counts: number[] = [];
    for await (const page of fetchPages(readPaging({ limit: 150 }, 100), 100, fetchFrom(1000, log))) counts.push(page.items.length);
    expect(counts).toEqual([100, 50]);
  });
});

describe("argument rules declared on the flags", () => {
  const UUID = "3F2A5C1E-8D4B-4E7A-9C61-0B5D2E8F7A90";
  const args = {
    id: { type: "positional", uuid: "thing id", required: true },
    "queue-id": { type: "positional", uuid: true, required: false },
    parent: { type: "string", uuid: true },
    label: { type: "string", repeatable: true, uuid: "--label" },
    count: { type: "string", integer: { min: 1, max: 10 } },
    offset: { type: "string", integer: {} },
    shared: { type: "boolean", conflicts: "personal" },
    personal: { type: "boolean" },
    follow: { type: "boolean" },
    "exit-status": { type: "boolean", requires: "follow" },
    clear: { type: "boolean", conflicts: ["parent", "label"] },
  } as const satisfies DuvoArgsDef;
  const command = leafCommand({ meta: { name: "probe", description: "probe" }, args, run: async () => {} });
  const parse = (argv: string[]) => parseInvocation(command, argv);
  const refused = async (argv: string[]) => {
    try {
      await parse(argv);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`parsed: ${argv.join(" ")}`);
  };

  test("values are checked and converted: UUIDs lower-cased, whole numbers as numbers", async () => {
    const { args: parsed } = await parse([UUID, "--parent", UUID, "--label", UUID, "--label", UUID, "--count", "10", "--offset", "0"]);
    const lower = UUID.toLowerCase();
    expect(parsed).toMatchObject({ id: lower, parent: lower, label: [lower, lower], count: 10, offset: 0 });
    expect((await parse([UUID])).args.count).toBeUndefined();
  });

  test.each([
    [["nope"], 'invalid thing id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
    [[UUID, "x"], 'invalid queue id "x": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
    [[UUID, "--parent", "p"], 'invalid --parent "p": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
    [[UUID, "--label", UUID, "--label", "l"], 'invalid --label "l": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
    [[UUID, "--count", "0"], 'invalid value "0" for --count: expected a whole number from 1 to 10'],
    [[UUID, "--count", "11"], 'invalid value "11" for --count: expected a whole number from 1 to 10'],
    [[UUID, "--offset", "-1"], 'invalid value "-1" for --offset: expected a whole number'],
    [[UUID, "--shared", "--personal"], "--shared and --personal cannot be used together"],
    [[UUID, "--personal", "--shared"], "--shared and --personal cannot be used together"],
    [[UUID, "--clear", "--label", UUID], "--clear and --label cannot be used together"],
    [[UUID, "--exit-status"], "--exit-status needs --follow"],
  ])("%p: %s", async (argv, message) => {
    expect(await refused(argv)).toBe(message);
  });

  test("an empty repeatable flag or a false boolean is not given", async () => {
    expect((await parse([UUID, "--clear"])).args.clear).toBe(true);
    expect((await parse([UUID, "--follow", "--exit-status", "--shared"])).args.shared).toBe(true);
  });
});

describe("cases list --all streams", () => {
  const { emulator, duvo } = useEmulator();

  /** A transport that refuses the second page: whatever is on stdout then was printed before it was asked for. */
  const failingSecondPage = async (input: Request | string | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname.endsWith("/cases") && url.searchParams.get("offset") === "100") {
      return Response.json({ error: "refused by the test" }, { status: 400 });
    }
    return fetch(input, init);
  };

  test("each page is printed before the next is fetched: table and --json", async () => {
    const queue = JSON.parse((await duvo(["queues", "create", "--name", "Streamed", "--json"])).stdout).queue.id;
    for (const [from, size] of [
      [0, 100],
      [100, 50],
    ] as const) {
      const cases = Array.from({ length: size }, (_, i) => ({ title: `Case ${from + i}` }));
      const added = await fetch(`${emulator.url}/v2/queues/${queue}/cases`, {
        method: "POST",
        headers: { Authorization: `Bearer ${emulator.apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({ cases }),
      });
      expect(added.ok).toBe(true);
    }
    const whole = await duvo(["cases", "list", "--queue", queue, "--all", "--json"]);
    expect(JSON.parse(whole.stdout).cases).toHaveLength(150);

    const table = await duvo(["cases", "list", "--queue", queue, "--all"], { fetch: failingSecondPage });
    expect(table.code).toBe(1);
    expect(table.stdout.split("\n").filter(Boolean)).toHaveLength(1 + 100); // the header and the first page
    const json = await duvo(["cases", "list", "--queue", queue, "--all", "--json"], { fetch: failingSecondPage });
    expect(json.code).toBe(1);
    expect(json.stdout).toStartWith('{"cases":[');
    expect(whole.stdout.startsWith(json.stdout)).toBe(true); // the first 100 cases, byte for byte, cut where the failure came
    expect(json.stdout.split('"title":').length - 1).toBe(100);
  });
});

describe("readPaging and fetchPages at the page size (written to kill mutants of cli/paging.ts)", () => {
  test("--limit equal to the page size is one request; one more is several; --offset is sent only when given", async () => {
    expect(readPaging({ limit: 50 }, 50)).toEqual({ offset: 0, offsetGiven: false, limit: 50, all: false, multiPage: false });
    expect(readPaging({ limit: 51 }, 50).multiPage).toBe(true);
    expect(readPaging({ all: true }, 50).multiPage).toBe(true);
    expect(readPaging({}, 50).multiPage).toBe(false);
    const asked: unknown[] = [];
    const one = fetchPages(readPaging({ limit: 5, offset: 0 }, 50), 50, async (query) => {
      asked.push(query);
      return { items: [1, 2], total: undefined, answer: null };
    });
    for await (const _ of one);
    expect(asked).toEqual([{ limit: 5, offset: 0 }]);
  });

  test("without a total from the API, a full page means there may be more and a short one ends it", async () => {
    const asked: { limit?: number; offset?: number }[] = [];
    const pages = fetchPages(readPaging({ all: true }, 2), 2, async (query) => {
      asked.push(query);
      const items = [1, 2, 3, 4, 5].slice(query.offset!, query.offset! + query.limit!);
      return { items, total: undefined, answer: null };
    });
    const seen: number[] = [];
    for await (const page of pages) seen.push(...page.items);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([
      { limit: 2, offset: 0 },
      { limit: 2, offset: 2 },
      { limit: 2, offset: 4 },
    ]);
  });
});

describe("readPages' stop conditions (written to kill mutants of api/paging.ts)", () => {
  /** Reads every page from offset 0 of a collection whose answers give `total` and the items `itemsAt` returns; the offsets asked. */
  async function offsetsAsked(total: number, itemsAt: (offset: number, limit: number) => number[]) {
    const asked: number[] = [];
    const seen: number[] = [];
    for await (const page of readPages<number>({
      offset: 0,
      limit: undefined,
      pageSize: 50,
      fetchPage: async ({ limit, offset }) => {
        asked.push(offset);
        return { items: itemsAt(offset, limit), total };
      },
    }))
      seen.push(...page.items);
    return { asked, seen: seen.length };
  }
  const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

  test("a full last page that reaches total ends the reading: no request for an empty page after it", async () => {
    expect(await offsetsAsked(100, (offset, limit) => range(offset, Math.max(0, Math.min(limit, 100 - offset))))).toEqual({ asked: [0, 50], seen: 100 });
  });

  test("a short page ends the reading even when total says there is more (the collection shrank meanwhile)", async () => {
    expect(await offsetsAsked(500, (offset) => range(offset, 30))).toEqual({ asked: [0], seen: 30 });
  });
});
