/**
 * The API's operations as the emulator serves them. Requests are routed by Duvo's OpenAPI
 * document (the generated operation table): the operations it models keep state (teams,
 * agents, runs and their messages, below); every other operation answers a schema-valid
 * example body (generated from the document, like stripe-mock) after checking the request's
 * path, query and body against the document. Errors take the shape each operation documents.
 */
import * as v from "valibot";
import type * as A from "../api/generated/agents.ts";
import type * as R from "../api/generated/runs.ts";
import type * as T from "../api/generated/team.ts";
import type { Operation } from "../api/operation.ts";
import { matchOperation, operationSchemas } from "../api/operations.ts";
import { FIXTURE_UPDATED_AT, TEAMS, type TeamFixture } from "./fixtures.ts";
import SAMPLES from "./generated/samples.json";
import { ApiError, enumParam, intParam, isUuid, objectBody, ok, requireUuid, type Reply } from "./http.ts";
import { checkedBody, checkedQuery } from "./platform/common.ts";
import { PLATFORM_HANDLERS } from "./platform/index.ts";
import { parseIsoUs, type EmulatorState, type RunFilter } from "./state.ts";

const ANY = Number.MAX_SAFE_INTEGER;

export interface RouteContext {
  state: EmulatorState;
  team: TeamFixture;
  operation: Operation;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The request's URL (its origin is the emulator's address as the client reached it). */
  url?: URL;
}

export type Handler = (c: RouteContext) => Reply | Promise<Reply>;

