/**
 * The mutation tester's parts of a file named by declaration, not by line (scripts/named-ranges.ts):
 * a function that moves is still found, one that is gone is an error, and every part the modules
 * of scripts/mutate.ts name exists today.
 */
import { describe, expect, test } from "bun:test";
import { MODULES } from "../scripts/mutate.ts";
import { declarationsOf, resolveNamedRange } from "../scripts/named-ranges.ts";
import { ROOT } from "./helpers.ts";

const FILE = `import x from "y";

/** Doc comment: not part of the lines. */
export function first(a: number) {
  return a + 1;
}

const second = (b: number) => {
  const inner = b * 2;
  return inner;
};

class Budget {
  take() {
    return 1;
  }
  get current() {
    return 2;
  }
}

export function outer() {
  function take() {
    return 3;
  }
  return take;
}
`;

const read = (text: string) => () => text;

describe("parts of a file by name", () => {
  test("each named declaration with its lines, nested ones by their path", () => {
    expect(declarationsOf(FILE).map(({ path, startLine, endLine }) => `${path} ${startLine}-${endLine}`)).toEqual([
      "first 4-6",
      "second 8-11",
      "second.inner 9-9",
      "Budget 13-20",
      "Budget.take 14-16",
      "Budget.current 17-19",
      "outer 22-27",
      "outer.take 23-25",
    ]);
  });

  test("file#name and file#first..last become Stryker's line ranges; other entries pass through", () => {
    expect(resolveNamedRange("a.ts#first", "/", read(FILE))).toBe("a.ts:4-6");
    expect(resolveNamedRange("a.ts#second..Budget", "/", read(FILE))).toBe("a.ts:8-20");
    expect(resolveNamedRange("a.ts#Budget.current", "/", read(FILE))).toBe("a.ts:17-19");
    expect(resolveNamedRange("a.ts#outer.take", "/", read(FILE))).toBe("a.ts:23-25");
    expect(resolveNamedRange("src/api/*.ts", "/", read(FILE))).toBe("src/api/*.ts");
    expect(resolveNamedRange("a.ts:1-3", "/", read(FILE))).toBe("a.ts:1-3");
  });

  test("a function that moved is still found at its new lines", () => {
    const moved = `// three lines\n// added\n// above\n${FILE}`;
    expect(resolveNamedRange("a.ts#first", "/", read(moved))).toBe("a.ts:7-9");
    expect(resolveNamedRange("a.ts#outer.take", "/", read(moved))).toBe("a.ts:26-28");
  });

  test("a name that is gone, names two declarations, or a range backwards, is an error", () => {
    expect(() => resolveNamedRange("a.ts#third", "/", read(FILE))).toThrow("a.ts: no declaration named third (renamed or removed? update scripts/mutate.ts)");
    expect(() => resolveNamedRange("a.ts#take", "/", read(FILE))).toThrow("a.ts: take names 2 declarations (Budget.take, outer.take); give its path");
    expect(() => resolveNamedRange("a.ts#Budget..first", "/", read(FILE))).toThrow("a.ts#Budget..first: first ends before Budget starts");
    expect(() => resolveNamedRange("a.ts#first..second..Budget", "/", read(FILE))).toThrow("expected file#name or file#first..last");
  });

  test("every part the mutation modules name exists in today's code", () => {
    for (const [name, module] of Object.entries(MODULES))
      for (const entry of module.mutate) expect({ name, entry, range: resolveNamedRange(entry, ROOT) }).toEqual({ name, entry, range: expect.stringMatching(/^[^#]+$/) });
  });
});
