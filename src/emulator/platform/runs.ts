/**
 * Teams, the profile, agents as listed, and runs with their messages and human requests: the
 * operations the run engine (state.ts) answers.
 */
import type * as R from "../../api/generated/runs.ts";
import type * as T from "../../api/generated/team.ts";
import { ApiError, beforeStore, checkedBody, checkedQuery, familyAt, isUuid, objectBody, ok, pageOf, fit, samples, type Plugins } from "../kernel.ts";

export const RUN_PLUGINS: Plugins = {
  // The teams are resources of the store (team-settings.ts): the key's own, and those it also sees, in the list's shape.
  listMyTeams: ({ team, store }) => {
    const shown = (id: string) => fit(store.find(familyAt("/v2/teams/{teamId}"), id, { teamId: id }).resource, (samples.listMyTeams!.body as T.ListMyTeamsResponse).teams[0]);
    return ok({ teams: [team.id, ...(team.alsoSees ?? [])].map(shown) } satisfies T.ListMyTeamsResponse);
  },

  getProfile: ({ team }) => ok({ profile: { ...team.user, teamId: team.id } } satisfies T.GetProfileResponse),

  // Runs are resources of the store, the engine's fields beside the API's (state.ts): a start makes one, the store lists them.
  startRun: beforeStore(async (c) => {
    // The API's own words for an unknown field and for agent_id (the document's check words them otherwise).
    const b = objectBody(c.body, ["agent_id", "message", "sandbox_id", "webhook_url"]);
    if (b.agent_id === undefined) throw new ApiError(400, "agent_id is required");
    if (!isUuid(b.agent_id)) throw new ApiError(400, "agent_id must be a UUID");
    const body = await checkedBody<R.StartRunBody>(c);
    if (body.webhook_url !== undefined && !/^https?:\/\/[^/?#]/i.test(body.webhook_url)) throw new ApiError(400, "webhook_url must be a valid http(s) URL");
    return c.state.startRun(c.team, body);
  }),

  // The filters and their checks are the store's (a failed run has issues, of critical severity; no run of the emulator belongs to a case queue).
  listRuns: beforeStore((c) => void c.state.teamRuns(c.team)), // advanced, so a filter on the status sees it as it is now

  getRun: ({ state, team, params }) => {
    const run = state.run(team, params.run_id!);
    const { run: shown, pending_human_request: pending } = samples.getRun!.body as R.GetRunResponse;
    return ok({ run: fit(run, shown), pending_human_request: run.pending && fit(run.pending, pending) } satisfies R.GetRunResponse);
  },

  listRunMessages: async (c) => {
    const query = await checkedQuery(c);
    const { page: messages, ...counts } = pageOf(c, query, c.state.run(c.team, c.params.run_id!).messages);
    return ok({ messages, ...counts } satisfies R.ListRunMessagesResponse);
  },

  postRunMessage: async (c) => {
    const { message: text } = await checkedBody<R.PostRunMessageBody>(c);
    const { id, type, role, timestamp } = c.state.sendMessage(c.state.run(c.team, c.params.run_id!), text);
    return ok({ message: { id, type, role, timestamp, text_content: text } } satisfies R.PostRunMessageResponse, 201);
  },

  stopRun: async (c) => {
    await checkedBody(c); // no body (or `{}`)
    const run = c.state.run(c.team, c.params.run_id!);
    const result: R.StopRunResponse = c.state.stop(run) ? { success: true } : { success: false, message: "Run is not active" };
    return ok(result);
  },

  // The document checks the body's shape; the engine checks it against the request it answers.
  respondToHumanRequest: async (c) => {
    const body = await checkedBody<R.RespondToHumanRequestBody>(c);
    const request = c.state.respond(c.state.run(c.team, c.params.run_id!), c.params.request_id!, body);
    const { type, questions, ...human_request } = request;
    return ok({ human_request } satisfies R.RespondToHumanRequestResponse);
  },

  getRunEvaluation: ({ state, team, params }) => {
    const agent = state.agent(team, params.agentId!);
    const run = state.run(team, params.runId!);
    if (run.agent_id !== agent.id) throw new ApiError(404, `Run ${run.id} not found for agent ${agent.id}`);
    const data = run.status === "completed" ? run.evaluation : null;
    return ok({ data } satisfies R.GetRunEvaluationResponse);
  },
};
