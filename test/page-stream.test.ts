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
});
