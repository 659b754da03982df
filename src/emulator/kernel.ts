/**
 * The emulator's kernel: what a domain module needs, and all it may import from the
 * emulator besides fixtures.ts, state.ts (the run engine) and storage.ts. A domain never
 * imports the router (routes.ts) or another domain through an index.
 *
 * Plugging in behaviour: a domain exports `Plugins`, handlers by operation id, and
 * plugins.ts lists the domain. Everything else is answered without code: an operation that
 * creates, reads, updates, deletes or lists a resource of a family the document shows is
 * answered from the store (store.ts, crud.ts); a deprecated operation the document says has
 * moved redirects there (`redirect`). No operation answers a fixed example.
 *
 *   export const PULSE: Plugins = {
 *     refreshPulseDashboard: async (c) => {
 *       const { body } = await checkedRequest(c);         // query and body against the document
 *       const dashboard = storedAt(c, "artifactId");      // the store's resource, or a 404
 *       dashboard.status = "running";
 *       return ok({ ...dashboard });                      // or:
 *     },
 *     getPulseDashboardPdf: (c) => bytes(pdf, "application/pdf"),
 *     getPulseDashboardHtml: (c) => html("<html>…</html>"),
 *     // Checks, and fields of its own, for a resource the store keeps:
 *     createSchedule: beforeStore(async (c) => ({ build_id: liveBuildOf(c) })),
 *   };
 *
 * A handler gets the request as `c` (Context): the checked path parameters, the query, the
 * parsed JSON body, or for multipart and octet-stream requests `c.form` / `c.raw`. It
 * returns a Reply (`ok`, `bytes`, `html`) or throws an ApiError (the server gives it the
 * operation's documented error shape). A domain's own state lives in a world slot:
 * `const queues = worldSlot(() => new Map())`, then `queues(c.state)`.
 */
import * as v from "valibot";
import { describeIssue } from "../api/issues.ts";
import type { Operation } from "../api/operation.ts";
import { operationSchemas } from "../api/operations.ts";
import type { TeamFixture } from "./fixtures.ts";
import { ApiError, type Reply } from "./http.ts";
import { iso, type EmulatorState } from "./state.ts";
import { familiesNamedBy, familyAt, idsOf, roleOf, samples, type Store } from "./store.ts";

export { ApiError, isUuid, objectBody, ok, type Reply } from "./http.ts";

/** A request as a handler sees it. */
export interface Context {
  state: EmulatorState;
  /** The resources of the document's families (store.ts). */
  store: Store;
  team: TeamFixture;
  operation: Operation;
  /** Path parameters, checked against the document (UUIDs lower-cased; `*` the rest of the path). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body; undefined for none (and for multipart / octet-stream bodies: see form, raw). */
  body: unknown;
  /** A multipart/form-data body. */
  form?: Awaited<ReturnType<Response["formData"]>>;
  /** The body's bytes and content type, whatever its kind. */
  raw?: { bytes: Uint8Array; contentType: string | null };
  /** The request's URL (its origin is the emulator's address as the client reached it: upload and download URLs point back to it). */
  url: URL;
  /** Another request with this one's key, answered as the router answers any (the MCP endpoint's tool calls). */
  call: (method: string, pathAndQuery: string, body: unknown) => Promise<Reply>;
}

export type Handler = (c: Context) => Reply | Promise<Reply>;

/** A domain's behaviour: handlers by operation id. */
export type Plugins = Record<string, Handler>;

/**
 * Checks a request before the store answers it; returns the fields the domain sets on the
 * resource (create, update: fields the answers do not show are kept, and a list filters by
 * them; an `id` of a resource there has the create take it over), and the answer's own
 * fields beside the resource (an agent's `user_context`, a list's `platform_rubrics`, a
 * delete's counts; undefined leaves one out).
 */
export type StoreHook = (c: Context) => Record<string, unknown> | void | Promise<Record<string, unknown> | void>;

