/**
 * Rendering a `show` declaration alone (src/cli/show.ts, hide-secrets.ts, values.ts): the
 * table, the key/value lines, the "Showing x-y of N" footer, the empty sentence, secret
 * masking, cell text and the checks of user-given values, each compared with the exact text
 * (written to kill the mutants of the cli-show module, see docs/testing.md).
 */
import { describe, expect, test } from "bun:test";
import type { Runtime } from "../src/cli/runtime.ts";
import { hideSecrets } from "../src/cli/hide-secrets.ts";
import { cellText, type ColumnSpec, type FieldSpec, footer, printList, showAnswer, type Show } from "../src/cli/show.ts";
import { checkUuid, isUuid, parseCount, parseDuration } from "../src/cli/values.ts";
import { UsageError } from "../src/errors.ts";
import { memoryOutput } from "../src/output/io.ts";
import { styleFor } from "../src/output/style.ts";
import { timeText } from "../src/output/time.ts";
import type { ListPage, Paging } from "../src/cli/paging.ts";

const plainStyle = styleFor({ env: { NO_COLOR: "1" } }, memoryOutput());

/** A runtime with stdout in memory and the logger's lines kept as `level: text`. */
function fakeRuntime(isTTY = false, columns?: number) {
  const stdout = memoryOutput(isTTY, columns);
  const logged: string[] = [];
  const log = { success: (text: string) => logged.push(`success: ${text}`), info: (text: string) => logged.push(`info: ${text}`) };
  const runtime = { jq: undefined, io: { stdout, env: {} }, log, outStyle: plainStyle } as unknown as Runtime;
  return { runtime, stdout, logged };
}

async function* pagesOf<T>(pages: ListPage<T>[]) {
  yield* pages;
}
const page = <T>(items: T[], total?: number): ListPage<T> => ({ items, total, answer: { items, total } });
const paging = (over: Partial<Paging> = {}): Paging => ({ offset: 0, offsetGiven: false, limit: undefined, all: false, multiPage: false, ...over });

describe("footer", () => {
  test("names the next offset when the total is more than shown, nothing otherwise", () => {
    expect(footer({ offset: 0, shown: 20, total: 45 })).toBe("Showing 1-20 of 45; more with --offset 20, or --all.");
    expect(footer({ offset: 20, shown: 20, total: 45, noun: "agents" })).toBe("Showing 21-40 of 45 agents; more with --offset 40, or --all.");
    expect(footer({ offset: 40, shown: 5, total: 45, noun: "agents" })).toBeUndefined();
    expect(footer({ offset: 40, shown: 4, total: 45 })).toBe("Showing 41-44 of 45; more with --offset 44, or --all.");
    expect(footer({ offset: 0, shown: 3, total: undefined })).toBeUndefined();
    expect(footer({ offset: 0, shown: 3, total: 2 })).toBeUndefined();
  });
});

describe("cellText", () => {
  test("each kind of value", () => {
    for (const empty of [null, undefined, "", []]) expect(cellText(empty, false)).toBe("-");
    expect(cellText("two\n  lines ", false)).toBe("two lines");
    expect(cellText(true, false)).toBe("yes");
    expect(cellText(false, false)).toBe("no");
    expect(cellText(0, false)).toBe("0");
    expect(cellText(12.5, false)).toBe("12.5");
    expect(cellText(["a", 2, { k: "v" }, null], false)).toBe('a, 2, {"k":"v"}, null');
    expect(cellText(["x\ny"], false)).toBe("x y");
    expect(cellText({ a: 1, b: ["c"] }, false)).toBe('{"a":1,"b":["c"]}');
    expect(cellText({ text: "a\nb" }, false)).toBe('{"text":"a\\nb"}');
  });
  test("a time is relative only on a terminal and only when the column says so", () => {
    const iso = "2020-01-02T03:04:05Z";
    expect(cellText(iso, true, true)).toBe(timeText(iso, true));
    expect(cellText(iso, true, true)).not.toBe(iso);
    expect(cellText(iso, true, true)).toEndWith(" ago");
    expect(cellText(iso, false, true)).toBe(iso);
    expect(cellText(iso, true)).toBe(iso);
    expect(cellText("2020-01-02", true, true)).toBe("2020-01-02");
    expect(cellText("on 2020-01-02T03:04:05Z", true, true)).toBe("on 2020-01-02T03:04:05Z");
  });
});

