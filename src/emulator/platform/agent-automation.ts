/**
 * What makes an agent run on its own and learn, as the emulator keeps it per agent:
 * schedules, case triggers (an agent claiming a queue's cases), event triggers, its memory
 * files, evaluation rubrics and scores, and the suggestions it makes about itself.
 */
import type * as A from "../../api/generated/agents.ts";
import type * as CT from "../../api/generated/case-triggers.ts";
import type * as M from "../../api/generated/agent-memory.ts";
import type * as SG from "../../api/generated/suggestions.ts";
import type * as T from "../../api/generated/triggers.ts";
import { FIXTURE_UPDATED_AT } from "../fixtures.ts";
import { parseIsoUs, type AgentRecord } from "../state.ts";
import { queueName } from "./queue-names.ts";
import { ApiError, beforeStore, now, checkedRequest, type Context, familyAt, ok, pageOf, type Plugins, storedOf, type StoreView, worldSlot } from "../kernel.ts";

type Rubric = A.CreateEvalRubricResponse["rubric"];
type Suggestion = SG.ListAgentSuggestionsResponse["data"][number];

/** Suggestions by agent id, made on the agent's first look. */
const suggestionsByAgent = worldSlot(() => new Map<string, Suggestion[]>());

const TRIGGERS = "/v2/triggers/{agentId}";

/** The event triggers every agent can have: a new e-mail, a Slack message. */
const TRIGGER_TYPES = [
  {
    integration_slug: "gmail",
    integration_name: "Gmail",
    icon_url: "https://cdn.duvo.ai/icons/gmail.svg",
    trigger_type: "new_email",
    label: "New e-mail",
    description: "Runs the agent when an e-mail arrives that matches the filter.",
    filter_schema: { type: "object", properties: { from: { type: "string" }, subject_contains: { type: "string" } } },
  },
  {
    integration_slug: "slack",
    integration_name: "Slack",
    icon_url: "https://cdn.duvo.ai/icons/slack.svg",
    trigger_type: "new_message",
    label: "New message in a channel",
    description: "Runs the agent when a message is posted in the channel.",
    filter_schema: { type: "object", properties: { channel: { type: "string" } }, required: ["channel"] },
  },
] satisfies T.ListAgentTriggerTypesResponse["trigger_types"];

/** Every agent remembers two things it learned (read-only through the API). */
function memoryFiles(agent: AgentRecord) {
  return [
    { path: "learnings/vendors.md", content: `# Vendors\n\n${agent.name} learned: ACME invoices arrive as PDF attachments.\n` },
    { path: "learnings/preferences.md", content: "# Preferences\n\nSummaries go to #finance, in English.\n" },
  ];
}

const PLATFORM_RUBRICS = [
  { key: "task_incomplete", label: "Task incomplete", description: "The run ended before the task was done.", cause: "agent" },
  { key: "tool_error", label: "Tool error", description: "A connection or tool failed during the run.", cause: "integration" },
];

function agentOf(c: Context, key = "agent_id"): AgentRecord {
  return c.state.agent(c.team, c.params[key]!);
}

/** A schedule must say when: a time for daily and slower, a day for weekly, a day of month for monthly, a cron for custom. */
function checkSchedule(s: Record<string, any>): void {
  if (s.frequency === "custom" && !s.cron) throw new ApiError(400, "cron is required when frequency is custom");
  if (s.frequency === "weekly" && !s.day) throw new ApiError(400, "day is required when frequency is weekly");
  if (s.frequency === "monthly" && !s.day_of_month) throw new ApiError(400, "day_of_month is required when frequency is monthly");
  if (s.time !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(s.time)) throw new ApiError(400, "time must be HH:MM");
  try {
    new Intl.DateTimeFormat("en", { timeZone: s.timezone });
  } catch {
    throw new ApiError(400, `Unknown timezone ${s.timezone}`);
  }
}

