/**
 * Commands that are one operation of the API, declared as data: the operation's id, the
 * official arguments, how they become the request, and how the answer is shown. Everything
 * else is done here once for all of them, so they cannot differ:
 * - the operation's method and path come from the generated operation table, `{teamId}`
 *   from the resolved team;
 * - the body is checked against the operation's schema before anything is sent (exit 4
 *   naming the field);
 * - destructive commands (`confirm`) ask on a terminal (default No); `-y` skips the question;
 *   without a terminal and without `-y` they refuse (exit 4) and send nothing;
 * - lists (`list`) take `--limit/--offset` and `--all` (every page, joined);
 * - `--json` prints the API's answer as it is, but secret values (`secrets`) as "***"
 *   unless `--show-secrets`; without `--json`, a key/value block or a table.
 * Composite commands (several operations) are written by hand with the same helpers.
 */
import type { HttpMethod, Operation } from "../api/operation.ts";
import { UsageError } from "../errors.ts";
import { renderKeyValues } from "../output/key-values.ts";
import { sanitizeLine } from "../output/style.ts";
import { fitWidth, renderTable, type Column } from "../output/table.ts";
import { timeText } from "../output/time.ts";
import { jsonArgs, leafCommand, type DuvoArgsDef, type DuvoCommand, type DuvoCommandMeta, type ParsedArgs } from "./command.ts";
import type { Runtime } from "./runtime.ts";

/** What a command sends: values for the path's `{names}`, the query, the body. */
export interface OperationRequest {
  /** A value may be a function, called only when the request is sent (after any confirmation): an id read from the API. */
  path?: Record<string, PathValue>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export type PathValue = string | (() => Promise<string>);

/** How one field of the answer is shown: a key of the object, or a function of it. */
export type Field = string | ((item: any) => unknown);

export type Show =
  /** One object (at `at`, a key of the answer, or the answer itself): aligned `label  value` lines. */
  | { object?: string; fields: [label: string, field: Field][] }
  /** A collection (the array at `items`, or the answer itself when `items` is ""): a table. */
  | { items: string; columns: [header: string, field: Field, options?: Omit<Column, "header">][]; empty?: string }
  /** No data worth a table: one line on stderr. */
  | { done: (answer: any, args: any) => string };

export interface OperationCommandDefinition<T extends DuvoArgsDef> {
  meta: DuvoCommandMeta;
  /** The document's operationId. */
  operation: string;
  args: T;
  request?: (args: ParsedArgs<T>, runtime: Runtime) => OperationRequest | Promise<OperationRequest>;
  show: Show;
  /** A destructive command: the question asked on a terminal (the official tree gives these `-y`); undefined when this use of it changes nothing (a dry run). */
  confirm?: (args: ParsedArgs<T>) => string | undefined;
  /** A paged collection: the key of its items in the answer, and the API's largest page. */
  list?: { items: string; pageSize: number };
  /** Keys whose values are secrets when the answer echoes them: "***" unless --show-secrets. */
  secrets?: string[];
  /** Reshapes the answer for the table or key/value block only (--json prints the answer as it is). */
  transform?: (answer: any) => any;
}

export const yesArg = {
  yes: { type: "boolean", alias: "y", description: "Do not ask for confirmation" },
} as const satisfies DuvoArgsDef;

export const showSecretsArg = {
  "show-secrets": { type: "boolean", description: "Print secret values the API echoes (hidden as *** otherwise)" },
} as const satisfies DuvoArgsDef;

const pagingArgs = {
  limit: { type: "string", description: "How many to show (default: the API's page; more than a page is fetched page by page)", valueHint: "n" },
  offset: { type: "string", description: "Skip this many first (default 0)", valueHint: "n" },
  all: { type: "boolean", description: "Fetch everything from --offset to the end, page by page" },
} as const satisfies DuvoArgsDef;

export function operationCommand<const T extends DuvoArgsDef>(definition: OperationCommandDefinition<T>): DuvoCommand {
  const args = {
    ...definition.args,
    ...(definition.list ? pagingArgs : {}),
    ...(definition.confirm ? yesArg : {}),
    ...(definition.secrets ? showSecretsArg : {}),
    ...jsonArgs,
  } as DuvoArgsDef;
  return leafCommand({
    meta: definition.meta,
    args,
    async run(parsed, runtime) {
      const values = parsed as Record<string, unknown>;
      const { operationById, operationSchemas } = await import("../api/operations.ts");
      const operation = operationById(definition.operation);
      if (!operation) throw new Error(`no operation ${definition.operation} in the document`);
      const request = (await definition.request?.(parsed as ParsedArgs<T>, runtime)) ?? {};
      const schemas = await operationSchemas(operation);
      if (request.body !== undefined) {
        const { checkRequestBody } = await import("../api/client.ts");
        if (!schemas.body) throw new Error(`${operation.id} takes no body`);
        checkRequestBody(schemas.body, request.body);
      }
      const paging = definition.list ? (await import("../commands/_paging.ts")).readPaging(values, definition.list.pageSize) : undefined;
      const question = definition.confirm?.(parsed as ParsedArgs<T>);
      if (question !== undefined) await confirmOrRefuse(runtime, question, values.yes === true, definition.meta.name ?? "this command");

      const { client, teamId } = await runtime.api();
      const path = await fillPath(operation, request.path ?? {}, teamId);
      const answerSchema = schemas.responses[operation.success];
      if (!answerSchema && operation.success !== 204 && operation.success < 300) throw new Error(`${operation.id} documents no answer`);
      const anything = answerSchema ?? (await import("valibot")).unknown();
      const send = (query: OperationRequest["query"]) => client.call(operation.method as HttpMethod, path, anything, { query, body: request.body });

      let answer: any;
      if (paging?.multiPage) {
        const { collectPages } = await import("../api/paging.ts");
        const key = definition.list!.items;
        const { items, total } = await collectPages({
          offset: paging.offset,
          limit: paging.limit,
          pageSize: definition.list!.pageSize,
          fetchPage: async (page) => {
            const body = await send({ ...request.query, ...page });
            const list = (body as Record<string, unknown>)[key] as unknown[];
            const count = (body as { total?: number }).total;
            return { items: list, total: typeof count === "number" ? count : page.offset + list.length + (list.length < page.limit ? 0 : 1) };
          },
        });
        answer = { [key]: items, total, limit: items.length, offset: paging.offset };
      } else {
        const page = paging ? { limit: paging.limit, offset: values.offset === undefined ? undefined : paging.offset } : {};
        answer = await send({ ...request.query, ...page });
      }

      if (values.json || runtime.jq) {
        const { printJson } = await import("../output/print-json.ts");
        return printJson(runtime, values["show-secrets"] ? answer : hideSecrets(answer, definition.secrets ?? []));
      }
      const shown = hideSecrets(answer, definition.secrets ?? []);
      await show(runtime, definition.show, definition.transform ? definition.transform(shown) : shown, parsed);
    },
  });
}

/** Asks before a destructive request; refuses without a terminal unless -y (nothing is sent either way). */
export async function confirmOrRefuse(runtime: Runtime, question: string, yes: boolean, command: string): Promise<void> {
  if (yes) return;
  if (!runtime.canPrompt) throw new UsageError(`${command} changes data and there is no terminal to ask on: add -y to confirm`);
  const confirmed = await runtime.prompter.confirm(question, false);
  if (!confirmed) throw new UsageError("nothing changed: cancelled at the prompt");
}

/** The operation's path with its `{names}` filled (escaped); `{teamId}` defaults to the resolved team. */
export async function fillPath(operation: Operation, values: Record<string, PathValue>, teamId: () => Promise<string>): Promise<string> {
  let path = operation.path;
  for (const name of operation.pathParams) {
    const given = values[name];
    let value = typeof given === "function" ? await given() : given;
    if (value === undefined && name === "teamId") value = await teamId();
    if (value === undefined) throw new Error(`${operation.id}: no value for {${name}}`);
    path = path.replace(`{${name}}`, name === "*" ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value));
  }
  return path.slice("/v2".length); // the client's base URL ends in /v2
}

