/**
 * The API's routes (docs/contract.md, "The Duvo v2 API"): request validation and the response bodies, built from the
 * valibot schema types so the emulator cannot drift from what the client checks.
 */
import type * as v from "valibot";
import type {
  AgentEnvelopeSchema,
  AgentListSchema,
  EvaluationSchema,
  MessagePageSchema,
  ProfileSchema,
  RespondResultSchema,
  RunDetailsSchema,
  RunEnvelopeSchema,
  RunListSchema,
  SentMessageSchema,
  StopResultSchema,
  TeamListSchema,
} from "../api/schemas.ts";
import type { TeamFixture } from "./fixtures.ts";
import { ApiError, enumParam, intParam, isUuid, objectBody, ok, requireUuid, type Reply } from "./http.ts";
import { parseIsoUs, type EmulatorState, type RunFilter } from "./state.ts";

type Out<S extends v.GenericSchema> = v.InferOutput<S>;
const ANY = Number.MAX_SAFE_INTEGER;

export interface RouteContext {
  state: EmulatorState;
  team: TeamFixture;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

interface Route {
  method: "GET" | "POST";
  segments: string[];
  handler: (c: RouteContext) => Reply;
}

const route = (method: Route["method"], path: string, handler: Route["handler"]): Route => ({
  method,
  segments: path.split("/").filter(Boolean),
  handler,
});

const ROUTES: Route[] = [
  route("GET", "/v2/teams", ({ state, team }) => ok({ teams: [state.teamView(team)] } satisfies Out<typeof TeamListSchema>)),

  route("GET", "/v2/profile", ({ team }) =>
    ok({
      profile: { id: team.user.id, name: team.user.name, email: team.user.email, teamId: team.id },
    } satisfies Out<typeof ProfileSchema>),
  ),

  route("GET", "/v2/teams/:team_id/agents", ({ state, team, query }) => {
    const limit = intParam(query, "limit", 1, 100, 20);
    const offset = intParam(query, "offset", 0, ANY, 0);
    const agents = state.teamAgents(team);
    const page = agents.slice(offset, offset + limit).map((a) => state.agentView(a));
    return ok({ agents: page, total: agents.length, limit, offset } satisfies Out<typeof AgentListSchema>);
  }),

  route("GET", "/v2/agents/:agent_id", ({ state, team, params }) => {
    const agent = state.agent(team, params.agent_id!);
    const view = state.agentView(agent);
    return ok({ agent: view, user_context: { pinned_at: view.pinned_at ?? null } } satisfies Out<typeof AgentEnvelopeSchema>);
  }),

  route("POST", "/v2/teams/:team_id/runs", ({ state, team, body }) => {
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
    return ok({ run: state.runView(run) } satisfies Out<typeof RunEnvelopeSchema>, 201);
  }),

  route("GET", "/v2/teams/:team_id/runs", ({ state, team, query }) => {
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
    return ok(state.listRuns(team, filter) satisfies Out<typeof RunListSchema>);
  }),

  route("GET", "/v2/runs/:run_id", ({ state, team, params }) => {
    const run = state.run(team, params.run_id!);
    return ok({
      run: state.runView(run),
      pending_human_request: run.pending ? state.humanRequestView(run.pending) : null,
    } satisfies Out<typeof RunDetailsSchema>);
  }),

  route("GET", "/v2/runs/:run_id/messages", ({ state, team, params, query }) => {
    const limit = intParam(query, "limit", 1, 50, 20);
    const offset = intParam(query, "offset", 0, ANY, 0);
    const run = state.run(team, params.run_id!);
    const messages = run.messages.slice(offset, offset + limit);
    return ok({ messages, total: run.messages.length, limit, offset } satisfies Out<typeof MessagePageSchema>);
  }),

  route("POST", "/v2/runs/:run_id/messages", ({ state, team, params, body }) => {
    const b = objectBody(body, ["message"]);
    if (typeof b.message !== "string" || b.message.length === 0) throw new ApiError(400, "message must be a non-empty string");
    const run = state.run(team, params.run_id!);
    const m = state.sendMessage(run, b.message);
    const message = { id: m.id, type: m.type, role: m.role, timestamp: m.timestamp, text_content: b.message };
    return ok({ message } satisfies Out<typeof SentMessageSchema>, 201);
  }),

  route("POST", "/v2/runs/:run_id/stop", ({ state, team, params, body }) => {
    objectBody(body, []); // no body (or `{}`)
    const run = state.run(team, params.run_id!);
    const result: Out<typeof StopResultSchema> = state.stop(run) ? { success: true } : { success: false, message: "Run is not active" };
    return ok(result);
  }),

  route("POST", "/v2/runs/:run_id/human-requests/:request_id/respond", ({ state, team, params, body }) => {
    const run = state.run(team, params.run_id!);
    const request = state.respond(run, params.request_id!, body);
    return ok({ human_request: state.humanRequestResultView(request) } satisfies Out<typeof RespondResultSchema>);
  }),

  route("GET", "/v2/agent/:agent_id/runs/:run_id/evaluation", ({ state, team, params }) => {
    const agent = state.agent(team, params.agent_id!);
    const run = state.run(team, params.run_id!);
    if (run.agentId !== agent.fixture.id) throw new ApiError(404, `Run ${run.id} not found for agent ${agent.fixture.id}`);
    const data = run.status === "completed" ? run.evaluation : null;
    return ok({ data } satisfies Out<typeof EvaluationSchema>);
  }),
];

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape simply fails to match or to be a UUID
  }
}

/** Finds the route; a wrong method on a known path is a 404 like any unknown route. */
function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } {
  const parts = path.split("/").filter(Boolean);
  for (const r of ROUTES) {
    if (r.method !== method || r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const hit = r.segments.every((seg, i) => {
      const part = safeDecode(parts[i]!);
      if (seg.startsWith(":")) params[seg.slice(1)] = part;
      return seg.startsWith(":") || seg === part;
    });
    if (hit) return { route: r, params };
  }
  throw new ApiError(404, `No route for ${method} ${path}`);
}

/** Routes an authenticated request: ids in the path are checked, then the team, then the handler. */
export function dispatch(state: EmulatorState, team: TeamFixture, method: string, url: URL, body: unknown): Reply {
  const { route: r, params } = findRoute(method, url.pathname);
  for (const [name, value] of Object.entries(params)) params[name] = requireUuid(value, name).toLowerCase();
  if (params.team_id !== undefined && params.team_id !== team.id) {
    throw new ApiError(403, "This API key does not have access to that team");
  }
  return r.handler({ state, team, params, query: url.searchParams, body });
}