/** Case triggers are resources of the store; queues.ts starts consumers from the enabled ones. */
export const CASE_TRIGGERS = "/v2/agents/{agent_id}/case-triggers/{trigger_id}";

/** Other agents of the team whose enabled case trigger claims the same queue. */
function conflicts(c: Context, agentId: string, queueId: string) {
  return c.store
    .every(CASE_TRIGGERS)
    .filter((t) => t.case_queue_id === queueId && t.agent_id !== agentId && t.enabled)
    .flatMap((t) => {
      const other = c.state.agentById(t.agent_id);
      return other && other.team_id === c.team.id ? [{ id: other.id, name: other.name }] : [];
    });
}

const caseTriggerView: StoreView = (trigger, c) => {
  const conflicting = conflicts(c, trigger.agent_id, trigger.case_queue_id);
  return { ...trigger, has_conflict: trigger.enabled && conflicting.length > 0, conflicting_agents: trigger.enabled ? conflicting : [] };
};

/** A trigger's queue, by id (lower-cased) and by name. */
const queueFields = (c: Context, id: string) => ({ case_queue_id: id.toLowerCase(), case_queue_name: queueName(c.state, c.team, id.toLowerCase()) });

const RUBRICS = familyAt("/v2/agents/{agentId}/eval-rubrics/{rubricId}");

/** The revision a rubric request names, else the agent's live one; a 404 for one the agent does not have. */
function rubricBuild(c: Context, buildId: string | undefined): string {
  const agent = agentOf(c, "agentId");
  const build = buildId?.toLowerCase() ?? c.state.liveBuild(agent.id)?.id;
  if (!build || !c.state.builds(agent.id).some((b) => b.id === build)) throw new ApiError(404, `Revision ${build} not found for agent ${agent.id}`);
  return build;
}

/** The rubrics of a revision: resources of the store, each keeping its revision (`build_id`, not shown). */
const rubricsOf = (c: Context, build: string) => c.store.list(RUBRICS, c.team.id, c.params).filter((record) => record.resource.build_id === build);

function slugOf(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "") || "rubric"
  );
}

function suggestionsOf(c: Context, agent: AgentRecord): Suggestion[] {
  const all = suggestionsByAgent(c.state);
  let list = all.get(agent.id);
  if (!list) {
    const base = {
      agent_id: agent.id,
      status: "pending" as const,
      dedup_key: "",
      resolved_at: null,
      resolved_by_user_id: null,
      superseded_reason: null,
      superseded_by_suggestion_id: null,
      created_at: FIXTURE_UPDATED_AT,
      updated_at: FIXTURE_UPDATED_AT,
      sources: [{ agent_run_id: `5e1f0c2a-7d3b-4c9e-8ad0-000000000${agent.id.slice(-3)}`, run_number: 1, created_at: FIXTURE_UPDATED_AT }],
    };
    const n = agent.id.slice(-3);
    list = [
      {
        ...base,
        id: `5e1f0c2a-7d3b-4c9e-8ac0-000000000${n}`,
        generated_by: "eval",
        title: "Check the currency before matching",
        description: "Runs failed when invoices were in EUR; the procedure should convert first.",
        dedup_key: "aop:currency",
        type: "aop",
        payload: { oldSop: "Match each invoice to a payment.", newSop: "Convert the invoice to the ledger's currency, then match it to a payment." },
      },
      {
        ...base,
        id: `5e1f0c2a-7d3b-4c9e-8ac1-000000000${n}`,
        generated_by: "connection_llm",
        title: "Add Google Sheets",
        description: "The agent asked for the ledger spreadsheet in three runs.",
        dedup_key: "connection_add:googlesheets",
        type: "connection_add",
        payload: { toSlug: "googlesheets", toIntegrationId: "5e1f0c2a-7d3b-4c9e-8ab0-000000001003" },
      },
    ] as Suggestion[];
    all.set(agent.id, list);
  }
  return list;
}

