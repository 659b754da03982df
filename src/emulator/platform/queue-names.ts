/**
 * A queue's name by id, for the views of other domains (revision slots, case triggers):
 * queues are resources of the store; one it does not have is named after its id.
 */
import type { TeamFixture } from "../fixtures.ts";
import type { EmulatorState } from "../state.ts";

export const QUEUES = "/v2/queues/{queue_id}";

export function queueName(state: EmulatorState, team: TeamFixture, id: string): string {
  return state.store.resources(QUEUES, team.id).find((queue) => queue.id === id)?.name ?? `Queue ${id.slice(0, 8)}`;
}
