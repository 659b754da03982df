/**
 * A stateful handler's request, checked against the document as the example answers are:
 * the query's values typed and checked, the body parsed by the operation's schema (400 naming
 * the field otherwise). Handlers get the typed values back.
 */
import * as v from "valibot";
import { describeIssue } from "../../api/issues.ts";
import { operationSchemas } from "../../api/operations.ts";
import { ApiError } from "../http.ts";
import type { RouteContext } from "../routes.ts";

export async function checkedRequest(context: RouteContext): Promise<{ query: Record<string, any>; body: any }> {
  const { operation, query, body } = context;
  const schemas = await operationSchemas(operation);
  const typed: Record<string, unknown> = {};
  for (const parameter of operation.query) {
    const raw = query.get(parameter.name);
    if (raw === null) continue;
    typed[parameter.name] =
      parameter.type === "integer" || parameter.type === "number"
        ? /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
        : parameter.type === "boolean"
          ? raw === "true" ? true : raw === "false" ? false : raw
          : raw;
  }
  const queryCheck = v.safeParse(v.looseObject((schemas.query as v.ObjectSchema<v.ObjectEntries, undefined>).entries), typed);
  if (!queryCheck.success) throw new ApiError(400, describeIssue(queryCheck.issues[0], "query"));
  if (!schemas.body) return { query: queryCheck.output, body: undefined };
  if (body === undefined) {
    if (operation.body === "required") throw new ApiError(400, "Request body is required");
    return { query: queryCheck.output, body: {} };
  }
  const bodyCheck = v.safeParse(schemas.body, body);
  if (!bodyCheck.success) throw new ApiError(400, describeIssue(bodyCheck.issues[0]));
  return { query: queryCheck.output, body: bodyCheck.output };
}