/** The answer with the values of secret keys replaced by "***", at any depth. */
export function hideSecrets(value: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => hideSecrets(item, keys));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, keys.includes(key) && item !== null && item !== undefined ? maskValue(item) : hideSecrets(item, keys)]),
  );
}

function maskValue(value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return Object.fromEntries(Object.keys(value).map((key) => [key, "***"]));
  return "***";
}

async function show(runtime: Runtime, how: Show, answer: any, args: unknown): Promise<void> {
  const tty = runtime.io.stdout.isTTY;
  if ("done" in how) {
    runtime.log.success(how.done(answer, args));
    return;
  }
  if ("items" in how) {
    const items: any[] = (how.items === "" || Array.isArray(answer) ? answer : answer?.[how.items]) ?? []; // some collections are the answer itself
    if (items.length === 0) {
      runtime.log.info(how.empty ?? "Nothing to show.");
      return;
    }
    const columns = how.columns.map(([header, , options]) => ({ header, ...options }));
    const rows = items.map((item) => how.columns.map(([header, field]) => cellText(header, read(item, field), tty)));
    await runtime.io.stdout.write(renderTable(columns, rows, runtime.outStyle, { width: fitWidth(runtime.io) }));
    const total = typeof answer?.total === "number" ? answer.total : undefined;
    const offset = typeof answer?.offset === "number" ? answer.offset : 0;
    if (total !== undefined && offset + items.length < total) {
      runtime.log.info(`Showing ${offset + 1}-${offset + items.length} of ${total}; more with --offset ${offset + items.length}, or --all.`);
    }
    return;
  }
  const object = how.object ? answer?.[how.object] : answer;
  const rows = how.fields.map(([label, field]) => [label, cellText(label, read(object, field), tty)] as [string, string]);
  await runtime.io.stdout.write(renderKeyValues(rows, runtime.outStyle));
}

function read(item: any, field: Field): unknown {
  return typeof field === "function" ? field(item) : item?.[field];
}

/** One value as table or key/value text: times relative on a terminal, objects as compact JSON. */
function cellText(label: string, value: unknown, tty: boolean): string {
  if (value === null || value === undefined || value === "") return "-";
  if (typeof value === "string") return /(^|\s)(CREATED|UPDATED|LAST|Created|Updated|Last)\b/.test(label) && /^\d{4}-\d\d-\d\dT/.test(value) ? timeText(value, tty) : sanitizeLine(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "-" : sanitizeLine(value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", "));
  return sanitizeLine(JSON.stringify(value));
}
