/**
 * The rest of the platform, as the emulator keeps it: one module per domain (queues and
 * cases, sandboxes and files, agents' configuration, …), each adding stateful handlers by
 * operation id. An operation no domain handles answers the document's example.
 */
import type { EmulatorState } from "../state.ts";
import type { Handler } from "../routes.ts";
import { AGENT_HANDLERS } from "./agents.ts";
import { AUTOMATION_HANDLERS } from "./agent-automation.ts";
import { QUEUE_HANDLERS } from "./queues.ts";
import { SANDBOX_HANDLERS } from "./sandboxes.ts";
import { SKILLS_PULSE_HANDLERS } from "./skills-pulse.ts";
import { TEAM_SETTINGS_HANDLERS } from "./team-settings.ts";

/** Handlers by operation id, from every domain module. */
export const PLATFORM_HANDLERS: Record<string, Handler> = {
  ...TEAM_SETTINGS_HANDLERS,
  ...AGENT_HANDLERS,
  ...AUTOMATION_HANDLERS,
  ...SANDBOX_HANDLERS,
  ...QUEUE_HANDLERS,
  ...SKILLS_PULSE_HANDLERS,
};

const stores = new WeakMap<EmulatorState, Map<string, unknown>>();

/** A domain's own state, created on first use and kept with the emulator's state (across down()/up()). */
export function domainState<T>(state: EmulatorState, name: string, create: () => T): T {
  let byName = stores.get(state);
  if (!byName) stores.set(state, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, create());
  return byName.get(name) as T;
}
