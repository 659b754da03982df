/**
 * `--limit/--offset/--all` for list commands: one page as the API answers it, or (with
 * `--all`, or a `--limit` above the API's page) page after page, streamed as the pages
 * arrive so that no list is ever held whole in memory.
 */
import { readPages } from "../api/paging.ts";
import type { DuvoArgsDef } from "./command.ts";

export const pageArgs = {
  limit: { type: "string", integer: { min: 1 }, description: "How many to show (default: the API's page; more than a page is fetched page by page)", valueHint: "n" },
  offset: { type: "string", integer: {}, description: "Skip this many first (default 0)", valueHint: "n" },
  all: { type: "boolean", conflicts: "limit", description: "Fetch everything from --offset to the end, page by page" },
} as const satisfies DuvoArgsDef;

export interface Paging {
  offset: number;
  /** Whether --offset was given (a single page sends it only then). */
  offsetGiven: boolean;
  /** undefined: the API's default page, or everything with --all. */
  limit: number | undefined;
  all: boolean;
  /** Whether it takes more than one request (then the output joins the pages). */
  multiPage: boolean;
}

/** The parsed `pageArgs` (the parser has checked them: whole numbers, not --all with --limit). */
export function readPaging(args: { limit?: number; offset?: number; all?: boolean }, pageSize: number): Paging {
  const all = args.all === true;
  const limit = args.limit;
  return { offset: args.offset ?? 0, offsetGiven: args.offset !== undefined, limit, all, multiPage: all || (limit !== undefined && limit > pageSize) };
}

/** One page of a list: its items, the collection's total (if the API tells it), and the API's answer as it came. */
export interface ListPage<T> {
  items: T[];
  total: number | undefined;
  answer: unknown;
}

/**
 * The pages to show, in order: the one page asked for (the API's default page unless
 * `--limit`/`--offset` say otherwise), or every page of the range, one request at a time, each yielded as it arrives.
 */
export async function* fetchPages<T>(
  paging: Paging,
  pageSize: number,
  fetchPage: (query: { limit?: number; offset?: number }) => Promise<ListPage<T>>,
): AsyncGenerator<ListPage<T>> {
  if (!paging.multiPage) {
    yield await fetchPage({ limit: paging.limit, offset: paging.offsetGiven ? paging.offset : undefined });
    return;
  }
  yield* readPages<T, ListPage<T> & { total: number }>({
    offset: paging.offset,
    limit: paging.limit,
    pageSize,
    fetchPage: async (query) => {
      const page = await fetchPage(query);
      // Without a total, a full page means there may be more.
      return { ...page, total: page.total ?? query.offset + page.items.length + (page.items.length < query.limit ? 0 : 1) };
    },
  });
}