describe("hideSecrets", () => {
  test("the values of secret keys at any depth are ***, an object's each value; null and absent stay", () => {
    const answer = { id: "a", apiKey: "k1", nested: [{ apiKey: "k2", other: "o" }, "s", 3], headers: { apiKey: { x: "1", y: 2 } }, token: null, list: ["t"] };
    expect(hideSecrets(answer, ["apiKey", "token", "list"]) as unknown).toEqual({
      id: "a",
      apiKey: "***",
      nested: [{ apiKey: "***", other: "o" }, "s", 3],
      headers: { apiKey: { x: "***", y: "***" } },
      token: null,
      list: "***",
    });
    expect(hideSecrets({ apiKey: undefined }, ["apiKey"])).toEqual({ apiKey: undefined });
    expect(hideSecrets(answer, [])).toBe(answer);
    expect(hideSecrets(null, ["apiKey"])).toBeNull();
    expect(hideSecrets("apiKey", ["apiKey"])).toBe("apiKey");
    expect(answer.apiKey).toBe("k1");
  });
});

describe("values", () => {
  test("UUIDs: any case, lower-cased; anything else a usage error naming it", () => {
    expect(isUuid("3F2A5C1E-8D4B-4E7A-9C61-0B5D2E8F7A90")).toBe(true);
    expect(isUuid("x3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90")).toBe(false);
    expect(isUuid("3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90x")).toBe(false);
    expect(checkUuid("3F2A5C1E-8D4B-4E7A-9C61-0B5D2E8F7A90", "run id")).toBe("3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90");
    expect(() => checkUuid("nope", "run id")).toThrow(new UsageError('invalid run id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
  });
  test("counts: whole numbers within the range, the range named in the error", () => {
    expect(parseCount(undefined, "--limit")).toBeUndefined();
    expect(parseCount("0", "--limit")).toBe(0);
    expect(parseCount("007", "--limit")).toBe(7);
    expect(parseCount("999999999", "--limit")).toBe(999999999);
    expect(parseCount("5", "--limit", { min: 5, max: 5 })).toBe(5);
    const error = (value: string, range: { min?: number; max?: number }, text: string) =>
      expect(() => parseCount(value, "--limit", range)).toThrow(new UsageError(`invalid value "${value}" for --limit: expected a whole number${text}`));
    error("1000000000", {}, "");
    error("-1", {}, "");
    error("1.5", {}, "");
    error("x1", {}, "");
    error("1x", {}, "");
    error("", {}, "");
    error("0", { min: 1 }, " ≥ 1");
    error("4", { min: 5, max: 9 }, " from 5 to 9");
    error("10", { min: 5, max: 9 }, " from 5 to 9");
    error("101", { max: 100 }, " from 0 to 100");
  });
  test("durations: hours, minutes and seconds in that order, in milliseconds", () => {
    expect(parseDuration("90s", "--timeout")).toBe(90_000);
    expect(parseDuration("5m", "--timeout")).toBe(300_000);
    expect(parseDuration("1h", "--timeout")).toBe(3_600_000);
    expect(parseDuration("1h30m15s", "--timeout")).toBe(5_415_000);
    expect(parseDuration("2h5s", "--timeout")).toBe(7_205_000);
    expect(parseDuration("12h", "--timeout")).toBe(43_200_000);
    for (const bad of ["", "5", "m", "5x", "1s1h", "x5m", "5mx", "1.5h"])
      expect(() => parseDuration(bad, "--timeout")).toThrow(new UsageError(`invalid duration "${bad}" for --timeout: use e.g. 90s, 5m or 1h`));
  });
});

describe("showAnswer", () => {
  const columns = [
    ["ID", "id"],
    ["NAME", (item: { name: string }) => item.name.toUpperCase()],
    ["ON", "on", { decorate: (text: string) => `<${text}>` }],
  ] as ColumnSpec[];
  test("done: one success line, nothing on stdout", async () => {
    const { runtime, stdout, logged } = fakeRuntime();
    await showAnswer(runtime, { done: (answer: { id: string }, args: { name: string }) => `Deleted ${answer.id} (${args.name})` }, { id: "a1" }, { name: "n" });
    expect(stdout.text()).toBe("");
    expect(logged).toEqual(["success: Deleted a1 (n)"]);
  });
  test("items: a table, then the footer when the total is more", async () => {
    const { runtime, stdout, logged } = fakeRuntime();
    const answer = {
      items: [
        { id: "a", name: "x", on: true },
        { id: "bb", name: "yy", on: false },
      ],
      total: 5,
      offset: 1,
    };
    await showAnswer(runtime, { items: "items", columns }, answer, {});
    expect(stdout.text()).toBe("ID  NAME  ON\na   X     <yes>\nbb  YY    <no>\n");
    expect(logged).toEqual(["info: Showing 2-3 of 5; more with --offset 3, or --all."]);
  });
  test("items: all of the total shown, or no total, no footer; an offset that is not a number is 0", async () => {
    for (const answer of [
      { items: [{ id: "a", name: "x" }], total: 1 },
      { items: [{ id: "a", name: "x" }], total: "9" },
    ]) {
      const { runtime, stdout, logged } = fakeRuntime();
      await showAnswer(runtime, { items: "items", columns }, answer, {});
      expect(stdout.text()).toBe("ID  NAME  ON\na   X     <->\n");
      expect(logged).toEqual([]);
    }
    const { runtime, logged } = fakeRuntime();
    await showAnswer(runtime, { items: "items", columns }, { items: [{ id: "a", name: "x" }], total: 3, offset: "1" }, {});
    expect(logged).toEqual(["info: Showing 1-1 of 3; more with --offset 1, or --all."]);
  });
  test('items "" or an array answer: the answer is the collection', async () => {
    for (const how of [
      { items: "", columns },
      { items: "items", columns },
    ]) {
      const { runtime, stdout } = fakeRuntime();
      await showAnswer(runtime, how, [{ id: "a", name: "x" }], {});
      expect(stdout.text()).toBe("ID  NAME  ON\na   X     <->\n");
    }
  });
  test("no items: the empty sentence (given, made from the total and offset, or the default)", async () => {
    const cases: [Show, unknown, string][] = [
      [{ items: "items", columns }, { items: [] }, "Nothing to show."],
      [{ items: "items", columns }, {}, "Nothing to show."],
      [{ items: "items", columns }, null, "Nothing to show."],
      [{ items: "items", columns, empty: "No agents." }, { items: [] }, "No agents."],
      [{ items: "items", columns, empty: ({ total, offset }) => `none past ${offset} of ${total}` }, { items: [], total: 4, offset: 7 }, "none past 7 of 4"],
      [{ items: "items", columns, empty: ({ total, offset }) => `none past ${offset} of ${total}` }, { items: [] }, "none past 0 of undefined"],
    ];
    for (const [how, answer, text] of cases) {
      const { runtime, stdout, logged } = fakeRuntime();
      await showAnswer(runtime, how, answer, {});
      expect(stdout.text()).toBe("");
      expect(logged).toEqual([`info: ${text}`]);
    }
  });
  test("fields: aligned label/value lines, of the answer or of one key of it; times relative on a terminal", async () => {
    const fields = [
      ["ID", "id"],
      ["Name", (item: { name: string }) => item.name],
      ["Created", "created", { time: true }],
    ] as FieldSpec[];
    const created = "2020-01-02T03:04:05Z";
    const { runtime, stdout, logged } = fakeRuntime();
    await showAnswer(runtime, { fields }, { id: "a", name: "n", created }, {});
    expect(stdout.text()).toBe(`ID       a\nName     n\nCreated  ${created}\n`);
    expect(logged).toEqual([]);
    const tty = fakeRuntime(true);
    await showAnswer(tty.runtime, { object: "agent", fields }, { agent: { id: "b", name: "m", created } }, {});
    expect(tty.stdout.text()).toBe(`ID       b\nName     m\nCreated  ${timeText(created, true)}\n`);
  });
  test("fields of an answer without the object (or no answer): every value -", async () => {
    const fields = [["ID", "id"]] as FieldSpec[];
    for (const answer of [null, {}]) {
      const { runtime, stdout } = fakeRuntime();
      await showAnswer(runtime, { object: "agent", fields }, answer, {});
      expect(stdout.text()).toBe("ID  -\n");
    }
  });
});

describe("printList", () => {
  const columns = [
    ["ID", "id"],
    ["KEY", "key"],
  ] as ColumnSpec[];
  const items = [
    { id: "a", key: "k1" },
    { id: "b", key: "k2" },
  ];
  test("a table of every page, secrets hidden, then the footer naming the noun", async () => {
    const { runtime, stdout, logged } = fakeRuntime();
    await printList(runtime, pagesOf([page(items.slice(0, 1), 9), page([], 9), page(items.slice(1), 9)]), {
      paging: paging({ offset: 2 }),
      key: "items",
      json: false,
      columns,
      noun: "keys",
      secrets: ["key"],
    });
    expect(stdout.text()).toBe("ID  KEY\na   ***\nb   ***\n");
    expect(logged).toEqual(["info: Showing 3-4 of 9 keys; more with --offset 4, or --all."]);
  });
  test("--all: no footer; no secrets declared: values as they are", async () => {
    const { runtime, stdout, logged } = fakeRuntime();
    await printList(runtime, pagesOf([page(items, 9)]), { paging: paging({ all: true }), key: "items", json: false, columns });
    expect(stdout.text()).toBe("ID  KEY\na   k1\nb   k2\n");
    expect(logged).toEqual([]);
  });
  test("no items: the empty sentence from the last total and --offset, nothing on stdout", async () => {
    const { runtime, stdout, logged } = fakeRuntime();
    await printList(runtime, pagesOf([page([], 3)]), {
      paging: paging({ offset: 5 }),
      key: "items",
      json: false,
      columns,
      empty: ({ total, offset }) => `none past ${offset} of ${total}`,
    });
    expect(stdout.text()).toBe("");
    expect(logged).toEqual(["info: none past 5 of 3"]);
    const other = fakeRuntime();
    await printList(other.runtime, pagesOf<{ id: string }>([]), { paging: paging(), key: "items", json: false, columns });
    expect(other.logged).toEqual(["info: Nothing to show."]);
  });
  test("--json, one page: the API's page as it is, secrets hidden unless --show-secrets", async () => {
    const answer = { items, total: 2, extra: "x" };
    const hidden = fakeRuntime();
    await printList(hidden.runtime, pagesOf([{ items, total: 2, answer }]), { paging: paging(), key: "items", json: true, columns, secrets: ["key"] });
    expect(hidden.stdout.text()).toBe('{"items":[{"id":"a","key":"***"},{"id":"b","key":"***"}],"total":2,"extra":"x"}\n');
    expect(hidden.logged).toEqual([]);
    const shown = fakeRuntime();
    await printList(shown.runtime, pagesOf([{ items, total: 2, answer }]), { paging: paging(), key: "items", json: true, columns, secrets: ["key"], showSecrets: true });
    expect(shown.stdout.text()).toBe(`${JSON.stringify(answer)}\n`);
  });
  test("--json, several pages: one document of every item, with the total, the count and the offset (or the tail given)", async () => {
    const { runtime, stdout, logged } = fakeRuntime();
    await printList(runtime, pagesOf([page(items.slice(0, 1), 7), page(items.slice(1), 8)]), {
      paging: paging({ multiPage: true, offset: 3 }),
      key: "keys",
      json: true,
      columns,
      secrets: ["key"],
    });
    expect(stdout.text()).toBe('{"keys":[{"id":"a","key":"***"},{"id":"b","key":"***"}],"total":8,"limit":2,"offset":3}\n');
    expect(logged).toEqual([]);
    const tailed = fakeRuntime();
    await printList(tailed.runtime, pagesOf([page(items, 2)]), {
      paging: paging({ multiPage: true }),
      key: "keys",
      json: true,
      columns,
      tail: ({ total, count, offset }) => ({ sum: `${total}/${count}/${offset}` }),
    });
    expect(tailed.stdout.text()).toBe('{"keys":[{"id":"a","key":"k1"},{"id":"b","key":"k2"}],"sum":"2/2/0"}\n');
  });
  test("on a terminal: fitted to its width (kept columns whole, the others cut), times relative", async () => {
    const created = "2020-01-02T03:04:05Z";
    const wide = [{ id: "id-0123456789", key: "a rather long value", created }];
    const cols = [
      ["ID", "id", { keep: true }],
      ["KEY", "key"],
      ["CREATED", "created", { time: true, keep: true }],
    ] as ColumnSpec[];
    const { runtime, stdout } = fakeRuntime(true, 30);
    await printList(runtime, pagesOf([page(wide, 1)]), { paging: paging(), key: "items", json: false, columns: cols });
    const when = timeText(created, true);
    // "CREATED" is wider than the relative time, so the header line is the width of the terminal.
    expect(stdout.text()).toBe(`ID             KEY     CREATED\nid-0123456789  a rat…  ${when}\n`);
    const piped = fakeRuntime(false, 30);
    await printList(piped.runtime, pagesOf([page(wide, 1)]), { paging: paging(), key: "items", json: false, columns: cols });
    expect(piped.stdout.text()).toBe(`ID             KEY                  CREATED\nid-0123456789  a rather long value  ${created}\n`);
  });
  test("--jq without --json: the page goes to the filter", async () => {
    const { runtime, stdout } = fakeRuntime();
    const filtered: string[] = [];
    (runtime as { jq: unknown }).jq = { expression: ".", print: async (json: string) => void filtered.push(json) };
    await printList(runtime, pagesOf([{ items, total: 2, answer: { items } }]), { paging: paging(), key: "items", json: false, columns, secrets: ["key"] });
    expect(filtered).toEqual(['{"items":[{"id":"a","key":"***"},{"id":"b","key":"***"}]}\n']);
    expect(stdout.text()).toBe("");
  });
});
