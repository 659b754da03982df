/**
 * How a command shows an answer, declared once (`show`) and used by `operationCommand` and
 * by hand-written commands alike:
 * - one object: aligned `label  value` lines (`fields`);
 * - a collection: a table (`columns`), with "Showing x-y of N; more with --offset …, or --all."
 *   when the answer holds less than its `total`; a list read page by page (`printList`) is
 *   printed as the pages arrive, in tables and in `--json`;
 * - nothing worth a table: one line on stderr (`done`).
 * `--json`/`--jq` print the API's answer as it is (`printJson`); secret values the answer
 * echoes are "***" (`hideSecrets`) unless `--show-secrets`.
 */
import { printJson, printJsonStream } from "../output/print-json.ts";
import { renderKeyValues } from "../output/key-values.ts";
import { sanitizeLine } from "../output/style.ts";
import { fitWidth, tableWriter, type Column } from "../output/table.ts";
import { timeText } from "../output/time.ts";
import type { Style } from "../output/style.ts";
import type { ListPage, Paging } from "./paging.ts";
import { hideSecrets } from "./hide-secrets.ts";
import type { Runtime } from "./runtime.ts";

/** The keys an object type names (not the `[key: string]: unknown` of a loose object). */
export type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: T[K] } & string;

/** How one value of the answer is shown: a key of the object, or a function of it. */
export type Field<T = any> = (0 extends 1 & T ? string : KnownKeys<NonNullable<T>>) | ((item: T) => unknown);

export interface FieldOptions {
  /** An ISO 8601 time: relative on a terminal ("3m ago"), as the API gave it otherwise. */
  time?: boolean;
}
export type ColumnOptions = Omit<Column, "header"> &
  FieldOptions & {
    /** Colours the cell's text on a terminal (e.g. `statusText`); colour codes take no width. */
    decorate?: (text: string, style: Style) => string;
  };

export type FieldSpec<T = any> = [label: string, field: Field<T>, options?: FieldOptions];
export type ColumnSpec<T = any> = [header: string, field: Field<T>, options?: ColumnOptions];

/** What a list prints when it has no items: a sentence, or one made from the total and --offset. */
export type Empty = string | ((page: { total: number | undefined; offset: number }) => string);

type Keys<A> = KnownKeys<A>;
type Element<V> = NonNullable<V> extends readonly (infer E)[] ? E : never;
export type ArrayKeys<A> = { [K in Keys<A>]: NonNullable<A[K]> extends readonly unknown[] ? K : never }[Keys<A>];
type ObjectKeys<A> = { [K in Keys<A>]: NonNullable<A[K]> extends readonly unknown[] ? never : NonNullable<A[K]> extends object ? K : never }[Keys<A>];

/** One object (the answer itself, or the one at `object`, a key of it): aligned `label  value` lines. */
/** An answer the document leaves untyped (any or unknown): fields are not checked. */
type Untyped<A> = 0 extends 1 & A ? true : unknown extends A ? true : false;

export type ObjectShow<A = any> =
  Untyped<A> extends true
    ? { object?: string; fields: FieldSpec[] }
    : { object?: undefined; fields: FieldSpec<A>[] } | { [K in ObjectKeys<A>]: { object: K; fields: FieldSpec<NonNullable<A[K]>>[] } }[ObjectKeys<A>];

/** A collection (the array at `items`, or the answer itself when `items` is ""): a table. */
/** The keys of `A` that hold an array (any key when `A` is untyped). */
export type ListKey<A> = Untyped<A> extends true ? string : ArrayKeys<A>;

export type ItemsShow<A = any> =
  Untyped<A> extends true
    ? { items: string; columns: ColumnSpec[]; empty?: Empty }
    :
        | { [K in ArrayKeys<A>]: { items: K; columns: ColumnSpec<Element<A[K]>>[]; empty?: Empty } }[ArrayKeys<A>]
        | (A extends readonly (infer E)[] ? { items: ""; columns: ColumnSpec<E>[]; empty?: Empty } : never);

/** No data worth a table: one line on stderr. */
export interface DoneShow<A = any, Args = any> {
  done: (answer: A, args: Args) => string;
}

/** The other kinds' keys, absent: lets TypeScript tell the kinds apart (and type a field's function) from the keys given. */
type Only<T, Others extends string> = T & { [K in Others]?: undefined };

export type Show<A = any, Args = any> =
  | Only<ObjectShow<A>, "items" | "done">
  | Only<ItemsShow<A>, "object" | "fields" | "done">
  | Only<DoneShow<A, Args>, "object" | "fields" | "items">;

