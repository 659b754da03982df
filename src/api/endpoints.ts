/**
 * One function per API operation the runs and account commands use. Ids are escaped;
 * bodies carry only documented keys; every answer is checked with the operation's schema
 * generated from the OpenAPI document (each tag's module is loaded on first use).
 */
import type { ApiClient } from "./client.ts";
import type { ListRunsQuery, RespondToHumanRequestBody as HumanResponseBody, StartRunBody } from "./generated/runs.ts";

export type { HumanResponseBody, StartRunBody };

const agents = () => import("./generated/agents.ts");
const runs = () => import("./generated/runs.ts");
const team = () => import("./generated/team.ts");

const segment = encodeURIComponent;

/** The API's page size ceiling for messages. */
export const MESSAGE_PAGE_LIMIT = 50;

export const listTeams = async (client: ApiClient) => client.get("/teams", (await team()).listMyTeams().responses[200]);

export const getProfile = async (client: ApiClient) => client.get("/profile", (await team()).getProfile().responses[200]);

export const listAgents = async (client: ApiClient, teamId: string, page: { limit?: number; offset?: number } = {}) =>
  client.get(`/teams/${segment(teamId)}/agents`, (await agents()).listAgents().responses[200], { query: page });

export const getAgent = async (client: ApiClient, agentId: string) => client.get(`/agents/${segment(agentId)}`, (await agents()).getAgent().responses[200]);

export const startRun = async (client: ApiClient, teamId: string, body: StartRunBody, idempotencyKey?: string) =>
  client.post(`/teams/${segment(teamId)}/runs`, (await runs()).startRun().responses[201], { body, bodySchema: (await runs()).startRun().body, idempotencyKey });

export const getRun = async (client: ApiClient, runId: string) => client.get(`/runs/${segment(runId)}`, (await runs()).getRun().responses[200]);

export type RunListQuery = ListRunsQuery;

export const listRuns = async (client: ApiClient, teamId: string, query: RunListQuery) =>
  client.get(`/teams/${segment(teamId)}/runs`, (await runs()).listRuns().responses[200], { query: { ...query } });

export const listRunMessages = async (client: ApiClient, runId: string, page: { limit: number; offset: number }) =>
  client.get(`/runs/${segment(runId)}/messages`, (await runs()).listRunMessages().responses[200], { query: page });

export const sendRunMessage = async (client: ApiClient, runId: string, message: string) =>
  client.post(`/runs/${segment(runId)}/messages`, (await runs()).postRunMessage().responses[201], { body: { message }, bodySchema: (await runs()).postRunMessage().body });

export const stopRun = async (client: ApiClient, runId: string) => client.post(`/runs/${segment(runId)}/stop`, (await runs()).stopRun().responses[200]);

export const respondToHumanRequest = async (client: ApiClient, runId: string, requestId: string, body: HumanResponseBody) =>
  client.post(`/runs/${segment(runId)}/human-requests/${segment(requestId)}/respond`, (await runs()).respondToHumanRequest().responses[200], { body, bodySchema: (await runs()).respondToHumanRequest().body });

export const getRunEvaluation = async (client: ApiClient, agentId: string, runId: string) =>
  client.get(`/agent/${segment(agentId)}/runs/${segment(runId)}/evaluation`, (await runs()).getRunEvaluation().responses[200]);
