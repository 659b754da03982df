/**
 * The behaviour plugged into the emulator, by operation id: one entry per domain module.
 * An operation none of them answers is answered by the store or the document's example
 * (routes.ts). A domain depends on the kernel only; this list is the one place that knows them all.
 */
import type { Plugins, Store } from "./kernel.ts";
import type { EmulatorState } from "./state.ts";
import { AUTOMATION_PLUGINS } from "./platform/agent-automation.ts";
import { AGENT_PLUGINS, seedAgents } from "./platform/agents.ts";
import { CLARITY_PLUGINS } from "./platform/clarity.ts";
import { QUEUE_PLUGINS } from "./platform/queues.ts";
import { RUN_PLUGINS } from "./platform/runs.ts";
import { SANDBOX_PLUGINS } from "./platform/sandboxes.ts";
import { PULSE_PLUGINS } from "./platform/pulse.ts";
import { seedSystemSkills, SKILL_PLUGINS } from "./platform/skills.ts";
import { seedTeamSettings, TEAM_SETTINGS_PLUGINS } from "./platform/team-settings.ts";

export const PLUGINS: Plugins = {
  ...RUN_PLUGINS,
  ...TEAM_SETTINGS_PLUGINS,
  ...AGENT_PLUGINS,
  ...AUTOMATION_PLUGINS,
  ...SANDBOX_PLUGINS,
  ...QUEUE_PLUGINS,
  ...SKILL_PLUGINS,
  ...PULSE_PLUGINS,
  ...CLARITY_PLUGINS,
};

/** What the domains put in a new emulator's store (the fixed agents, the demo team's secret, the system skills). */
export const SEEDS: ((store: Store, state: EmulatorState) => void)[] = [seedAgents, seedTeamSettings, seedSystemSkills];
