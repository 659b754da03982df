/**
 * What binds agents to queues, as queues.ts needs it: the case-queue slots of agents'
 * revisions with the queues mapped to each (agents.ts keeps them) and agents' case triggers
 * (resources of the store; an enabled one makes its agent a consumer that works the
 * queue's cases). A read-only view: the operations that change them live in those modules.
 */
import { storeOf } from "../kernel.ts";
import { parseIsoUs, type EmulatorState } from "../state.ts";
import { CASE_TRIGGERS } from "./agent-automation.ts";
import { revisionSlotsOf } from "./agents.ts";

export interface CaseTriggerLink {
  agentId: string;
  queueId: string;
  enabled: boolean;
  concurrency: number | null;
  /** When it last changed, in µs: a consumer's slots start free from then. */
  updatedUs: number;
}

export interface SlotLink {
  agentId: string;
  type: string;
  queueIds: readonly string[];
}

export function linkStore(state: EmulatorState): { slots: SlotLink[]; triggers: CaseTriggerLink[] } {
  return {
    slots: revisionSlotsOf(state).map((slot) => ({ agentId: slot.agentId, type: slot.integration_type, queueIds: slot.queueIds })),
    triggers: storeOf(state).every(CASE_TRIGGERS).map((trigger) => ({
      agentId: trigger.agent_id,
      queueId: trigger.case_queue_id,
      enabled: trigger.enabled,
      concurrency: trigger.concurrency ?? null,
      updatedUs: parseIsoUs(trigger.updated_at),
    })),
  };
}
