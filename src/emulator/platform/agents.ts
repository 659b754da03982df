/**
 * Agents as code, as the emulator keeps them: creating, changing, moving and deleting agents,
 * their revisions (create, change, promote), folders (resources of the store, with the checks
 * and counts added here), and the catalog integrations a revision carries, with pinned
 * connections and queue slots (the secrets and browser logins it carries are records of the
 * store under it: team-settings.ts). The agents and their revisions are resources of the store, which the run engine (state.ts) reads.
 */
import * as v from "valibot";
import type * as AF from "../../api/generated/agent-folders.ts";
import type * as A from "../../api/generated/agents.ts";
import type * as RI from "../../api/generated/revision-integrations.ts";
import type * as R from "../../api/generated/revisions.ts";
import { describeIssue } from "../../api/issues.ts";
import { FIXTURE_CREATED_AT, FIXTURE_UPDATED_AT, TEAMS } from "../fixtures.ts";
import { iso, type AgentRecord, type BuildRecord, type EmulatorState } from "../state.ts";
import { catalog } from "./connections.ts";
import { queueName } from "./queue-names.ts";
import { ApiError, beforeStore, now, checkedRequest, type Context, familyAt, ok, type Plugins, type Store, storedAt, storedOf, type StoreView } from "../kernel.ts";

/** A revision's integration slots are resources of the store, each keeping its agent and the queues mapped to it (not shown). */
export const SLOTS = "/v2/agents/{agent_id}/revisions/{build_id}/integrations/{integration_id}";
const PINS = familyAt(`${SLOTS}/connections/{connection_id}`);

/** A revision's config as the API keeps it: the lists it defaults filled in. */
function storedConfig(config: any): BuildRecord["config"] {
  if (config === undefined || config === null) return null;
  const data = { ...config.data };
  for (const key of ["files", "skills", "plugins", "subAgents"]) data[key] = data[key] ?? [];
  return { version: config.version, data } as BuildRecord["config"];
}

async function revisionConfig(config: unknown): Promise<BuildRecord["config"]> {
  const { createRevision } = await import("../../api/generated/revisions.ts");
  const schema = createRevision().body.entries.config;
  const checked = v.safeParse(schema, config);
  if (!checked.success) throw new ApiError(400, describeIssue(checked.issues[0]));
  return storedConfig(checked.output);
}

/** The slot the path names (by its id or its catalog id), or a 404. */
const slotOf = (c: Context) => storedAt(c, "integration_id");

/** The queues of a slot, with their names. */
const slotQueues = (c: Context, slot: Record<string, any>) => (slot.queue_ids as string[]).map((id) => ({ id, name: queueName(c.state, c.team, id) }));

const FOLDERS = familyAt("/v2/agent-folders/{folder_id}");

/** The team's folder of this id, or a 404. */
const folderOf = (c: Context, id: string) => c.store.find(FOLDERS, c.team.id, { folder_id: id.toLowerCase() }).resource;
const foldersOf = (c: Context) => c.store.resources(FOLDERS, c.team.id);

/** A folder as a list shows it: how many agents and folders it holds. */
const folderCounts: StoreView = (folder, c) => ({
  ...folder,
  agent_count: c.state.teamAgents(c.team).filter((a) => a.folder_id === folder.id).length,
  subfolder_count: foldersOf(c).filter((f) => f.parent_folder_id === folder.id).length,
});

const AGENTS = familyAt("/v2/agents/{agent_id}");

const REVISIONS = familyAt("/v2/agents/{agent_id}/revisions/{build_id}");

/** Keeps a new draft revision of the agent in the store, numbered after its latest one (an agent's first, a fixture's, one the API creates). */
function keepRevision(c: Pick<Context, "store" | "state" | "team">, agentId: string, name: string, config: BuildRecord["config"], fields: Partial<BuildRecord> = {}): BuildRecord {
  const at = now(c);
  const previous = c.state.builds(agentId).at(-1);
  const build: BuildRecord = {
    id: crypto.randomUUID(),
    copilot_id: agentId,
    agent_id: agentId,
    name,
    revision_name: null,
    revision_description: null,
    config,
    status: "draft",
    revision_number: (previous?.revision_number ?? 0) + 1,
    parent_build_id: previous?.id ?? null,
    created_by: c.team.user.id,
    created_at: at,
    updated_at: at,
    ...fields,
  };
  c.store.seed(REVISIONS, c.team.id, build, { agent_id: agentId });
  return build;
}

