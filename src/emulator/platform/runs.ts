/**
 * Teams, the profile, agents as listed, and runs with their messages and human requests: the
 * operations the run engine (state.ts) answers.
 */
import type * as R from "../../api/generated/runs.ts";
import type * as T from "../../api/generated/team.ts";
import { ApiError, checkedBody, enumParam, familyAt, isUuid, objectBody, ok, paging, requireUuid, type Plugins } from "../kernel.ts";
import { parseIsoUs, type RunRecord } from "../state.ts";

export const RUN_PLUGINS: Plugins = {
  // The teams are resources of the store (team-settings.ts): the key's own, and those it also sees.
  listMyTeams: ({ team, store }) =>
    ok({
      teams: [team.id, ...(team.alsoSees ?? [])].map((id) => {
        const seen = store.find(familyAt("/v2/teams/{teamId}"), id, { teamId: id }).resource;
        return { id: seen.id, name: seen.name, organization_id: seen.organization_id };
      }),
    } satisfies T.ListMyTeamsResponse),

  getProfile: ({ team }) =>
    ok({
      profile: { id: team.user.id, name: team.user.name, email: team.user.email, teamId: team.id },
    } satisfies T.GetProfileResponse),

  startRun: async (c) => {
    // The API's own words for an unknown field and for agent_id (the document's check words them otherwise).
    const b = objectBody(c.body, ["agent_id", "message", "sandbox_id", "webhook_url"]);
    if (b.agent_id === undefined) throw new ApiError(400, "agent_id is required");
    if (!isUuid(b.agent_id)) throw new ApiError(400, "agent_id must be a UUID");
    const body = await checkedBody<R.StartRunBody>(c);
    if (body.webhook_url !== undefined && !isHttpUrl(body.webhook_url)) throw new ApiError(400, "webhook_url must be a valid http(s) URL");
    const run = c.state.startRun(c.team, body);
    return ok({ run: c.state.runView(run) } satisfies R.StartRunResponse, 201);
  },

  listRuns: (c) => {
    const { state, team, query } = c;
    enumParam(query, "sort_by", ["created_at"]);
    const uuid = (name: string) => {
      const value = query.get(name);
      return value === null ? undefined : requireUuid(value, name);
    };
    const since = query.get("since");
    const sinceUs = since === null ? undefined : parseIsoUs(since);
    if (sinceUs !== undefined && Number.isNaN(sinceUs)) throw new ApiError(400, "since must be an ISO 8601 date-time");
    const hasIssues = enumParam(query, "has_issues", ["true", "false"]);
    const page = paging(c, 100, 20);
    const sortOrder = enumParam(query, "sort_order", ["asc", "desc"]) ?? "desc";
    const status = query.get("status");
    const agentId = uuid("agent_id");
    const userId = uuid("user_id");
    const caseQueueId = uuid("case_queue_id");
    const source = query.get("source");
    const search = query.get("search")?.toLowerCase();
    const issueSeverity = enumParam(query, "issue_severity", ["critical", "medium", "low"]);
    const matches = (r: RunRecord) =>
      (status === null || r.status === status) &&
      (agentId === undefined || r.agentId === agentId) &&
      (userId === undefined || r.userId === userId) &&
      caseQueueId === undefined && // no run of the emulator belongs to a case queue
      (source === null || source === "api") &&
      (search === undefined || r.title.toLowerCase().includes(search)) &&
      (hasIssues === undefined || (r.status === "failed") === (hasIssues === "true")) &&
      (issueSeverity === undefined || (issueSeverity === "critical" && r.status === "failed")) &&
      (sinceUs === undefined || r.createdUs >= sinceUs);
    return ok(state.listRuns(team, { ...page, sortOrder, matches }) satisfies R.ListRunsResponse);
  },

  getRun: ({ state, team, params }) => {
    const run = state.run(team, params.run_id!);
    return ok({
      run: state.runView(run),
      pending_human_request: run.pending ? state.humanRequestView(run.pending) : null,
    } satisfies R.GetRunResponse);
  },

  listRunMessages: (c) => {
    const { limit, offset } = paging(c, 50, 20);
    const run = c.state.run(c.team, c.params.run_id!);
    const messages = run.messages.slice(offset, offset + limit);
    return ok({ messages, total: run.messages.length, limit, offset } satisfies R.ListRunMessagesResponse);
  },

  postRunMessage: async (c) => {
    const { message: text } = await checkedBody<R.PostRunMessageBody>(c);
    const run = c.state.run(c.team, c.params.run_id!);
    const m = c.state.sendMessage(run, text);
    const message = { id: m.id, type: m.type, role: m.role, timestamp: m.timestamp, text_content: text };
    return ok({ message } satisfies R.PostRunMessageResponse, 201);
  },

  stopRun: async (c) => {
    await checkedBody(c); // no body (or `{}`)
    const run = c.state.run(c.team, c.params.run_id!);
    const result: R.StopRunResponse = c.state.stop(run) ? { success: true } : { success: false, message: "Run is not active" };
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
