/**
 * The API objects the commands work with, as types drawn from the schemas generated from
 * Duvo's OpenAPI document (src/api/generated/, by `bun run gen:api`): the document is the
 * one source of truth, and the client checks every answer with those schemas.
 *
 * Only types live here (and the run states), so importing this module loads no schema and
 * not valibot: `call` (call.ts) loads the generated module of an operation's tag when it is
 * used, and the error body's schema is in api-error.ts.
 */
import type { GetAgentResponse, ListAgentsResponse } from "./generated/agents.ts";
import type { GetRunResponse, ListRunMessagesResponse, ListRunsResponse, RespondToHumanRequestBody, StartRunBody } from "./generated/runs.ts";
import type { GetProfileResponse, ListMyTeamsResponse } from "./generated/team.ts";

export type Team = ListMyTeamsResponse["teams"][number];
export type Profile = GetProfileResponse["profile"];
/** An agent as the team's agent list gives it (with its latest revision and last run). */
export type Agent = ListAgentsResponse["agents"][number];
/** An agent as `GET /v2/agents/{id}` gives it: fewer fields than the list. */
export type AgentDetails = GetAgentResponse["agent"];
export type RunDetails = GetRunResponse;
export type Run = NonNullable<GetRunResponse["run"]>;
export type HumanRequest = NonNullable<GetRunResponse["pending_human_request"]>;
export type Question = NonNullable<HumanRequest["questions"]>[number];
export type Message = ListRunMessagesResponse["messages"][number];
export type RunSummary = ListRunsResponse["data"][number];
export type HumanResponseBody = RespondToHumanRequestBody;
export type { StartRunBody };
/** Every error answer of the API carries `error`; most add a `message` (its schema: api-error.ts). */
export type { ErrorBody } from "./api-error.ts";

/** The API's page size ceiling for messages. */
export const MESSAGE_PAGE_LIMIT = 50;

/** Run states as the client treats them (docs/contract.md). Anything unknown counts as busy. */
export const TERMINAL_STATUSES = new Set(["completed", "failed", "stopped", "interrupted"]);
export const NEEDS_HUMAN_STATUSES = new Set(["waiting", "needs_attention"]);
export const isTerminal = (status: string) => TERMINAL_STATUSES.has(status);
export const needsHuman = (status: string) => NEEDS_HUMAN_STATUSES.has(status);
