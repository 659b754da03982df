/**
 * The one way a command reaches an operation of the API: `call(id, request)`, keyed by the
 * document's operationId. Its path, query, body and answer types come from the generated
 * type map (generated/operation-types.ts); at run time the operation's method and path come
 * from the generated table and its schemas from its tag's module, both loaded on first use.
 * - `{teamId}` is the resolved team unless the request gives one (fillPath, the one place);
 * - path values are escaped (`{*}` keeps its slashes);
 * - the body is checked strictly against the operation's schema before anything is sent
 *   (exit 4 naming the field);
 * - the answer is checked against the operation's success schema; retries are the client's
 *   (GETs retry, other methods carry an Idempotency-Key).
 */
import type * as v from "valibot";
import { checkRequestBody } from "./answer.ts";
import type { ApiClient } from "./client.ts";
import type { OperationId, OperationTypes } from "./generated/operation-types.ts";
import type { Operation, OperationSchemas } from "./operation.ts";

export type { OperationId, OperationTypes };

/** What the call fills in itself when a request leaves it out. */
type ContextParam = "teamId";

/** The success answer of an operation, as its schema outputs it. */
export type AnswerOf<Id extends OperationId> = OperationTypes[Id]["answer"];

type Types<Id extends OperationId> = OperationTypes[Id];
type PathOf<Id extends OperationId> = Omit<Types<Id>["path"], ContextParam> & Partial<Pick<Types<Id>["path"], ContextParam & keyof Types<Id>["path"]>>;
// biome-ignore lint/complexity/noBannedTypes: {} extends T tests whether every key of T is optional
type Optional<K extends string, T> = {} extends T ? { [P in K]?: T } : { [P in K]: T };
type BodyOf<T> = [T] extends [never] ? { body?: undefined } : undefined extends T ? { body?: T } : { body: T };

/** What a request of operation `Id` takes: a key is optional when everything in it is. */
export type CallRequest<Id extends OperationId> = Optional<"path", PathOf<Id>> &
  Optional<"query", Types<Id>["query"]> &
  BodyOf<Types<Id>["body"]> & {
    /** Sent as `Idempotency-Key` (default: a new one per call) on anything but a GET. */
    idempotencyKey?: string;
  };

/** `call(id, request)`; the request may be left out when nothing in it is required. */
export type Call = <Id extends OperationId>(
  id: Id,
  // biome-ignore lint/complexity/noBannedTypes: {} extends T tests whether every key of T is optional
  ...request: {} extends CallRequest<Id> ? [request?: CallRequest<Id>] : [request: CallRequest<Id>]
) => Promise<AnswerOf<Id>>;

export interface CallContext {
  /** The team for `{teamId}`, asked only when a path has one and the request gives none. */
  teamId?: () => Promise<string>;
}

export function createCall(client: ApiClient, context: CallContext): Call {
  const call: UntypedCall = async (id, request = {}) => {
    const route = await lookUp(id);
    if (route.method === "GET" && request.body === undefined) {
      // Nothing to check before sending: the request goes out first, and the answer's schema is
      // loaded and built while it is on its way (every answer is still checked against it).
      const path = await fillPath(route, request.path ?? {}, context.teamId);
      let answer: AnySchema | undefined;
      const whileSending = async () => {
        answer = await answerSchema(route, await (await import("./operation-routes.ts")).operationSchemas(route));
      };
      return client.call(route.method, path, () => answer!, { query: request.query, idempotencyKey: request.idempotencyKey, whileSending });
    }
    const { operation, schemas } = await checked(id, request.body); // before the team is looked up: nothing is sent
    const path = await fillPath(operation, request.path ?? {}, context.teamId);
    return client.call(operation.method, path, await answerSchema(operation, schemas), { query: request.query, body: request.body, idempotencyKey: request.idempotencyKey });
  };
  return call as Call;
}

type AnySchema = v.GenericSchema;

/**
 * The schema of the operation's success answer (`unknown` for a 204 or a redirect). valibot
 * is not imported here: a GET is sent before it is loaded; the schema modules bring it.
 */
async function answerSchema(operation: Pick<Operation, "id" | "success">, schemas: OperationSchemas): Promise<AnySchema> {
  const answer = schemas.responses[operation.success];
  if (!answer && operation.success !== 204 && operation.success < 300) throw new Error(`${operation.id} documents no answer`);
  return (answer ?? (await import("./schema-helpers.ts")).anything()) as AnySchema;
}

async function lookUp(id: string) {
  const { routeById } = await import("./operation-routes.ts");
  const operation = routeById(id);
  if (!operation) throw new Error(`no operation ${id} in the document`);
  return operation;
}

/** The operation and its schemas, with the request body (when there is one) checked strictly: exit 4 naming the field. */
async function checked(id: string, body: unknown) {
  const operation = await lookUp(id);
  const schemas = await (await import("./operation-routes.ts")).operationSchemas(operation);
  if (body !== undefined && !schemas.body) throw new Error(`${id} takes no body`);
  if (body !== undefined) checkRequestBody(schemas.body!, body);
  return { operation, schemas };
}

/** Checks a request body as `call` does before sending (exit 4 naming the field), without sending anything. */
export async function checkBody<Id extends OperationId>(id: Id, body: OperationTypes[Id]["body"]): Promise<void> {
  await checked(id, body);
}

/** A path value, or a function giving it when the request is sent (an id read from the API after a confirmation). */
export type PathValue = string | (() => Promise<string>);

/** What `call` takes from code that holds the operation id as a string (declared commands): the same checks at run time, none at compile time. */
export type UntypedCall = (
  id: string,
  request?: { path?: Record<string, PathValue>; query?: Record<string, string | number | boolean | undefined>; body?: unknown; idempotencyKey?: string },
) => Promise<unknown>;

/** `call` for an operation id known only at run time. */
export const untyped = (call: Call): UntypedCall => call as unknown as UntypedCall;

/** The operation's path with its `{names}` filled (escaped; `{*}` keeps its slashes); `{teamId}` defaults to the resolved team. */
export async function fillPath(operation: Pick<Operation, "id" | "path" | "pathParams">, values: Record<string, PathValue>, teamId?: () => Promise<string>): Promise<string> {
  const context: Record<ContextParam, (() => Promise<string>) | undefined> = { teamId };
  let path = operation.path;
  for (const name of operation.pathParams) {
    const given = values[name];
    let value = typeof given === "function" ? await given() : given;
    if (value === undefined && Object.hasOwn(context, name)) value = await context[name as ContextParam]?.();
    if (value === undefined) throw new Error(`${operation.id}: no value for {${name}}`);
    path = path.replace(`{${name}}`, name === "*" ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value));
  }
  return path.slice("/v2".length); // the client's base URL ends in /v2
}
