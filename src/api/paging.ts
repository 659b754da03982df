/**
 * Offset/limit collections read page after page: `--all`, or a `--limit` above the API's
 * page ceiling. Stops at the requested count, at `total`, or at a short or empty page
 * (so a collection that changes meanwhile cannot loop forever).
 */
export interface Page<T> {
  items: T[];
  total: number;
}

export async function collectPages<T>(options: {
  offset: number;
  /** undefined = everything from `offset` to the end. */
  limit: number | undefined;
  pageSize: number;
  fetchPage(page: { limit: number; offset: number }): Promise<Page<T>>;
}): Promise<Page<T>> {
  const items: T[] = [];
  let total = 0;
  for (;;) {
    const wanted = options.limit === undefined ? options.pageSize : Math.min(options.pageSize, options.limit - items.length);
    const offset = options.offset + items.length;
    const page = await options.fetchPage({ limit: wanted, offset });
    items.push(...page.items);
    total = page.total;
    const done =
      page.items.length < wanted || offset + page.items.length >= page.total || (options.limit !== undefined && items.length >= options.limit);
    if (done) return { items, total };
  }
}