/** Prints one answer as `show` declares (not --json: see printJson). */
export async function showAnswer(runtime: Runtime, how: Show, answer: any, args: unknown): Promise<void> {
  if (how.done) {
    runtime.log.success(how.done(answer, args));
    return;
  }
  if (how.items !== undefined) {
    const items: any[] = (how.items === "" || Array.isArray(answer) ? answer : answer?.[how.items]) ?? []; // some collections are the answer itself
    const total = typeof answer?.total === "number" ? answer.total : undefined;
    const offset = typeof answer?.offset === "number" ? answer.offset : 0;
    if (items.length === 0) return runtime.log.info(emptyText(how.empty, total, offset));
    const table = tableFor(runtime, how.columns);
    await runtime.io.stdout.write(table(items));
    const more = footer({ offset, shown: items.length, total });
    if (more) runtime.log.info(more);
    return;
  }
  const tty = runtime.io.stdout.isTTY;
  const object = how.object ? answer?.[how.object] : answer;
  const rows = how.fields.map(([label, field, options]) => [label, cellText(read(object, field), tty, options?.time)] as [string, string]);
  await runtime.io.stdout.write(renderKeyValues(rows, runtime.outStyle));
}

/**
 * A list read with `fetchPages`, printed as the pages arrive and never held whole: with
 * --json the API's page as it is (one page), or one document `{<key>: [...], ...tail}`
 * streamed item by item (several pages); otherwise a table, then "Showing x-y of N…" when
 * there is more.
 */
export async function printList<T>(
  runtime: Runtime,
  pages: AsyncIterable<ListPage<T>>,
  options: {
    paging: Paging;
    /** The items' key in the answer. */
    key: string;
    json: boolean;
    columns: ColumnSpec<T>[];
    empty?: Empty;
    /** Named in the footer: "Showing 1-20 of 45 agents". */
    noun?: string;
    /** Keys whose values are "***" (in --json too, unless `showSecrets`). */
    secrets?: readonly string[];
    showSecrets?: boolean;
    /** What follows the items in the joined --json document (default total, limit: the count, offset). */
    tail?: (end: { total: number | undefined; count: number; offset: number }) => Record<string, unknown>;
  },
): Promise<void> {
  const { paging } = options;
  // The keys whose values are printed as "***": none with --show-secrets.
  const secrets = options.showSecrets ? [] : (options.secrets ?? []);
  let total: number | undefined;
  let count = 0;
  if (options.json || runtime.jq) {
    if (!paging.multiPage) {
      for await (const page of pages) await printJson(runtime, hideSecrets(page.answer, secrets));
      return;
    }
    async function* chunks() {
      for await (const page of pages) {
        total = page.total;
        count += page.items.length;
        yield page.items.map((item) => hideSecrets(item, secrets));
      }
    }
    const tail = options.tail ?? (({ total, count, offset }) => ({ total, limit: count, offset }));
    return printJsonStream(runtime, options.key, chunks(), () => tail({ total, count, offset: paging.offset }));
  }
  const table = tableFor(runtime, options.columns);
  for await (const page of pages) {
    total = page.total;
    count += page.items.length;
    if (page.items.length) await runtime.io.stdout.write(table(page.items.map((item) => hideSecrets(item, secrets))));
  }
  if (count === 0) return runtime.log.info(emptyText(options.empty, total, paging.offset));
  const more = paging.all ? undefined : footer({ offset: paging.offset, shown: count, total, noun: options.noun });
  if (more) runtime.log.info(more);
}

/** "Showing 21-40 of 45 agents; more with --offset 40, or --all." when there is more than shown. */
export function footer({ offset, shown, total, noun }: { offset: number; shown: number; total: number | undefined; noun?: string }): string | undefined {
  if (total === undefined || offset + shown >= total) return undefined;
  return `Showing ${offset + 1}-${offset + shown} of ${total}${noun ? ` ${noun}` : ""}; more with --offset ${offset + shown}, or --all.`;
}

function emptyText(empty: Empty | undefined, total: number | undefined, offset: number): string {
  return typeof empty === "function" ? empty({ total, offset }) : (empty ?? "Nothing to show.");
}

/** A table written a chunk of items at a time, fitted to the terminal. */
function tableFor<T>(runtime: Runtime, columns: ColumnSpec<T>[]): (items: T[]) => string {
  const tty = runtime.io.stdout.isTTY;
  const write = tableWriter(
    columns.map(([header, , options]) => ({ header, keep: options?.keep })),
    runtime.outStyle,
    { width: fitWidth(runtime.io) },
  );
  const cell = (item: T, [, field, options]: ColumnSpec<T>) => {
    const text = cellText(read(item, field), tty, options?.time);
    return options?.decorate ? options.decorate(text, runtime.outStyle) : text;
  };
  return (items) => write(items.map((item) => columns.map((column) => cell(item, column))));
}

function read(item: any, field: Field): unknown {
  return typeof field === "function" ? field(item) : item?.[field];
}

/** One value as table or key/value text: times relative on a terminal, objects as compact JSON. */
export function cellText(value: unknown, tty: boolean, time = false): string {
  if (value === null || value === undefined || value === "") return "-";
  if (typeof value === "string") return time && /^\d{4}-\d\d-\d\dT/.test(value) ? timeText(value, tty) : sanitizeLine(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "-" : sanitizeLine(value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", "));
  return sanitizeLine(JSON.stringify(value));
}
