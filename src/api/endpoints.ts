/** One function per Duvo v2 endpoint (docs/contract.md, "The Duvo v2 API as duvo uses it"). Ids are escaped; bodies carry only documented keys. */
import type { ApiClient } from "./client.ts";
import {
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
} from "./schemas.ts";

const segment = encodeURIComponent;

/** The API's page size ceiling for messages. */
export const MESSAGE_PAGE_LIMIT = 50;

export const listTeams = (client: ApiClient) => client.get("/teams", TeamListSchema);

export const getProfile = (client: ApiClient) => client.get("/profile", ProfileSchema);

export const listAgents = (client: ApiClient, teamId: string, page: { limit?: number; offset?: number } = {}) =>
  client.get(`/teams/${segment(teamId)}/agents`, AgentListSchema, { query: page });

export const getAgent = (client: ApiClient, agentId: string) => client.get(`/agents/${segment(agentId)}`, AgentEnvelopeSchema);

export interface StartRunBody {
  agent_id: string;
  message?: string;
  sandbox_id?: string;
  webhook_url?: string;
}

export const startRun = (client: ApiClient, teamId: string, body: StartRunBody, idempotencyKey?: string) =>
  client.post(`/teams/${segment(teamId)}/runs`, RunEnvelopeSchema, { body, idempotencyKey });

export const getRun = (client: ApiClient, runId: string) => client.get(`/runs/${segment(runId)}`, RunDetailsSchema);

export interface RunListQuery {
  limit?: number;
  offset?: number;
  sort_by?: "created_at";
  sort_order?: "asc" | "desc";
  status?: string;
  agent_id?: string;
  search?: string;
  since?: string;
}

export const listRuns = (client: ApiClient, teamId: string, query: RunListQuery) =>
  client.get(`/teams/${segment(teamId)}/runs`, RunListSchema, { query: { ...query } });

export const listRunMessages = (client: ApiClient, runId: string, page: { limit: number; offset: number }) =>
  client.get(`/runs/${segment(runId)}/messages`, MessagePageSchema, { query: page });

export const sendRunMessage = (client: ApiClient, runId: string, message: string) =>
  client.post(`/runs/${segment(runId)}/messages`, SentMessageSchema, { body: { message } });

export const stopRun = (client: ApiClient, runId: string) => client.post(`/runs/${segment(runId)}/stop`, StopResultSchema);

export type HumanResponseBody = { approved: boolean } | { answers: Record<string, string> };

export const respondToHumanRequest = (client: ApiClient, runId: string, requestId: string, body: HumanResponseBody) =>
  client.post(`/runs/${segment(runId)}/human-requests/${segment(requestId)}/respond`, RespondResultSchema, { body });

export const getRunEvaluation = (client: ApiClient, agentId: string, runId: string) =>
  client.get(`/agent/${segment(agentId)}/runs/${segment(runId)}/evaluation`, EvaluationSchema);
