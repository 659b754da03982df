/**
 * The behaviour plugged into the emulator, by operation id: one entry per domain module.
 * An operation none of them answers is answered by the store, or redirected where the
 * document says it moved (routes.ts). A domain depends on the kernel only; this list is the one place that knows them all.
 */
import type { Plugins, Store } from "./kernel.ts";
import type { EmulatorState } from "./state.ts";
import { AUTOMATION_PLUGINS } from "./platform/agent-automation.ts";
import { AGENT_PLUGINS, SLOTS, seedAgents } from "./platform/agents.ts";
import { CONNECTION_PLUGINS } from "./platform/connections.ts";
import { CLARITY_PLUGINS } from "./platform/clarity.ts";
import { MCP_PLUGINS } from "./platform/mcp.ts";
import { QUEUE_PLUGINS } from "./platform/queues.ts";
import { RUN_PLUGINS } from "./platform/runs.ts";
import { SANDBOX_PLUGINS } from "./platform/sandboxes.ts";
import { PULSE_PLUGINS } from "./platform/pulse.ts";
import { SKILL_PLUGINS, SKILLS, seedSkills } from "./platform/skills.ts";
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
  ...CONNECTION_PLUGINS,
  ...CLARITY_PLUGINS,
  ...MCP_PLUGINS,
};

/**
 * Families a domain's plugins answer (some operations of) while keeping the records in the
 * store, where the other operations read them: a queue's cases (its consumers), the teams of
 * the fixtures (the API cannot create one), a revision's integration slots (attached by catalog
 * ids, several at once), skills (created or replaced by name, their files kept beside them).
 */
export const KEPT: string[] = ["/v2/cases/{case_id}", "/v2/teams/{teamId}", SLOTS, SKILLS.item];

/** What the domains put in a new emulator's store (the fixed agents, the demo team's secret, the system skills). */
export const SEEDS: ((store: Store, state: EmulatorState) => void)[] = [seedAgents, seedTeamSettings, seedSkills];
