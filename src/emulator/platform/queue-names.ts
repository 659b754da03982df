/**
 * A queue's name by id, for the views of other domains (revision slots, case triggers): set
 * by queues.ts, which owns queues; a queue it does not know is named after its id.
 */
import type { TeamFixture } from "../fixtures.ts";
import type { EmulatorState } from "../state.ts";

export const queueNames: { of: (state: EmulatorState, team: TeamFixture, id: string) => string } = { of: () => "" };

export function queueName(state: EmulatorState, team: TeamFixture, id: string): string {
  return queueNames.of(state, team, id) || `Queue ${id.slice(0, 8)}`;
}