function suggestionById(c: Context): Suggestion {
  for (const agent of c.state.teamAgents(c.team)) {
    const found = suggestionsOf(c, agent).find((s) => s.id === c.params.id);
    if (found) return found;
  }
  throw new ApiError(404, `Suggestion ${c.params.id} not found`);
}

function resolve(c: Context, suggestion: Suggestion, status: "consumed" | "rejected"): Suggestion {
  if (suggestion.status !== "pending") throw new ApiError(409, `Suggestion ${suggestion.id} is already ${suggestion.status}`);
  const at = now(c);
  Object.assign(suggestion, { status, resolved_at: at, resolved_by_user_id: c.team.user.id, updated_at: at });
  return suggestion;
}

export const AUTOMATION_PLUGINS: Plugins = {
  // ------------------------------------------------------------------ schedules
  // Schedules are the store's resources; a schedule starts on the agent's live revision.
  createSchedule: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    checkSchedule({ time: null, ...body });
    return { build_id: c.state.liveBuild(agentOf(c).id)?.id ?? "", source: "api", recurring: body.recurring ?? true };
  }),

  updateSchedule: beforeStore(async (c) => checkSchedule({ ...storedOf(c), ...(await checkedRequest(c)).body })),

  // ------------------------------------------------------------------ case triggers
  listAgentCaseTriggers: beforeStore(() => {}, caseTriggerView),
  getAgentCaseTrigger: beforeStore(() => {}, caseTriggerView),

  createAgentCaseTrigger: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    const queue = queueFields(c, body.case_queue_id);
    if (c.store.every(CASE_TRIGGERS).some((t) => t.agent_id === c.params.agent_id && t.case_queue_id === queue.case_queue_id)) {
      throw new ApiError(409, "This agent already has a case trigger on that queue");
    }
    return { ...queue, creator_display_name: c.team.user.name, can_disable: true };
  }, caseTriggerView),

  updateAgentCaseTrigger: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    return body.case_queue_id === undefined ? {} : queueFields(c, body.case_queue_id);
  }, caseTriggerView),

  previewAgentCaseTriggerConflicts: async (c) => {
    const { query } = await checkedRequest(c);
    const agent = agentOf(c);
    const conflicting = conflicts(c, agent.id, String(query.case_queue_id).toLowerCase());
    return ok({ has_conflict: conflicting.length > 0, conflicting_agents: conflicting } satisfies CT.PreviewAgentCaseTriggerConflictsResponse);
  },

  // ------------------------------------------------------------------ event triggers
  // Event triggers are the store's, one per agent, integration and type: a PUT makes it, or changes the one there.
  listAgentTriggers: beforeStore((c) => void agentOf(c, "agentId")),

  listAgentTriggerTypes: (c) => {
    agentOf(c, "agentId");
    return ok({ trigger_types: TRIGGER_TYPES } satisfies T.ListAgentTriggerTypesResponse);
  },

  upsertAgentTrigger: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    const agent = agentOf(c, "agentId");
    if (!TRIGGER_TYPES.some((t) => t.integration_slug === body.integration_slug && t.trigger_type === body.trigger_type))
      throw new ApiError(400, `No trigger ${body.trigger_type} for integration ${body.integration_slug}`);
    const same = (t: Record<string, any>) => t.agent_id === agent.id && t.integration_slug === body.integration_slug && t.trigger_type === body.trigger_type;
    const there = c.store.every(TRIGGERS).find(same);
    if (there) return { id: there.id, updated_at: now(c) };
    return { filter_config: body.filter_config ?? {}, enabled: body.enabled ?? true, integration_instance_id: crypto.randomUUID(), consecutive_missing_connection_failures: 0 };
  }),

  // ------------------------------------------------------------------ memory
  listAgentMemoryFiles: (c) => {
    const agent = agentOf(c);
    const files = memoryFiles(agent).map((file) => ({ name: file.path.split("/").at(-1)!, path: file.path, updated_at: FIXTURE_UPDATED_AT, source_type: "job" as const }));
    return ok({ files } satisfies M.ListAgentMemoryFilesResponse);
  },

  getAgentMemoryFile: (c) => {
    const agent = agentOf(c);
    const file = memoryFiles(agent).find((f) => f.path === c.params["*"]);
    if (!file) throw new ApiError(404, `No memory file ${c.params["*"]}`);
    return ok({ path: file.path, content: file.content, source_type: "job" } satisfies M.GetAgentMemoryFileResponse);
  },

  // ------------------------------------------------------------------ evaluation
  getEvalScores: async (c) => {
    const { query } = await checkedRequest(c);
    const agent = agentOf(c, "agentId");
    const [sinceUs, revision] = [parseIsoUs(String(query.since)), query.revision_id && String(query.revision_id).toLowerCase()];
    const runs = c.state.allRuns().filter((r) => r.agent_id === agent.id && r.evaluation && parseIsoUs(r.created_at) >= sinceUs && (!revision || r.build_id === revision));
    const withIssues = runs.filter((r) => r.status !== "completed").length;
    return ok({
      total_evaluated: runs.length,
      with_issues: withIssues,
      flag_distribution: withIssues ? [{ flag: "task_incomplete", count: withIssues, label: "Task incomplete" }] : [],
    } satisfies A.GetEvalScoresResponse);
  },

  // Rubrics are the store's, kept per revision: a list shows the live revision's unless it names one.
  getEvalRubrics: beforeStore(async (c) => {
    c.query.set("build_id", rubricBuild(c, (await checkedRequest(c)).query.build_id));
    return { platform_rubrics: PLATFORM_RUBRICS };
  }),

  createEvalRubric: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    const build = rubricBuild(c, body.build_id);
    const count = rubricsOf(c, build).length;
    if (count >= 5) throw new ApiError(400, "A revision has at most 5 rubrics");
    return { build_id: build, slug: slugOf(body.title), sort_order: count, deleted_at: null };
  }),

  replaceEvalRubrics: async (c) => {
    const { body } = await checkedRequest(c);
    const build = rubricBuild(c, body.build_id);
    for (const old of rubricsOf(c, build)) c.store.delete(RUBRICS, old);
    const created: Rubric[] = (body.rubrics as { title: string; description: string }[]).map((r, index) => {
      const rubric = { id: crypto.randomUUID(), slug: slugOf(r.title), title: r.title, description: r.description, sort_order: index, deleted_at: null };
      c.store.seed(RUBRICS, c.team.id, { ...rubric, build_id: build }, { agentId: c.params.agentId! });
      return rubric;
    });
    return ok({ rubrics: created, platform_rubrics: PLATFORM_RUBRICS } satisfies A.ReplaceEvalRubricsResponse);
  },

  updateEvalRubric: beforeStore(async (c) => {
    const { body } = await checkedRequest(c);
    return body.title === undefined ? {} : { slug: slugOf(body.title) };
  }),

  // ------------------------------------------------------------------ suggestions
  listAgentSuggestions: async (c) => {
    const { query } = await checkedRequest(c);
    const all = suggestionsOf(c, agentOf(c));
    const wanted = query.status === "history" ? all.filter((s) => s.status !== "pending") : all.filter((s) => s.status === "pending");
    return ok({ data: pageOf(c, query, wanted).page, pending_count: all.filter((s) => s.status === "pending").length } satisfies SG.ListAgentSuggestionsResponse);
  },

  consumeAgentSuggestion: async (c) => {
    await checkedRequest(c);
    return ok({ data: resolve(c, suggestionById(c), "consumed") } satisfies SG.ConsumeAgentSuggestionResponse);
  },

  rejectAgentSuggestion: (c) => ok({ data: resolve(c, suggestionById(c), "rejected") } satisfies SG.RejectAgentSuggestionResponse),
};