/** The operations of runs, agents and teams the emulator keeps state for, by operation id (the rest of the platform: platform/). */
const HANDLERS: Record<string, Handler> = {
  listMyTeams: ({ state, team }) =>
    ok({ teams: [team, ...TEAMS.filter((other) => team.alsoSees?.includes(other.id))].map((seen) => state.teamView(seen)) } satisfies T.ListMyTeamsResponse),

  getProfile: ({ team }) =>
    ok({
      profile: { id: team.user.id, name: team.user.name, email: team.user.email, teamId: team.id },
    } satisfies T.GetProfileResponse),

  listAgents: ({ state, team, query }) => {
    const limit = intParam(query, "limit", 1, 100, 20);
    const offset = intParam(query, "offset", 0, ANY, 0);
    const agents = state.teamAgents(team);
    const page = agents.slice(offset, offset + limit).map((a) => state.agentView(a));
    return ok({ agents: page, total: agents.length, limit, offset } satisfies A.ListAgentsResponse);
  },

  getAgent: ({ state, team, params }) => {
    const agent = state.agent(team, params.agent_id!);
    return ok({
      agent: state.agentDetailsView(agent),
      user_context: { pinned_at: agent.fixture.pinned ? FIXTURE_UPDATED_AT : null },
    } satisfies A.GetAgentResponse);
  },

  startRun: ({ state, team, body }) => {
    const b = objectBody(body, ["agent_id", "message", "sandbox_id", "webhook_url"]);
    if (b.agent_id === undefined) throw new ApiError(400, "agent_id is required");
    if (!isUuid(b.agent_id)) throw new ApiError(400, "agent_id must be a UUID");
    for (const key of ["message", "sandbox_id", "webhook_url"]) {
      if (b[key] !== undefined && typeof b[key] !== "string") throw new ApiError(400, `${key} must be a string`);
    }
    const webhookUrl = b.webhook_url as string | undefined;
    if (webhookUrl !== undefined && !isHttpUrl(webhookUrl)) throw new ApiError(400, "webhook_url must be a valid http(s) URL");
    const run = state.startRun(team, {
      agentId: b.agent_id,
      message: (b.message as string | undefined) || null,
      sandboxId: (b.sandbox_id as string | undefined) ?? null,
      webhookUrl: webhookUrl ?? null,
    });
    return ok({ run: state.runView(run) } satisfies R.StartRunResponse, 201);
  },

  listRuns: ({ state, team, query }) => {
    enumParam(query, "sort_by", ["created_at"]);
    const uuid = (name: string) => {
      const value = query.get(name);
      return value === null ? undefined : requireUuid(value, name);
    };
    const since = query.get("since");
    const sinceUs = since === null ? undefined : parseIsoUs(since);
    if (sinceUs !== undefined && Number.isNaN(sinceUs)) throw new ApiError(400, "since must be an ISO 8601 date-time");
    const hasIssues = enumParam(query, "has_issues", ["true", "false"]);
    const filter: RunFilter = {
      limit: intParam(query, "limit", 1, 100, 20),
      offset: intParam(query, "offset", 0, ANY, 0),
      sortOrder: enumParam(query, "sort_order", ["asc", "desc"]) ?? "desc",
      status: query.get("status") ?? undefined,
      agentId: uuid("agent_id"),
      userId: uuid("user_id"),
      caseQueueId: uuid("case_queue_id"),
      source: query.get("source") ?? undefined,
      search: query.get("search") ?? undefined,
      hasIssues: hasIssues === undefined ? undefined : hasIssues === "true",
      issueSeverity: enumParam(query, "issue_severity", ["critical", "medium", "low"]),
      sinceUs,
    };
    return ok(state.listRuns(team, filter) satisfies R.ListRunsResponse);
  },

  getRun: ({ state, team, params }) => {
    const run = state.run(team, params.run_id!);
    return ok({
      run: state.runView(run),
      pending_human_request: run.pending ? state.humanRequestView(run.pending) : null,
    } satisfies R.GetRunResponse);
  },

  listRunMessages: ({ state, team, params, query }) => {
    const limit = intParam(query, "limit", 1, 50, 20);
    const offset = intParam(query, "offset", 0, ANY, 0);
    const run = state.run(team, params.run_id!);
    const messages = run.messages.slice(offset, offset + limit);
    return ok({ messages, total: run.messages.length, limit, offset } satisfies R.ListRunMessagesResponse);
  },

  postRunMessage: ({ state, team, params, body }) => {
    const b = objectBody(body, ["message"]);
    if (typeof b.message !== "string" || b.message.length === 0) throw new ApiError(400, "message must be a non-empty string");
    const run = state.run(team, params.run_id!);
    const m = state.sendMessage(run, b.message);
    const message = { id: m.id, type: m.type, role: m.role, timestamp: m.timestamp, text_content: b.message };
    return ok({ message } satisfies R.PostRunMessageResponse, 201);
  },

  stopRun: ({ state, team, params, body }) => {
    objectBody(body, []); // no body (or `{}`)
    const run = state.run(team, params.run_id!);
    const result: R.StopRunResponse = state.stop(run) ? { success: true } : { success: false, message: "Run is not active" };
    return ok(result);
  },

  respondToHumanRequest: ({ state, team, params, body }) => {
    const run = state.run(team, params.run_id!);
    const request = state.respond(run, params.request_id!, body);
    return ok({ human_request: state.humanRequestResultView(request) } satisfies R.RespondToHumanRequestResponse);
  },

  getRunEvaluation: ({ state, team, params }) => {
    const agent = state.agent(team, params.agentId!);
    const run = state.run(team, params.runId!);
    if (run.agentId !== agent.fixture.id) throw new ApiError(404, `Run ${run.id} not found for agent ${agent.fixture.id}`);
    const data = run.status === "completed" ? run.evaluation : null;
    return ok({ data } satisfies R.GetRunEvaluationResponse);
  },
};

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

interface Sample {
  status: number;
  body: unknown;
  /** Every status the operation documents. */
  statuses: number[];
  /** Error statuses whose documented body has no `message` (only `error`). */
  errorsWithoutMessage: number[];
  /** For a deprecated operation that answers 308: the path template it redirects to. */
  redirect?: string;
}

const samples = SAMPLES as unknown as Record<string, Sample>;

export type Route = { operation: Operation; params: Record<string, string> };

/** The document's operation for a request; undefined for a path (or method) the document does not have. */
export function routeOf(method: string, pathname: string): Route | undefined {
  const match = matchOperation(method, pathname);
  return match && !("methods" in match) ? match : undefined;
}

/**
 * Answers an authenticated request routed to `route` (an unknown route is a 404): path
 * parameters are checked, then the team, then the state's handler or the document's example.
 * Errors are thrown as ApiError; the server gives them the operation's documented shape.
 */
