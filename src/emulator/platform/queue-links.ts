/**
 * What binds agents to queues, as far as queues need it: the team's integration catalog (with
 * the case-queue producer and consumer integrations), the integration slots of an agent's
 * revisions with the queues mapped to each, and agents' case triggers (at most one per agent;
 * an enabled trigger makes the agent a consumer that works the queue's cases, see queues.ts).
 */
import type * as CT from "../../api/generated/case-triggers.ts";
import type * as I from "../../api/generated/integrations.ts";
import type * as RI from "../../api/generated/revision-integrations.ts";
import { FIXTURE_CREATED_AT, type TeamFixture } from "../fixtures.ts";
import { ApiError, ok } from "../http.ts";
import type { Handler, RouteContext } from "../routes.ts";
import { iso, type EmulatorState } from "../state.ts";
import { checkedBody, paging, pathParam } from "./common.ts";
import { domainState } from "./index.ts";

/** The catalog's built-in integrations (fixed ids). */
export const CATALOG = [
  { id: "5e1f0c2a-7d3b-4c9e-8a90-000000000001", type: "case-queue-producer", name: "Case queue (producer)" },
  { id: "5e1f0c2a-7d3b-4c9e-8a90-000000000002", type: "case-queue-consumer", name: "Case queue (consumer)" },
  { id: "5e1f0c2a-7d3b-4c9e-8a90-000000000003", type: "human-in-the-loop", name: "Human in the loop" },
] as const;

export interface Slot {
  id: string;
  integrationId: string;
  type: string;
  name: string;
  createdUs: number;
  queueIds: string[];
}

export interface CaseTrigger {
  id: string;
  agentId: string;
  queueId: string;
  userId: string;
  enabled: boolean;
  concurrency: number | null;
  createdUs: number;
  updatedUs: number;
}

class Store {
  /** `${agentId}/${buildId}` → slots */
  slots = new Map<string, Slot[]>();
  /** agent id → its case trigger */
  triggers = new Map<string, CaseTrigger>();
}

export const linkStore = (state: EmulatorState) => domainState(state, "queue-links", () => new Store());

/** The queue's name, for views (set by queues.ts, which owns queues). */
export const queueNames: { of: (state: EmulatorState, team: TeamFixture, id: string) => string } = { of: () => "" };

function slotsOf(c: RouteContext): Slot[] {
  const agentId = pathParam(c, "agent_id");
  c.state.agent(c.team, agentId);
  const key = `${agentId}/${pathParam(c, "build_id")}`;
  const store = linkStore(c.state);
  if (!store.slots.has(key)) store.slots.set(key, []);
  return store.slots.get(key)!;
}

function slotFor(c: RouteContext): Slot {
  const id = pathParam(c, "integration_id");
  const slot = slotsOf(c).find((candidate) => candidate.integrationId === id || candidate.id === id);
  if (!slot) throw new ApiError(404, `Integration ${id} is not attached to this revision`);
  return slot;
}

function triggerView(state: EmulatorState, team: TeamFixture, trigger: CaseTrigger): CT.GetAgentCaseTriggerResponse["case_trigger"] {
  return {
    id: trigger.id,
    agent_id: trigger.agentId,
    case_queue_id: trigger.queueId,
    case_queue_name: queueNames.of(state, team, trigger.queueId),
    user_id: trigger.userId,
    enabled: trigger.enabled,
    concurrency: trigger.concurrency,
    created_at: iso(trigger.createdUs),
    updated_at: iso(trigger.updatedUs),
    creator_display_name: team.user.name,
    can_disable: true,
    has_conflict: false,
    conflicting_agents: [],
  };
}

function trigger(c: RouteContext): CaseTrigger {
  const agentId = pathParam(c, "agent_id");
  c.state.agent(c.team, agentId);
  const found = linkStore(c.state).triggers.get(agentId);
  if (!found || found.id !== pathParam(c, "trigger_id")) throw new ApiError(404, "Case trigger not found");
  return found;
}