/** Makes a revision the live one (new runs use it); the one live before becomes historic. */
function promote(state: EmulatorState, build: BuildRecord): void {
  for (const other of state.builds(build.agent_id!)) if (other.status === "live") other.status = "archived";
  build.status = "live";
  build.updated_at = iso(state.now());
}

/** The fixed agents, each with its live third revision, their ids and times fixed so their listings never change. */
export function seedAgents(store: Store, state: EmulatorState): void {
  for (const team of TEAMS) {
    for (const fixture of team.agents) {
      const made = { created_at: FIXTURE_CREATED_AT, updated_at: FIXTURE_UPDATED_AT, created_by: { ...team.user }, updated_by: { ...team.user } };
      const details = { id: fixture.id, name: fixture.name, team_id: team.id, thread_id: null, folder_id: null, automation_id: null, ...made };
      const pin = { agentic_memory_enabled: fixture.scenario === "complete", pinned_at: fixture.pinned ? FIXTURE_UPDATED_AT : null };
      store.insert(AGENTS, { id: fixture.id, teamId: team.id, parents: {}, resource: { ...structuredClone(AGENTS.template), ...details, ...pin } });
      const models = { agent: { model: "claude-sonnet-4-6" }, browsing: { provider: "google", model: "gemini-2.5-flash" } };
      const config = storedConfig({ version: "v2", data: { models, input: fixture.description } });
      const fixed = { id: fixture.id.replace(/-8a30-/, "-8a40-"), status: "live", revision_number: 3, created_at: FIXTURE_UPDATED_AT, updated_at: FIXTURE_UPDATED_AT };
      keepRevision({ store, state, team }, fixture.id, `${fixture.name} v3`, config, fixed);
    }
  }
}

/** What an agent's answers show beside it: the pin, the key's user's. */
const userContext = (agent: AgentRecord) => ({ user_context: { pinned_at: agent.pinned_at } });

/** The fields of a list's agent that the emulator does not keep: no integrations, triggers or case queue. */
const UNUSED = {
  integration_configs: [],
  user_triggers: { slack_mention: false, slack_channel: false, teams_mention: false },
  case_trigger_enabled: false,
  case_trigger_has_conflict: false,
  case_trigger_conflicting_agents: [],
  case_queue_name: null,
};