/** How the domain shows a stored resource in answers (fields computed from others, or from other resources). */
export type StoreView = (resource: Record<string, any>, c: Context) => Record<string, any>;

const storeHooks = new WeakMap<Handler, { hook: StoreHook; view?: StoreView }>();

/**
 * Behaviour around a resource the store keeps: the hook checks the request (throwing an
 * ApiError) and may set fields, the view may add fields to what is shown, then the store
 * answers. The family stays the store's.
 */
export function beforeStore(hook: StoreHook, view?: StoreView): Handler {
  const handler: Handler = () => {
    throw new Error("beforeStore: the router runs the hook, then the store");
  };
  storeHooks.set(handler, { hook, view });
  return handler;
}

/** The hook (and view) of a handler made by beforeStore. */
export const storeHookOf = (handler: Handler | undefined) => handler && storeHooks.get(handler);

/** The store's resource a path parameter names (`artifactId` in /v2/artifacts/{artifactId}/refresh), or a 404. */
export function storedAt(c: Context, param: string): Record<string, any> {
  const named = familiesNamedBy(c.operation.path).find(({ family, params }) => params[family.idParam] === param);
  if (!named) throw new Error(`{${param}} of ${c.operation.path} names no family of the store`);
  return c.store.find(named.family, c.team.id, idsOf(named, c.params)).resource;
}

/** The store's resource the operation's path names (its own family's), or a 404. */
export function storedOf(c: Context): Record<string, any> {
  const role = roleOf(c.operation.id);
  if (!role) throw new Error(`${c.operation.id} names no resource of the store`);
  return c.store.find(role.family, c.team.id, c.params).resource;
}

/** The resource in the shape of `shape` (the example at that place): its fields, and the example's for those it lacks. */
export function fit(resource: Record<string, any>, shape: any): any {
  if (typeof shape !== "object" || shape === null || Array.isArray(shape)) return structuredClone(resource);
  return Object.fromEntries(Object.keys(shape).map((key) => [key, structuredClone(key in resource ? resource[key] : shape[key])]));
}

/** The named fields of a type, without the index signature of a loose object (which Omit would keep alone). */
export type Named<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** The emulator's time now, as the API writes times. */
export const now = (c: Pick<Context, "state">) => iso(c.state.now());

/** A binary answer (a download). */
export const bytes = (body: Uint8Array, contentType = "application/octet-stream", status = 200): Reply => ({ status, body, headers: { "content-type": contentType } });

/** A text/html answer. */
export const html = (text: string, status = 200): Reply => ({ status, body: text, headers: { "content-type": "text/html; charset=utf-8" } });

/**
 * State of one emulator (one world) for a domain: `const slot = worldSlot(() => new X())`,
 * then `slot(state)` gives this world's X, made on first use and kept across down()/up().
 */
export function worldSlot<T>(create: () => T): (state: EmulatorState) => T {
  const byWorld = new WeakMap<EmulatorState, T>();
  return (state) => {
    let value = byWorld.get(state);
    if (value === undefined) byWorld.set(state, (value = create()));
    return value;
  };
}

export type { Store };
export { familyAt, samples };

