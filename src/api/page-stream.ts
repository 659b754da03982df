/**
 * Reads an offset/limit collection with several pages in flight, yielding them in order
 * as soon as each and all before it have arrived, so a long export streams out without
 * being held in memory. The first page tells the total; the pages up to it are fetched
 * concurrently (bounded); if the collection grew meanwhile (a later page reports a larger
 * total), or a page came back short, reading goes on one page at a time from where the
 * items stop, so nothing is skipped.
 */
import type { Page } from "./paging.ts";

export interface PageStreamOptions<T> {
  offset: number;
  /** undefined = everything from `offset` to the end. */
  limit: number | undefined;
  pageSize: number;
  /** Pages in flight at once. */
  concurrency: number;
  fetchPage(page: { limit: number; offset: number }): Promise<Page<T>>;
}

export async function* streamPages<T>(options: PageStreamOptions<T>): AsyncGenerator<Page<T>> {
  const { pageSize, limit } = options;
  const end = (total: number) => (limit === undefined ? total : Math.min(total, options.offset + limit));
  const wantAt = (offset: number, total: number) => Math.min(pageSize, Math.max(0, end(total) - offset));

  let next = options.offset;
  const first = await options.fetchPage({ limit: limit === undefined ? pageSize : Math.min(pageSize, limit), offset: next });
  next += first.items.length;
  yield first;
  let total = first.total;
  if (first.items.length < Math.min(pageSize, limit ?? pageSize) || next >= end(total)) return;

  // Planned pages up to the known total, `concurrency` at a time, yielded in order.
  const planned: { offset: number; want: number }[] = [];
  for (let offset = next; offset < end(total); offset += pageSize) planned.push({ offset, want: wantAt(offset, total) });
  const inFlight: Promise<Page<T>>[] = [];
  const launch = (index: number) => {
    const page = options.fetchPage({ limit: planned[index]!.want, offset: planned[index]!.offset });
    page.catch(() => {}); // awaited in order below; a later failure must not go unhandled meanwhile
    inFlight[index] = page;
  };
  let launched = 0;
  for (let index = 0; index < planned.length; index++) {
    while (launched < planned.length && launched < index + options.concurrency) launch(launched++);
    const page = await inFlight[index]!;
    delete inFlight[index];
    next = planned[index]!.offset + page.items.length;
    total = page.total;
    yield page;
    if (page.items.length < planned[index]!.want) break; // short: re-plan from where it stopped (nothing more is launched after this loop)
  }

  // Whatever is left (the collection grew, or a page was short): one page at a time.
  while (next < end(total)) {
    const want = wantAt(next, total);
    const page = await options.fetchPage({ limit: want, offset: next });
    if (page.items.length === 0) return;
    next += page.items.length;
    total = page.total;
    yield page;
    if (page.items.length < want) return;
  }
}