export const AGENT_PLUGINS: Plugins = {
  // ------------------------------------------------------------------ agents
  // Agents are resources of the store, which the run engine reads: a create may make a first live revision.
  listAgents: beforeStore(
    () => {},
    (agent, c) => {
      const last_run_at = c.state.allRuns().findLast((run) => run.agent_id === agent.id)?.created_at ?? null;
      return { ...agent, last_run_at, latest_build: c.state.builds(agent.id).at(-1) ?? null, ...UNUSED };
    },
  ),

  getAgent: beforeStore((c) => userContext(c.state.agent(c.team, c.params.agent_id!))),

  createAgent: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    const id = crypto.randomUUID();
    const build = body.build && keepRevision(c, id, body.build.name, storedConfig(body.build.config));
    if (build) promote(c.state, build);
    const flags = { slack_enabled: false, microsoft_teams_enabled: false, agentic_memory_enabled: false };
    return { id, ...flags, created_by: { ...c.team.user }, updated_by: { ...c.team.user }, pinned_at: null, build };
  }),

  updateAgent: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    const agent = c.state.agent(c.team, c.params.agent_id!);
    const pinned_at = body.pinned === undefined ? agent.pinned_at : body.pinned ? FIXTURE_UPDATED_AT : null;
    return { pinned_at, ...userContext({ ...agent, pinned_at }) };
  }),

  moveAgent: async (c) => {
    const { body, query } = await checkedRequest(c);
    const agent = c.state.agent(c.team, c.params.agent_id!);
    const target = TEAMS.find((team) => team.id === body.target_team_id.toLowerCase());
    if (!target) throw new ApiError(404, `Team ${body.target_team_id} not found`);
    if (target.id === agent.team_id) throw new ApiError(400, "The agent is already in that team");
    const dryRun = query.dry_run === true || query.dry_run === "true";
    const folder = foldersOf(c).find((f) => f.id === agent.folder_id);
    const moved = {
      source_team_id: agent.team_id!,
      target_team_id: target.id,
      root_agent_id: agent.id,
      agents: [{ id: agent.id, name: agent.name }],
    };
    const total_runs = c.state.allRuns().filter((run) => run.agent_id === agent.id).length;
    const carried = { queues: [], total_case_items: 0, total_runs, skills_to_clone: [], files_to_copy: [] };
    const outcome = { instances_reconnected: [], instances_disconnected: [], custom_integrations_to_rebuild: [], catalog_rows_created_on_target: 0 };
    const dropped_folders = agent.folder_id ? [{ id: agent.folder_id, name: String(folder?.name ?? "") }] : [];
    const warnings = { outcome, dropped_folders, dropped_memory_count: 0, files_copied_count: 0, files_skipped_conflict: [] };
    const answer: A.MoveAgentResponse = { ...moved, ...carried, warnings, options: { move_learnings: body.move_learnings ?? true }, applied: !dryRun };
    if (!dryRun) {
      // The agent and its revisions are the target team's from now on.
      const records = [c.store.find(AGENTS, c.team.id, c.params), ...c.store.list(REVISIONS, c.team.id, { agent_id: agent.id })];
      for (const record of records) record.teamId = target.id;
      Object.assign(agent, { team_id: target.id, folder_id: null });
      agent.updated_at = now(c);
    }
    return ok(answer);
  },

  // ------------------------------------------------------------------ revisions
  // Revisions are resources of the store (read and listed, newest first, from it), the engine's objects.
  createRevision: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    const agent = c.state.agent(c.team, c.params.agent_id!);
    const config = body.config === undefined ? (c.state.builds(agent.id).at(-1)?.config ?? null) : storedConfig(body.config);
    const build = keepRevision(c, agent.id, body.name, config);
    agent.updated_at = now(c);
    return { id: build.id, config: build.config, agent: { id: agent.id } };
  }),

  // A revision read by its id alone (/v2/revisions/{build_id}) is the store's: its config checked and filled, its agent touched.
  updateRevision: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    c.state.agent(c.team, storedOf(c).agent_id).updated_at = now(c);
    return body.config === undefined ? {} : { config: await revisionConfig(body.config) };
  }),

  promoteRevision: async (c) => {
    const { body } = await checkedRequest(c);
    const build = storedAt(c, "build_id") as BuildRecord;
    if (build.status === "live") throw new ApiError(409, `Revision ${build.id} is already live`);
    if (body.revision_name !== undefined) build.revision_name = body.revision_name;
    if (body.revision_description !== undefined) build.revision_description = body.revision_description;
    promote(c.state, build);
    return ok({ success: true } satisfies R.PromoteRevisionResponse);
  },

  // ------------------------------------------------------------------ folders
  listAgentFolders: beforeStore(() => {}, folderCounts),

  createAgentFolder: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    return { parent_folder_id: body.parent_folder_id ? folderOf(c, body.parent_folder_id).id : null };
  }),

  updateAgentFolder: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    if (!body.parent_folder_id) return;
    // A folder cannot move under itself or one of its own subfolders.
    for (let at: Record<string, any> | undefined = folderOf(c, body.parent_folder_id); at; at = at.parent_folder_id ? folderOf(c, at.parent_folder_id) : undefined) {
      if (at.id === c.params.folder_id) throw new ApiError(400, "A folder cannot be moved into itself or its subfolders");
    }
    return { parent_folder_id: body.parent_folder_id.toLowerCase() };
  }),

  // A folder that holds something is deleted with force=true only, its contents moved to the root.
  deleteAgentFolder: beforeStore((c) => {
    const folder = storedOf(c);
    const children = foldersOf(c).filter((f) => f.parent_folder_id === folder.id);
    const agents = c.state.teamAgents(c.team).filter((a) => a.folder_id === folder.id);
    if ((children.length > 0 || agents.length > 0) && c.query.get("force") !== "true") {
      throw new ApiError(409, "The folder is not empty: pass force=true to delete it and move its contents to the root");
    }
    for (const child of children) child.parent_folder_id = null;
    for (const agent of agents) agent.folder_id = null;
  }),

  moveAgentsToFolder: async (c) => {
    const { body } = await checkedRequest(c);
    const folderId = body.folder_id ? folderOf(c, body.folder_id).id : null;
    const agents = (body.agent_ids as string[]).map((id) => c.state.agent(c.team, id.toLowerCase()));
    for (const agent of agents) agent.folder_id = folderId;
    return ok({ success: true, moved_count: agents.length } satisfies AF.MoveAgentsToFolderResponse);
  },

  // ------------------------------------------------------------------ what a revision carries
  // The slots and their pinned connections are the store's (listed, removed, unpinned by it); attaching takes catalog ids.
  attachRevisionIntegrations: async (c) => {
    const { body } = await checkedRequest(c);
    const build = storedAt(c, "build_id");
    const family = familyAt(SLOTS);
    const parents = { agent_id: build.agent_id, build_id: build.id };
    const entries = (body.integration_ids as string[]).map((id) => {
      const entry = catalog(c).find((e) => e.id === id.toLowerCase());
      if (!entry) throw new ApiError(400, `Integration ${id} is not in this team's catalog`);
      return entry;
    });
    const fresh = entries.filter((entry, at) => entries.indexOf(entry) === at && !c.store.list(family, c.team.id, parents).some((s) => s.resource.integration_id === entry.id));
    for (const entry of fresh) {
      const slot = {
        id: crypto.randomUUID(),
        integration_id: entry.id,
        custom_integration_id: entry.custom_integration_id ?? null,
        integration_type: entry.type,
        integration_name: entry.name,
      };
      c.store.insert(family, { id: slot.id, teamId: c.team.id, parents, resource: { ...slot, created_at: now(c), agent_id: build.agent_id, queue_ids: [] } });
    }
    return ok({ success: true, count: fresh.length } satisfies RI.AttachRevisionIntegrationsResponse, 201);
  },

  removeRevisionIntegration: beforeStore((c) => {
    for (const pin of c.store.list(PINS, c.team.id, c.params)) c.store.delete(PINS, pin);
  }),

  // Only a connection of the team can be pinned.
  pinRevisionIntegrationConnection: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    c.store.find(familyAt("/v2/connections/{connection_id}"), c.team.id, { connection_id: body.connection_id.toLowerCase() });
  }),

  listRevisionIntegrationQueues: (c) => ok({ queues: slotQueues(c, slotOf(c)) } satisfies RI.ListRevisionIntegrationQueuesResponse),

  replaceRevisionIntegrationQueues: async (c) => {
    const { body } = await checkedRequest(c);
    const slot = slotOf(c);
    if (!slot.integration_type.startsWith("case-queue-")) throw new ApiError(400, `${slot.integration_type} is not a case-queue integration`);
    slot.queue_ids = [...new Set((body.queue_ids as string[]).map((id) => id.toLowerCase()))];
    return ok({ queues: slotQueues(c, slot) } satisfies RI.ReplaceRevisionIntegrationQueuesResponse);
  },

  getRevisionCaseQueueSetup: (c) => {
    const configs = c.store
      .resources(SLOTS, c.team.id, c.params)
      .filter((s) => s.integration_type.startsWith("case-queue-"))
      .map((s) => ({ config_id: s.id, integration_type: s.integration_type, linked_queue_count: s.queue_ids.length }));
    return ok({ configs, has_available_queues: true } satisfies RI.GetRevisionCaseQueueSetupResponse);
  },
};
