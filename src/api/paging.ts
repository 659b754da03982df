/**
 * Offset/limit collections read page after page: `--all`, or a `--limit` above the API's
 * page ceiling. Stops at the requested count, at `total`, or at a short or empty page
 * (so a collection that changes meanwhile cannot loop forever).
 */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PagesOptions<P> {
  offset: number;
  /** undefined = everything from `offset` to the end. */
  limit: number | undefined;
  pageSize: number;
  fetchPage(page: { limit: number; offset: number }): Promise<P>;
}

/** The pages one after another, each yielded as it arrives (nothing is kept). */
export async function* readPages<T, P extends Page<T> = Page<T>>(options: PagesOptions<P>): AsyncGenerator<P> {
  let read = 0;
  for (;;) {
    const wanted = options.limit === undefined ? options.pageSize : Math.min(options.pageSize, options.limit - read);
    const offset = options.offset + read;
    const page = await options.fetchPage({ limit: wanted, offset });
    read += page.items.length;
    yield page;
    const done = page.items.length < wanted || offset + page.items.length >= page.total || (options.limit !== undefined && read >= options.limit);
    if (done) return;
  }
}

/** Every page's items joined (for a lookup that needs them all, like resolving a name). */
export async function collectPages<T>(options: PagesOptions<Page<T>>): Promise<Page<T>> {
  const items: T[] = [];
  let total = 0;
  for await (const page of readPages<T>(options)) {
    items.push(...page.items);
    total = page.total;
  }
  return { items, total };
}