export async function dispatch(state: EmulatorState, team: TeamFixture, route: Route | undefined, url: URL, body: unknown): Promise<Reply> {
  if (!route) throw new ApiError(404, `No route for ${url.pathname}`);
  const { operation } = route;
  const params = { ...route.params };
  const schemas = await operationSchemas(operation);
  const pathEntries = (schemas.path as v.ObjectSchema<v.ObjectEntries, undefined>).entries;
  for (const name of operation.pathParams) {
    const checked = v.safeParse(pathEntries[name]!, params[name]);
    if (!checked.success) throw new ApiError(400, checked.issues[0].type === "uuid" ? `${name} must be a UUID` : `${name}: ${checked.issues[0].message}`);
    if (isUuid(params[name])) params[name] = params[name]!.toLowerCase();
  }
  if (params.teamId !== undefined && params.teamId !== team.id) {
    // A key that sees several teams acts in the one its path names.
    const seen = team.alsoSees?.includes(params.teamId) ? TEAMS.find((other) => other.id === params.teamId) : undefined;
    if (!seen) throw new ApiError(403, "This API key does not have access to that team");
    team = seen;
  }
  const context: RouteContext = { state, team, operation, params, query: url.searchParams, body, url };
  const handler = HANDLERS[operation.id] ?? PLATFORM_HANDLERS[operation.id];
  return handler ? handler(context) : exampleReply(context, schemas);
}

/**
 * An error as the operation documents it. A status the operation does not list is answered
 * with one it does, with the same message, as the API can only answer what it documents: a
 * 403 (another team's collection) as 401, a 409 (a run that cannot take the request) or a
 * 413 as 400, else 404;
 * some operations' error bodies allow only `error`, which then carries the message.
 */
export function documentedError({ operation }: Route, error: ApiError): Reply {
  if (error.status === 429) return error.toReply(); // the rate limit: the one answer outside the document
  const sample = samples[operation.id]!;
  const fallbacks = error.status === 403 ? [401, 400, 404] : [400, 404];
  const status = sample.statuses.includes(error.status)
    ? error.status
    : (fallbacks.find((fallback) => sample.statuses.includes(fallback)) ?? sample.statuses.find((s) => s >= 400 && s < 500) ?? error.status);
  const reply = new ApiError(status, error.message, error.headers).toReply();
  if (sample.errorsWithoutMessage.includes(status)) reply.body = { error: error.message };
  return reply;
}

/** An operation the emulator does not model: the request checked against the document, then the example answer. */
async function exampleReply(context: RouteContext, schemas: Awaited<ReturnType<typeof operationSchemas>>): Promise<Reply> {
  const { operation, params, body, team } = context;
  await checkedQuery(context);
  if (!schemas.body && body !== undefined && !(typeof body === "object" && body !== null && Object.keys(body).length === 0)) {
    throw new ApiError(400, "This operation takes no request body");
  }
  await checkedBody(context);
  const sample = samples[operation.id]!;
  if (sample.redirect) {
    const location = sample.redirect.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
    return { status: sample.status, body: undefined, headers: { location } };
  }
  const answer = structuredClone(sample.body);
  fillIdentifiers(answer, { ...params, team_id: team.id, teamId: team.id }, lastPathParameter(operation, params));
  return ok(answer, sample.status);
}


/** The id the path names last (`/v2/queues/{queue_id}` → the queue's id), for the example's own `id`. */
function lastPathParameter(operation: Operation, params: Record<string, string>): string | undefined {
  const last = /\{([^}*]+)\}$/.exec(operation.path)?.[1];
  return last === undefined ? undefined : params[last];
}

/** Puts the request's ids into the example: keys named like a path parameter, and the resource's own `id`. */
function fillIdentifiers(value: unknown, ids: Record<string, string>, ownId: string | undefined, depth = 0): void {
  if (Array.isArray(value)) {
    for (const item of value) fillIdentifiers(item, ids, undefined, depth + 1);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(record)) {
    if (typeof item === "string" && Object.hasOwn(ids, key) && (isUuid(item) === isUuid(ids[key]))) record[key] = ids[key];
    else if (key === "id" && typeof item === "string" && ownId !== undefined && depth <= 1 && isUuid(item) === isUuid(ownId)) record[key] = ownId;
    else fillIdentifiers(item, ids, depth === 0 ? ownId : undefined, depth + 1);
  }
}
