/**
 * The router: a request goes to the document's operation (the generated operation table),
 * its path parameters and team are checked, then it is answered by the behaviour plugged in
 * for that operation (plugins.ts), else by the store when it creates, reads, updates, deletes
 * or lists a resource (crud.ts), else (a deprecated operation that moved) by its redirect once
 * every resource its path names exists. Errors take the shape each operation documents.
 */
import * as v from "valibot";
import type { Operation } from "../api/operation.ts";
import { matchOperation, operationSchemas } from "../api/operations.ts";
import { crudReply } from "./crud.ts";
import { TEAMS, type TeamFixture } from "./fixtures.ts";
import { ApiError, isUuid, paramIssue, redirect, samples, storeHookOf, type Context, type Reply } from "./kernel.ts";
import { KEPT, PLUGINS, SEEDS } from "./plugins.ts";
import type { EmulatorState } from "./state.ts";
import { FAMILIES, familiesNamedBy, idsOf, roleOf, type Family, type Store } from "./store.ts";

export type Route = { operation: Operation; params: Record<string, string> };

/** The families the store keeps: those no plugin answers any operation of, or whose plugins keep their records in it (KEPT). */
export const STORE_FAMILIES: readonly Family[] = FAMILIES.filter(
  (family) =>
    KEPT.includes(family.item) ||
    [family.create, family.list, family.get, ...family.update, family.remove].every((operation) => !operation || !PLUGINS[operation.id] || storeHookOf(PLUGINS[operation.id])),
);
const storeFamilies = new Set(STORE_FAMILIES);

/** Each emulator's store, with what the domains start it with. */
const seeded = new WeakSet<Store>();
function seededStore(state: EmulatorState): Store {
  const store = state.store;
  if (!seeded.has(store)) for (const seed of SEEDS) seed(store, state);
  seeded.add(store);
  return store;
}

/** The document's operation for a request; undefined for a path (or method) the document does not have. */
export function routeOf(method: string, pathname: string): Route | undefined {
  const match = matchOperation(method, pathname);
  return match && !("methods" in match) ? match : undefined;
}

/** What the request carries besides the JSON body. */
export type RequestExtras = Pick<Context, "form" | "raw">;

/**
 * Answers an authenticated request routed to `route` (an unknown route is a 404): path
 * parameters are checked, then the team, then the operation is answered.
 * Errors are thrown as ApiError; the server gives them the operation's documented shape.
 */
export async function dispatch(state: EmulatorState, team: TeamFixture, route: Route | undefined, url: URL, body: unknown, extras: RequestExtras = {}): Promise<Reply> {
  if (!route) throw new ApiError(404, `No route for ${url.pathname}`);
  const { operation } = route;
  const params = { ...route.params };
  const pathEntries = ((await operationSchemas(operation)).path as v.ObjectSchema<v.ObjectEntries, undefined>).entries;
  for (const name of operation.pathParams) {
    const checked = v.safeParse(pathEntries[name]!, params[name]);
    if (!checked.success) throw new ApiError(400, paramIssue(name, pathEntries[name]!, checked.issues[0]));
    if (isUuid(params[name])) params[name] = params[name]!.toLowerCase();
  }
  if (params.teamId !== undefined && params.teamId !== team.id) {
    // A key that sees several teams acts in the one its path names.
    const seen = team.alsoSees?.includes(params.teamId) ? TEAMS.find((other) => other.id === params.teamId) : undefined;
    if (!seen) throw new ApiError(403, "This API key does not have access to that team");
    team = seen;
  }
  const call = async (method: string, pathAndQuery: string, sent: unknown) => {
    const target = new URL(pathAndQuery, url);
    const inner = routeOf(method, target.pathname);
    try {
      return await dispatch(state, team, inner, target, sent);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return inner ? documentedError(inner, error) : error.toReply();
    }
  };
  const context: Context = { state, store: seededStore(state), team, operation, params, query: url.searchParams, body, url, call, ...extras };
  const plugin = PLUGINS[operation.id];
  const hook = storeHookOf(plugin);
  if (plugin && !hook) return plugin(context);
  const crud = roleOf(operation.id);
  // The resources the path names must exist (the operation's own one is looked up by its answer):
  // the store's, or by the read a plugin answers for a family it keeps.
  for (const named of familiesNamedBy(operation.path)) {
    const { family } = named;
    if (crud?.family === family) continue;
    const ids = idsOf(named, params);
    const read = family.get && PLUGINS[family.get.id];
    // A resource named by another of its ids (a revision integration by its catalog id) is read as named by its own.
    if (storeFamilies.has(family)) params[named.params[family.idParam]!] = context.store.find(family, team.id, ids).id;
    else if (read) await read({ ...context, operation: family.get!, params: ids, query: new URLSearchParams(), body: undefined });
  }
  const fields = (await hook?.hook(context)) ?? {};
  return crud && storeFamilies.has(crud.family) ? crudReply(context, crud.family, crud.role, fields, hook?.view) : redirect(context);
}

/** Which error statuses the emulator answers: the document's (default) or the platform's (`--statuses platform`). */
export type Statuses = "document" | "platform";

/** Statuses the platform answers on operations whose document does not list them. */
export const PLATFORM_STATUSES = [403, 409, 413, 422];

/**
 * An error as the operation documents it. With `statuses: "platform"`, a 403, 409, 413 or 422
 * is answered as it is, as the platform does. A status the operation does not list is answered
 * with one it does, with the same message, as the API can only answer what it documents: a
 * 403 (another team's collection) as 401, a 409 (a run that cannot take the request) or a
 * 413 as 400, else 404;
 * some operations' error bodies allow only `error`, which then carries the message.
 */
export function documentedError({ operation }: Route, error: ApiError, statuses: Statuses = "document"): Reply {
  if (error.status === 429) return error.toReply(); // the rate limit: the one answer outside the document
  if (statuses === "platform" && PLATFORM_STATUSES.includes(error.status)) return error.toReply();
  const sample = samples[operation.id]!;
  const fallbacks = error.status === 403 ? [401, 400, 404] : [400, 404];
  const status = sample.statuses.includes(error.status)
    ? error.status
    : (fallbacks.find((fallback) => sample.statuses.includes(fallback)) ?? sample.statuses.find((s) => s >= 400 && s < 500) ?? error.status);
  const reply = new ApiError(status, error.message, error.headers, error.details).toReply();
  if (sample.errorsWithoutMessage.includes(status)) reply.body = { error: error.message };
  return reply;
}
