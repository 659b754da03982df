/**
 * The generated answer schemas under the names the tests use for them. These are the
 * client's own (loose) schemas: a test that checks an answer against them proves the client
 * can read it; strictness against the document is the job of openapi-validator.ts.
 */
import * as agents from "../src/api/generated/agents.ts";
import * as runs from "../src/api/generated/runs.ts";
import * as team from "../src/api/generated/team.ts";

export const TeamListSchema = team.listMyTeams().responses[200];
export const ProfileSchema = team.getProfile().responses[200];
export const AgentListSchema = agents.listAgents().responses[200];
export const AgentEnvelopeSchema = agents.getAgent().responses[200];
export const RunEnvelopeSchema = runs.startRun().responses[201];
export const RunDetailsSchema = runs.getRun().responses[200];
export const RunListSchema = runs.listRuns().responses[200];
export const MessagePageSchema = runs.listRunMessages().responses[200];
export const SentMessageSchema = runs.postRunMessage().responses[201];
export const StopResultSchema = runs.stopRun().responses[200];
export const RespondResultSchema = runs.respondToHumanRequest().responses[200];
export const EvaluationSchema = runs.getRunEvaluation().responses[200];
