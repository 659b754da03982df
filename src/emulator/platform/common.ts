/** Small pieces the platform domains share: request checks against the document, paging, ids. */
import * as v from "valibot";
import { describeIssue } from "../../api/issues.ts";
import { operationSchemas } from "../../api/operations.ts";
import { ApiError, intParam } from "../http.ts";
import type { RouteContext } from "../routes.ts";

/**
 * The query as the operation types it (numbers, booleans, arrays from the strings of the URL),
 * checked against the document: a 400 naming the parameter otherwise.
 */
export async function checkedQuery(c: RouteContext): Promise<Record<string, any>> {
  const schemas = await operationSchemas(c.operation);
  const typed: Record<string, unknown> = {};
  for (const parameter of c.operation.query) {
    const raw = c.query.get(parameter.name);
    if (raw === null) continue;
    typed[parameter.name] =
      parameter.type === "integer" || parameter.type === "number"
        ? /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
        : parameter.type === "boolean"
          ? raw === "true" ? true : raw === "false" ? false : raw
          : parameter.type === "array"
            ? c.query.getAll(parameter.name)
            : raw;
  }
  const result = v.safeParse(v.looseObject((schemas.query as v.ObjectSchema<v.ObjectEntries, undefined>).entries), typed);
  if (!result.success) throw new ApiError(400, describeIssue(result.issues[0], "query"));
  return result.output;
}

/** The request body checked against the operation's schema (the same 400 as for unmodelled operations). */
export async function checkedBody<T = any>(c: RouteContext): Promise<T> {
  const schemas = await operationSchemas(c.operation);
  if (!schemas.body) return (c.body ?? {}) as T;
  if (c.body === undefined) {
    if (c.operation.body === "required") throw new ApiError(400, "Request body is required");
    return {} as T;
  }
  const result = v.safeParse(schemas.body, c.body);
  if (!result.success) throw new ApiError(400, describeIssue(result.issues[0]));
  return result.output as T;
}

/** Query and body, both checked (the body undefined for an operation that takes none). */
export async function checkedRequest(c: RouteContext): Promise<{ query: Record<string, any>; body: any }> {
  const query = await checkedQuery(c);
  const body = (await operationSchemas(c.operation)).body ? await checkedBody(c) : undefined;
  return { query, body };
}

/** `limit`/`offset` of a list, within the document's bounds. */
export function paging(c: RouteContext, max: number, fallback: number) {
  return { limit: intParam(c.query, "limit", 1, max, fallback), offset: intParam(c.query, "offset", 0, Number.MAX_SAFE_INTEGER, 0) };
}

/** A path parameter's value as the router gave it (`*` joined). */
export function pathParam(c: RouteContext, name: string): string {
  const value = c.params[name];
  if (value === undefined) throw new ApiError(400, `${name} is required`);
  return value;
}

/** The emulator's own address as the client reached it (upload and download URLs point back to it). */
export function originOf(c: RouteContext): string {
  return c.url?.origin ?? "http://127.0.0.1";
}