/** A query parameter's text as its type reads it (text that is no such value stays, for the check to name). */
const number = (raw: string) => (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
const READ_QUERY: Record<string, (raw: string) => unknown> = { integer: number, number, boolean: (raw) => (raw === "true" ? true : raw === "false" ? false : raw) };

/**
 * The query as the operation types it (numbers, booleans, arrays from the strings of the URL),
 * checked against the document: a 400 naming the parameter otherwise.
 */
export async function checkedQuery(c: Context): Promise<Record<string, any>> {
  const schemas = await operationSchemas(c.operation);
  const typed: Record<string, unknown> = {};
  for (const parameter of c.operation.query) {
    const raw = c.query.get(parameter.name);
    if (raw !== null) typed[parameter.name] = parameter.type === "array" ? c.query.getAll(parameter.name) : (READ_QUERY[parameter.type]?.(raw) ?? raw);
  }
  const { entries } = schemas.query as v.ObjectSchema<v.ObjectEntries, undefined>;
  const result = v.safeParse(v.looseObject(entries), typed);
  if (!result.success) {
    const name = String(result.issues[0].path?.[0]?.key);
    throw new ApiError(400, entries[name] ? paramIssue(name, entries[name], result.issues[0]) : describeIssue(result.issues[0], "query"));
  }
  return result.output;
}

/** A path or query parameter's problem in the API's words: `limit must be an integer between 1 and 50`, `sort_order must be one of asc, desc`, `run_id must be a UUID`. */
export function paramIssue(name: string, schema: v.GenericSchema, issue: v.BaseIssue<unknown>): string {
  const inner: any = "wrapped" in schema ? schema.wrapped : schema;
  const pipe: { type: string; requirement?: unknown }[] = inner.pipe ?? [];
  const [min, max] = ["min_value", "max_value"].map((type) => pipe.find((step) => step.type === type)?.requirement);
  const kind = pipe.some((step) => step.type === "integer") ? "an integer" : "a number";
  if (min !== undefined) return `${name} must be ${kind} ${max === undefined || max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`}`;
  if (inner.type === "picklist") return `${name} must be one of ${inner.options.join(", ")}`;
  if (issue.type === "uuid") return `${name} must be a UUID`;
  if (issue.type === "iso_timestamp") return `${name} must be an ISO 8601 date-time`;
  return `${name}: ${issue.message}`;
}

/** The JSON request body checked against the operation's schema; an operation without one takes none. */
export async function checkedBody<T = any>(c: Context): Promise<T> {
  const schemas = await operationSchemas(c.operation);
  if (!schemas.body) {
    const empty = c.body === undefined || (typeof c.body === "object" && c.body !== null && Object.keys(c.body).length === 0);
    if (!empty) throw new ApiError(400, "This operation takes no request body");
    return (c.body ?? {}) as T;
  }
  if (c.body === undefined) {
    if (c.operation.body === "required") throw new ApiError(400, "Request body is required");
    return {} as T;
  }
  const result = v.safeParse(schemas.body, c.body);
  if (!result.success) throw new ApiError(400, describeIssue(result.issues[0]));
  return result.output as T;
}

/** Query and body, both checked (the body undefined for an operation that takes none). */
export async function checkedRequest(c: Context): Promise<{ query: Record<string, any>; body: any }> {
  const query = await checkedQuery(c);
  const body = (await operationSchemas(c.operation)).body ? await checkedBody(c) : undefined;
  return { query, body };
}

/** One page of `items` by the checked query's `limit` and `offset` (else the documented defaults, else all of them), and their total. */
export function pageOf<T>(c: Context, query: Record<string, any>, items: T[]) {
  const defaults: Record<string, any> = samples[c.operation.id]!.queryDefaults ?? {};
  const offset: number = query.offset ?? defaults.offset ?? 0;
  const limit: number = query.limit ?? defaults.limit ?? items.length;
  return { page: items.slice(offset, offset + limit), total: items.length, limit, offset };
}

/**
 * An operation no plugin and no family answers: a deprecated one the document says has moved
 * answers its 308 to where it went, once the request is checked; any other is not modelled
 * (test/openapi.test.ts walks every operation and catches one).
 */
export async function redirect(c: Context): Promise<Reply> {
  await checkedRequest(c);
  const { redirect: target, status } = samples[c.operation.id]!;
  if (!target) throw new ApiError(501, `The emulator does not model ${c.operation.id}`);
  return { status, body: undefined, headers: { location: fillPath(target, c.params) } };
}

/** A path template of the document with its `{names}` filled in, encoded (a `{*}` rest of a path as it is); a missing one is empty. */
export function fillPath(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => (name === "*" ? (values[name] ?? "") : encodeURIComponent(values[name] ?? "")));
}
