/** The concurrent, in-order page reader behind `runs messages` exports. */
import { describe, expect, test } from "bun:test";
import { streamPages } from "../src/api/page-stream.ts";

/** A collection of `size` numbered items served with random delays; `grow` adds items after the first page. */
function collection(size: number, options: { grow?: number; shortAt?: number } = {}) {
  let items = Array.from({ length: size }, (_, index) => index);
  const requests: { offset: number; limit: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    requests,
    maxInFlight: () => maxInFlight,
    async fetchPage(page: { offset: number; limit: number }) {
      requests.push(page);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Bun.sleep(Math.random() * 5);
      inFlight--;
      if (requests.length === 1 && options.grow) items = [...items, ...Array.from({ length: options.grow }, (_, index) => size + index)];
      const limit = page.offset === options.shortAt ? Math.floor(page.limit / 2) : page.limit;
      return { items: items.slice(page.offset, page.offset + limit), total: items.length };
    },
  };
}

async function read(source: ReturnType<typeof collection>, offset: number, limit: number | undefined, concurrency = 4) {
  const seen: number[] = [];
  for await (const page of streamPages({ offset, limit, pageSize: 50, concurrency, fetchPage: (page) => source.fetchPage(page) })) seen.push(...page.items);
  return seen;
}

describe("streamPages", () => {
  test("everything from the offset, in order, each page once, at most `concurrency` in flight", async () => {
    const source = collection(1_234);
    expect(await read(source, 0, undefined)).toEqual(Array.from({ length: 1_234 }, (_, index) => index));
    expect(source.requests).toHaveLength(25);
    expect(new Set(source.requests.map((request) => request.offset)).size).toBe(25);
    expect(source.maxInFlight()).toBeLessThanOrEqual(4);
    expect(source.maxInFlight()).toBeGreaterThan(1);
  });

  test("offset and limit", async () => {
    const source = collection(500);
    expect(await read(source, 30, 120)).toEqual(Array.from({ length: 120 }, (_, index) => 30 + index));
    expect(source.requests.map((request) => request.limit)).toEqual([50, 50, 20]);
  });

  test("a collection that grows while it is read is read to its new end", async () => {
    const source = collection(120, { grow: 75 });
    expect(await read(source, 0, undefined)).toEqual(Array.from({ length: 195 }, (_, index) => index));
  });

  test("a page that comes back short is continued from where it stopped: nothing skipped", async () => {
    const source = collection(400, { shortAt: 100 });
    expect(await read(source, 0, undefined)).toEqual(Array.from({ length: 400 }, (_, index) => index));
  });

  test("an empty collection is one request", async () => {
    const source = collection(0);
    expect(await read(source, 0, undefined)).toEqual([]);
    expect(source.requests).toHaveLength(1);
  });

  test("a failing page fails the stream", async () => {
    let calls = 0;
    const pages = streamPages({
      offset: 0,
      limit: undefined,
      pageSize: 50,
      concurrency: 4,
      fetchPage: async (page) => {
        calls++;
        if (page.offset === 100) throw new Error("boom");
        return { items: Array(Math.min(50, 500 - page.offset)).fill(0), total: 500 };
      },
    });
    const read = async () => {
      for await (const _ of pages);
    };
    await expect(read()).rejects.toThrow("boom");
    // The first page, then at most `concurrency` ahead of the page being waited for.
    expect(calls).toBeLessThanOrEqual(1 + 4 + 1);
  });

  test("the pages asked for: a limit below the page size, a total that is a multiple of it, a first page shorter than asked", async () => {
    const small = collection(500);
    expect(await read(small, 10, 20)).toEqual(Array.from({ length: 20 }, (_, index) => 10 + index));
    expect(small.requests).toEqual([{ limit: 20, offset: 10 }]);
    // 150 items: three pages, and no fourth asking for nothing at the end.
    const exact = collection(150);
    expect(await read(exact, 0, undefined)).toHaveLength(150);
    expect(exact.requests.toSorted((a, b) => a.offset - b.offset)).toEqual([
      { limit: 50, offset: 0 },
      { limit: 50, offset: 50 },
      { limit: 50, offset: 100 },
    ]);
    // A first page shorter than asked is the end, whatever its total says.
    const short = collection(400, { shortAt: 0 });
    expect(await read(short, 0, undefined)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    expect(short.requests).toEqual([{ limit: 50, offset: 0 }]);
  });

  test("read one page at a time after the collection grew: an empty or short page is the end, and no empty page is yielded", async () => {
    for (const [after, expected] of [
      [0, [50, 50]],
      [10, [50, 50, 10]],
    ] as const) {
      const requests: number[] = [];
      const pages: number[] = [];
      const source = {
        offset: 0,
        limit: undefined,
        pageSize: 50,
        concurrency: 4,
        fetchPage: async (page: { offset: number; limit: number }) => {
          requests.push(page.offset);
          // The first page says 100; the second, 150 (grown); the third, read alone, has only `after` items.
          if (page.offset === 0) return { items: Array(50).fill(0), total: 100 };
          if (page.offset === 50) return { items: Array(50).fill(0), total: 150 };
          return { items: Array(after).fill(0), total: 150 };
        },
      };
      for await (const page of streamPages(source)) pages.push(page.items.length);
      expect({ after, pages, requests }).toEqual({ after, pages: [...expected], requests: [0, 50, 100] });
    }
  });

  test("a page that fails while an earlier one is still on its way is no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const pages = streamPages({
        offset: 0,
        limit: undefined,
        pageSize: 50,
        concurrency: 4,
        fetchPage: async (page) => {
          if (page.offset === 100) throw new Error("boom"); // at once
          if (page.offset === 50) await Bun.sleep(50); // the page read before it takes a while
          return { items: Array(50).fill(0), total: 500 };
        },
      });
      const read = async () => {
        for await (const _ of pages);
      };
      await expect(read()).rejects.toThrow("boom");
      await Bun.sleep(10);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});