export const QUEUE_LINK_HANDLERS: Record<string, Handler> = {
  listIntegrations: (c) => {
    const { limit, offset } = paging(c, 100, 50);
    const type = c.query.get("type");
    const all = CATALOG.filter((entry) => type === null || entry.type === type).map((entry) => ({
      id: entry.id,
      name: entry.name,
      type: entry.type,
      provider: "duvo",
      user_id: null,
      team_id: c.team.id,
      created_at: FIXTURE_CREATED_AT,
      updated_at: FIXTURE_CREATED_AT,
    }));
    return ok({ integrations: all.slice(offset, offset + limit), total: all.length, limit, offset } satisfies I.ListIntegrationsResponse);
  },

  listRevisionIntegrations: (c) =>
    ok({
      integrations: slotsOf(c).map((slot) => ({
        id: slot.id,
        integration_id: slot.integrationId,
        custom_integration_id: null,
        integration_type: slot.type,
        integration_name: slot.name,
        created_at: iso(slot.createdUs),
      })),
    } satisfies RI.ListRevisionIntegrationsResponse),

  attachRevisionIntegrations: async (c) => {
    const body = await checkedBody<RI.AttachRevisionIntegrationsBody>(c);
    const slots = slotsOf(c);
    let count = 0;
    for (const id of body.integration_ids) {
      const entry = CATALOG.find((candidate) => candidate.id === id.toLowerCase());
      if (!entry) throw new ApiError(404, `Integration ${id} not found`);
      if (slots.some((slot) => slot.integrationId === entry.id)) continue;
      slots.push({ id: crypto.randomUUID(), integrationId: entry.id, type: entry.type, name: entry.name, createdUs: c.state.now(), queueIds: [] });
      count++;
    }
    return ok({ success: true, count } satisfies RI.AttachRevisionIntegrationsResponse, 201);
  },

  removeRevisionIntegration: (c) => {
    const slots = slotsOf(c);
    const slot = slotFor(c);
    slots.splice(slots.indexOf(slot), 1);
    return ok({ success: true } satisfies RI.RemoveRevisionIntegrationResponse);
  },

  listRevisionIntegrationQueues: (c) => {
    const slot = slotFor(c);
    return ok({ queues: slot.queueIds.map((id) => ({ id, name: queueNames.of(c.state, c.team, id) })) } satisfies RI.ListRevisionIntegrationQueuesResponse);
  },

  replaceRevisionIntegrationQueues: async (c) => {
    const body = await checkedBody<RI.ReplaceRevisionIntegrationQueuesBody>(c);
    const slot = slotFor(c);
    const ids = [...new Set(body.queue_ids.map((id) => id.toLowerCase()))];
    for (const id of ids) if (!queueNames.of(c.state, c.team, id)) throw new ApiError(404, `Queue ${id} not found`);
    slot.queueIds = ids;
    return ok({ queues: ids.map((id) => ({ id, name: queueNames.of(c.state, c.team, id) })) } satisfies RI.ReplaceRevisionIntegrationQueuesResponse);
  },

  getRevisionCaseQueueSetup: (c) =>
    ok({
      configs: slotsOf(c)
        .filter((slot) => slot.type.startsWith("case-queue-"))
        .map((slot) => ({ config_id: slot.id, integration_type: slot.type, linked_queue_count: slot.queueIds.length })),
      has_available_queues: true,
    } satisfies RI.GetRevisionCaseQueueSetupResponse),

  listAgentCaseTriggers: (c) => {
    const agentId = pathParam(c, "agent_id");
    c.state.agent(c.team, agentId);
    const found = linkStore(c.state).triggers.get(agentId);
    return ok({ case_triggers: found ? [triggerView(c.state, c.team, found)] : [] } satisfies CT.ListAgentCaseTriggersResponse);
  },

  createAgentCaseTrigger: async (c) => {
    const agentId = pathParam(c, "agent_id");
    c.state.agent(c.team, agentId);
    const body = await checkedBody<CT.CreateAgentCaseTriggerBody>(c);
    const store = linkStore(c.state);
    if (store.triggers.has(agentId)) throw new ApiError(409, "This agent already has a case trigger");
    const queueId = body.case_queue_id.toLowerCase();
    if (!queueNames.of(c.state, c.team, queueId)) throw new ApiError(404, `Queue ${queueId} not found`);
    const now = c.state.now();
    const created: CaseTrigger = { id: crypto.randomUUID(), agentId, queueId, userId: c.team.user.id, enabled: body.enabled, concurrency: body.concurrency ?? null, createdUs: now, updatedUs: now };
    store.triggers.set(agentId, created);
    return ok({ case_trigger: triggerView(c.state, c.team, created) } satisfies CT.CreateAgentCaseTriggerResponse, 201);
  },

  getAgentCaseTrigger: (c) => ok({ case_trigger: triggerView(c.state, c.team, trigger(c)) } satisfies CT.GetAgentCaseTriggerResponse),

  updateAgentCaseTrigger: async (c) => {
    const found = trigger(c);
    const body = await checkedBody<CT.UpdateAgentCaseTriggerBody>(c);
    if (body.case_queue_id !== undefined) {
      if (!queueNames.of(c.state, c.team, body.case_queue_id.toLowerCase())) throw new ApiError(404, `Queue ${body.case_queue_id} not found`);
      found.queueId = body.case_queue_id.toLowerCase();
    }
    if (body.enabled !== undefined) found.enabled = body.enabled;
    if (body.concurrency !== undefined) found.concurrency = body.concurrency;
    found.updatedUs = c.state.now();
    return ok({ case_trigger: triggerView(c.state, c.team, found) } satisfies CT.UpdateAgentCaseTriggerResponse);
  },

  deleteAgentCaseTrigger: (c) => {
    const found = trigger(c);
    linkStore(c.state).triggers.delete(found.agentId);
    return ok({ success: true } satisfies CT.DeleteAgentCaseTriggerResponse);
  },
};
