/**
 * Queues, their labels and their cases are resources of the store; this module adds the
 * consumers that work the cases, and what the store does not: a queue's delete takes its cases,
 * a label made again is the one there, a case's labels are made as they are named. A consumer is an agent
 * with an enabled case trigger on the queue (agent-automation.ts); it claims pending cases (higher
 * priority first, then oldest), `concurrency` at a time (3 when unset), and each case takes
 * 2 s at speed 1 (scaled by the emulator's speed). Like runs, queues advance lazily: whenever a
 * request touches a queue, every claim and outcome whose time has come is applied, stamped with
 * the time it was due. A case's outcome follows its text: "fail" in its title or data fails it,
 * "input" makes it wait for a human; anything else completes.
 */
import type * as C from "../../api/generated/cases.ts";
import type * as Q from "../../api/generated/queues.ts";
import { iso, parseIsoUs, type EmulatorState } from "../state.ts";
import type { StoredResource } from "../store.ts";
import { CASE_TRIGGERS } from "./agent-automation.ts";
import { SLOTS } from "./agents.ts";
import { QUEUES } from "./queue-names.ts";
import { ApiError, beforeStore, now, checkedBody, checkedQuery, familyAt, ok, pageOf, storedOf } from "../kernel.ts";
import type { Context, Named, Plugins, StoreView } from "../kernel.ts";

const WORK_MS = 2_000;
const DEFAULT_CONCURRENCY = 3;
/** Priorities, lowest first. */
const PRIORITIES = ["none", "medium", "high"];

const LABELS = familyAt("/v2/queues/{queue_id}/labels/{label_id}");
type LabelRecord = { id: string; key: string; value: string; color_hue: number };

interface CaseRun {
  id: string;
  agentId: string;
  agentName: string;
  status: "running" | "completed" | "failed" | "waiting";
  claimedUs: number;
  completedUs: number | null;
}

/**
 * A case in the API's shape (its `labels` are shown from `label_ids`, so a label renamed or
 * deleted shows so), with what the answers do not show: the runs that worked it, when the
 * one working it ends (in_progress only), and the agent it is delegated to.
 */
export type CaseRecord = Omit<Named<C.ListCasesResponse["cases"][number]>, "labels"> & { label_ids: string[]; runs: CaseRun[]; end_us: number | null; delegated_to: string | null };

const CASES = familyAt("/v2/cases/{case_id}");

/** The queue's cases (resources of the store), oldest first. */
const casesOf = (state: EmulatorState, queue: StoredResource) => state.store.resources<CaseRecord>(CASES, queue.teamId, { queue_id: queue.id });

/** The consumers working the queue: each consumer agent's slots, when each is free again (kept on the queue, where answers do not show them). */
const slotsOf = (queue: StoredResource): Map<string, number[]> => (queue.resource.slots ??= new Map());

/** A queue's cases as the emulator keeps them, advanced to now, for assertions. */
export function queueCasesOf(state: EmulatorState, id: string): (CaseRecord & { display: string })[] | undefined {
  const team = state.store.every(QUEUES).find((queue) => queue.id === id)?.team_id;
  if (team === undefined) return undefined;
  const queue = state.store.find(familyAt(QUEUES), team, { queue_id: id });
  advance(state, queue);
  return casesOf(state, queue).map((item) => ({ ...item, display: item.display_status }));
}

/** The team's queue the path names, or a 404, advanced to now. */
function queueParam(c: Context): StoredResource {
  const queue = c.store.find(familyAt(QUEUES), c.team.id, { queue_id: c.params.queue_id! });
  advance(c.state, queue);
  return queue;
}

/** The case the path names (in the queue it names if it names one), or a 404; its queue advanced to now. */
function caseAt(c: Context): { queue: StoredResource; item: CaseRecord } {
  const record = c.store.find(CASES, c.team.id, c.params);
  const queue = c.store.find(familyAt(QUEUES), c.team.id, { queue_id: record.parents.queue_id! });
  advance(c.state, queue);
  return { queue, item: record.resource as CaseRecord };
}

/** The queue's labels (resources of the store). */
function labelsOf(state: EmulatorState, queue: Pick<StoredResource, "id" | "teamId">): LabelRecord[] {
  return state.store.resources<LabelRecord>(LABELS, queue.teamId, { queue_id: queue.id });
}

/** The case's labels in the order they were put on it, of the queue's `labels` (a deleted one is gone). */
const labelsOfCase = (labels: LabelRecord[], item: Pick<CaseRecord, "label_ids">) => item.label_ids.flatMap((id) => labels.filter((label) => label.id === id));

// ------------------------------------------------------------------ consumers

function outcomeOf(item: CaseRecord): "completed" | "failed" | "needs_input" {
  const text = `${item.title}\n${item.data}`.toLowerCase();
  if (text.includes("fail")) return "failed";
  if (text.includes("input")) return "needs_input";
  return "completed";
}

/** The agents' case triggers (resources of the store): an enabled one makes its agent a consumer of the queue. */
const caseTriggers = (state: EmulatorState) => state.store.every(CASE_TRIGGERS);

/** The agents connected to the queue as consumers (a consumer slot of a revision, a case trigger enabled or not), with when they were. */
function consumersOf(state: EmulatorState, queueId: string): Map<string, number> {
  const connected = new Map<string, number>();
  for (const slot of state.store.every(SLOTS)) {
    if (slot.integration_type === "case-queue-consumer" && slot.queue_ids.includes(queueId)) connected.set(slot.agent_id, parseIsoUs(slot.created_at));
  }
  for (const trigger of caseTriggers(state)) if (trigger.case_queue_id === queueId) connected.set(trigger.agent_id, parseIsoUs(trigger.updated_at));
  return connected;
}

/**
 * Applies every claim and outcome due by now. A case delegated to an agent (bulk-reprocess
 * with `agent_id`) is claimed by that agent only, once it is connected to the queue as a
 * consumer, even with its trigger disabled.
 */
function advance(state: EmulatorState, queue: StoredResource): void {
  const now = state.now();
  const work = (WORK_MS * 1000) / state.options.speed;
  const cases = casesOf(state, queue);
  const waiting = () => cases.filter((item) => item.display_status === "pending" && item.claimed_at === null);
  const consumers = caseTriggers(state).filter((trigger) => trigger.enabled && trigger.case_queue_id === queue.id);
  const connected = consumersOf(state, queue.id);
  const delegated = waiting().filter(
    (item) => item.delegated_to !== null && connected.has(item.delegated_to) && !consumers.some((trigger) => trigger.agent_id === item.delegated_to),
  );
  const wanted = [
    ...consumers.map((trigger) => ({ agentId: trigger.agent_id, size: trigger.concurrency ?? DEFAULT_CONCURRENCY, from: parseIsoUs(trigger.updated_at) })),
    ...delegated.map((item) => ({ agentId: item.delegated_to!, size: DEFAULT_CONCURRENCY, from: Math.max(parseIsoUs(item.updated_at), connected.get(item.delegated_to!)!) })),
  ];
  const slots = slotsOf(queue);
  for (const id of slots.keys()) if (!wanted.some((slot) => slot.agentId === id)) slots.delete(id);
  for (const { agentId, size, from } of wanted) if (!slots.has(agentId)) slots.set(agentId, Array(size).fill(from));
  const triggered = new Set(consumers.map((trigger) => trigger.agent_id));
  const mayClaim = (agentId: string, item: CaseRecord) => item.delegated_to === agentId || (item.delegated_to === null && triggered.has(agentId));
  for (;;) {
    finish(cases, now);
    let best: { agentId: string; slot: number; claimAt: number; free: number; mine: CaseRecord[] } | undefined;
    for (const [agentId, frees] of slots) {
      const mine = waiting().filter((item) => mayClaim(agentId, item));
      if (mine.length === 0) continue;
      const first = Math.min(...mine.map((item) => parseIsoUs(item.created_at)));
      frees.forEach((free, slot) => {
        // The earliest claim, by the slot free first.
        const claimAt = Math.max(free, first);
        if (!best || claimAt < best.claimAt || (claimAt === best.claimAt && free < best.free)) best = { agentId, slot, claimAt, free, mine };
      });
    }
    if (!best || best.claimAt > now) return;
    const { claimAt } = best;
    finish(cases, claimAt);
    const ready = best.mine.filter((item) => parseIsoUs(item.created_at) <= claimAt);
    ready.sort((a, b) => PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) || parseIsoUs(a.created_at) - parseIsoUs(b.created_at));
    const [item, agentName] = [ready[0]!, state.agentById(best.agentId)?.name ?? "Agent"];
    const run: CaseRun = { id: crypto.randomUUID(), agentId: best.agentId, agentName, status: "running", claimedUs: claimAt, completedUs: null };
    item.runs.push(run);
    const claimed = { claimed_at: iso(claimAt), claimed_by_run_id: run.id, agent_run_status: run.status, agent_run_user_id: item.created_by_user_id };
    Object.assign(item, { display_status: "in_progress", ...claimed, updated_at: iso(claimAt), end_us: claimAt + work });
    slots.get(best.agentId)![best.slot] = claimAt + work;
  }
}

function finish(cases: CaseRecord[], until: number): void {
  for (const item of cases) {
    if (item.display_status !== "in_progress" || item.end_us === null || item.end_us > until) continue;
    const [outcome, run, at] = [outcomeOf(item), item.runs.at(-1)!, iso(item.end_us)];
    if (outcome === "needs_input") {
      run.status = "waiting";
      item.pending_human_request_id = crypto.randomUUID();
    } else {
      Object.assign(run, { status: outcome, completedUs: item.end_us });
      Object.assign(item, { status: outcome, completed_at: at });
    }
    Object.assign(item, { display_status: outcome, agent_run_status: run.status, updated_at: at, end_us: null });
  }
}

/** What a case claimed no more shows of its last claim. */
const UNCLAIMED = { claimed_at: null, claimed_by_run_id: null, agent_run_status: null, agent_run_user_id: null };

/** A case to be worked again (by the agent it is delegated to, else any consumer): pending, unclaimed, without an outcome. */
const reopened = (now: string, delegated_to: string | null = null) => ({
  status: "pending",
  ...UNCLAIMED,
  display_status: "pending",
  completed_at: null,
  end_us: null,
  pending_human_request_id: null,
  updated_at: now,
  delegated_to,
});

// ------------------------------------------------------------------ views

const labelView = ({ id, key, value, color_hue }: LabelRecord) => ({ id, key, value, color_hue });

/** A case as the answers show it: the API's fields, its labels of its queue's. */
function caseView({ label_ids, runs: _runs, end_us: _end, delegated_to: _to, ...item }: CaseRecord, c: Context) {
  return { ...item, labels: labelsOfCase(labelsOf(c.state, { id: item.queue_id, teamId: c.team.id }), { label_ids }).map(labelView) };
}

// ------------------------------------------------------------------ filters

/** The API's case filters: a search's and a bulk operation's `filters`, a list's query. */
type Filters = NonNullable<C.SearchCasesBody["filters"]>;

/** A claimed case is one being worked. */
const matchesStatus = (item: CaseRecord, status: string) => item.display_status === (status === "claimed" ? "in_progress" : status);

function select(state: EmulatorState, queue: StoredResource, filter: Filters = {}, text?: string): CaseRecord[] {
  const search = text?.toLowerCase();
  const labels = labelsOf(state, queue);
  const createdFromUs = timeParam(filter.created_at_from, "created_at_from");
  const updatedFromUs = timeParam(filter.updated_at_from, "updated_at_from");
  return casesOf(state, queue).filter((item) => {
    if (filter.status?.length && !filter.status.some((status) => matchesStatus(item, status))) return false;
    if (filter.priority?.length && !filter.priority.some((priority) => priority === item.priority)) return false;
    if (createdFromUs !== undefined && parseIsoUs(item.created_at) < createdFromUs) return false;
    if (updatedFromUs !== undefined && parseIsoUs(item.updated_at) < updatedFromUs) return false;
    if (search && !`${item.title}\n${item.data}`.toLowerCase().includes(search)) return false;
    for (const [key, values] of Object.entries(filter.labels ?? {})) {
      if (!labelsOfCase(labels, item).some((label) => label.key === key && values.includes(label.value))) return false;
    }
    return true;
  });
}

function timeParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const us = parseIsoUs(value);
  if (Number.isNaN(us)) throw new ApiError(400, `${name} must be an ISO 8601 date-time`);
  return us;
}

/** A page of the cases, newest first unless `sort_order` is asc, by `created_at` unless `sort_by` is updated_at. */
function listAnswer(c: Context, cases: CaseRecord[], order: { sort_by?: string; sort_order?: string; limit?: number; offset?: number }) {
  const key = order.sort_by === "updated_at" ? "updated_at" : "created_at";
  const { limit = 20, offset = 0 } = order;
  const sorted = [...cases].sort((a, b) => (order.sort_order === "asc" ? 1 : -1) * (parseIsoUs(a[key]) - parseIsoUs(b[key])));
  return { cases: sorted.slice(offset, offset + limit).map((item) => caseView(item, c)), total: cases.length, limit, offset };
}

function targets(state: EmulatorState, queue: StoredResource, body: { case_ids?: string[]; all_matching?: boolean; filters?: Filters; search?: string }): CaseRecord[] {
  if (body.case_ids) {
    const ids = new Set(body.case_ids.map((id) => id.toLowerCase()));
    return casesOf(state, queue).filter((item) => ids.has(item.id));
  }
  if (!body.all_matching) throw new ApiError(400, "Give case_ids or all_matching");
  return select(state, queue, body.filters, body.search);
}

/** A bulk operation's counts: it applies `apply` to each of `cases` that `applies` to, and skips the others. */
function change(cases: CaseRecord[], applies: (item: CaseRecord) => boolean, apply: (item: CaseRecord) => void): { changed: number; skipped: number } {
  const changing = cases.filter(applies);
  changing.forEach(apply);
  return { changed: changing.length, skipped: cases.length - changing.length };
}

/** The ids of the runs working these cases. */
const interrupted = (cases: CaseRecord[]) => cases.filter((item) => item.display_status === "in_progress").map((item) => item.runs.at(-1)!.id);

/** Deletes the cases; the ids of the runs this interrupts. */
function removeCases(state: EmulatorState, doomed: CaseRecord[]): string[] {
  for (const item of doomed) state.store.delete(CASES, item.id);
  return interrupted(doomed);
}

/** The queue's label for `{key, value}` (a missing key is ""): the one there, else a new one, kept unless `keep` is false (its id and colour for the store's create). */
function labelFor(state: EmulatorState, queue: StoredResource, key: string | undefined, value: string, keep = true): LabelRecord {
  const labels = labelsOf(state, queue);
  const found = labels.find((candidate) => candidate.key === (key ?? "") && candidate.value === value);
  if (found) return found;
  const label = { id: crypto.randomUUID(), key: key ?? "", value, color_hue: (labels.length * 47) % 360 };
  if (keep) state.store.seed(LABELS, queue.teamId, { ...label, case_count: 0 }, { queue_id: queue.id });
  return label;
}

/** A label as a list shows it: with the number of the queue's cases that carry it. */
const labelCount: StoreView = (label, c) => {
  const cases = c.store.resources<CaseRecord>(CASES, c.team.id, c.params);
  return { ...label, case_count: cases.filter((item) => item.label_ids.includes(label.id)).length };
};

type NewCase = NonNullable<C.CreateCasesBody["cases"]>[number];

function addCase({ state, team }: Context, queue: StoredResource, input: NewCase): CaseRecord {
  const now = iso(state.now());
  const label_ids = [...new Set((input.labels ?? []).map((label) => labelFor(state, queue, label.key, label.value).id))];
  const item: CaseRecord = {
    ...{ id: crypto.randomUUID(), queue_id: queue.id, title: input.title, data: input.data ?? "", status: "pending", priority: input.priority ?? "none" },
    ...{ display_status: "pending", ...UNCLAIMED, completed_at: null, postponed_to: null, created_at: now, updated_at: now },
    ...{ created_by_user_id: team.user.id, created_by_user_name: team.user.name, created_by_user_email: team.user.email, pending_human_request_id: null },
    ...{ pending_approval_batch_id: null, pending_approval_assignee_user_ids: [], approval_approved_count: 0, approval_rejected_count: 0 },
    ...{ label_ids, runs: [], end_us: null, delegated_to: null },
  };
  state.store.seed(CASES, queue.teamId, item, { queue_id: queue.id });
  return item;
}

export const QUEUE_PLUGINS: Plugins = {
  // A queue's delete takes its cases (interrupting the runs working them).
  deleteQueue: beforeStore((c) => {
    const cases = casesOf(c.state, queueParam(c));
    return { deleted_case_count: cases.length, interrupted_run_ids: removeCases(c.state, cases) } satisfies Partial<Q.DeleteQueueResponse>;
  }),

  listQueueAgents: (c) => {
    const found = queueParam(c);
    const triggers = caseTriggers(c.state);
    const slots = c.store.every(SLOTS).filter((slot) => slot.queue_ids.includes(found.id));
    const onQueue = (id: string) => triggers.find((trigger) => trigger.agent_id === id && trigger.case_queue_id === found.id);
    const producers = new Set<string>(slots.filter((slot) => slot.integration_type === "case-queue-producer").map((slot) => slot.agent_id));
    const consumers = new Set(consumersOf(c.state, found.id).keys());
    const name = (id: string) => c.state.agentById(id)?.name ?? "Agent";
    // An agent's trigger on this queue, else its first one.
    const triggerOf = (id: string) => onQueue(id) ?? triggers.find((trigger) => trigger.agent_id === id);
    const nameOf = (id: string) => c.store.resources(QUEUES, c.team.id).find((queue) => queue.id === id)?.name ?? null;
    return ok({
      queue_name: found.resource.name,
      producers: [...producers].map((id) => ({
        agent_id: id,
        agent_name: name(id),
        case_trigger_enabled: triggerOf(id)?.enabled ?? false,
        case_trigger_queue_name: triggerOf(id) ? nameOf(triggerOf(id)!.case_queue_id) : null,
        problems: consumers.has(id) ? ["producer_consumer_mix" as const] : [],
      })),
      consumers: [...consumers].map((id) => {
        const trigger = onQueue(id);
        const limit = trigger ? (trigger.concurrency ?? DEFAULT_CONCURRENCY) : 0;
        const busy = casesOf(c.state, found).filter((item) => item.display_status === "in_progress" && item.runs.at(-1)?.agentId === id).length;
        return {
          agent_id: id,
          agent_name: name(id),
          case_trigger_enabled: trigger?.enabled ?? false,
          is_handover_target: false,
          problems: producers.has(id) ? ["producer_consumer_mix" as const] : [],
          concurrency_limit: limit,
          at_concurrency_limit: limit > 0 && busy >= limit,
        };
      }),
    } satisfies Q.ListQueueAgentsResponse);
  },

  listCases: async (c) => {
    const found = queueParam(c);
    const query: C.ListCasesQuery = await checkedQuery(c);
    // The query names statuses and priorities comma-separated, which the document leaves unchecked: an unknown one matches no case.
    const list = (value?: string) => value?.split(",").flatMap((item) => item.trim() || []) as any[] | undefined;
    const filters = { status: list(query.status), priority: list(query.priority), created_at_from: query.created_at_from, updated_at_from: query.updated_at_from };
    return ok(listAnswer(c, select(c.state, found, filters, query.search), query) satisfies C.ListCasesResponse);
  },

  searchCases: async (c) => {
    const found = queueParam(c);
    const body = await checkedBody<C.SearchCasesBody>(c);
    return ok(listAnswer(c, select(c.state, found, body.filters, body.search), body) satisfies C.SearchCasesResponse);
  },

  createCases: async (c) => {
    const found = queueParam(c);
    const body = await checkedBody<C.CreateCasesBody>(c);
    if (body.case && body.cases) throw new ApiError(400, "Give either case or cases, not both");
    const inputs = body.cases ?? (body.case ? [body.case] : []);
    if (inputs.length === 0) throw new ApiError(400, "Give case or cases");
    const added = inputs.map((input) => addCase(c, found, input));
    return ok({ added_cases: added.map((item) => caseView(item, c)) } satisfies C.CreateCasesResponse, 201);
  },

  clearQueueCases: (c) => {
    const cases = casesOf(c.state, queueParam(c));
    return ok({ success: true, deletedCount: cases.length, interruptedRunIds: removeCases(c.state, cases) } satisfies C.ClearQueueCasesResponse);
  },

  getCase: (c) => ok({ case: caseView(caseAt(c).item, c), events: [], approvalBatches: [] } satisfies C.GetCaseResponse),

  // The store deletes the case; the answer names the run this interrupts.
  deleteCase: beforeStore((c) => ({ interruptedRunIds: interrupted([caseAt(c).item]) }) satisfies Partial<C.DeleteCaseResponse>),

  listCaseRuns: (c) => {
    const { item } = caseAt(c);
    const user = { user_id: c.team.user.id, user_name: c.team.user.name, user_email: c.team.user.email };
    const runs = item.runs.map(({ id, agentId: agent_id, agentName: agent_name, status, claimedUs, completedUs }) => {
      const waiting = status === "waiting";
      const evaluation = { passed: status === "completed" ? 1 : 0, total: status === "running" ? 0 : 1, status: status === "running" ? "in_progress" : "ready" } as const;
      const times = { created_at: iso(claimedUs), started_at: iso(claimedUs), completed_at: completedUs === null ? null : iso(completedUs), claimed_at: iso(claimedUs) };
      const human = { has_pending_human_request: waiting, pending_human_request_title: waiting ? "Which account should this go to?" : null };
      return { id, case_queue_item_id: item.id, agent_id, agent_name, status, source: "case_queue", ...times, ...human, evaluation, ...user };
    });
    return ok({ runs } satisfies C.ListCaseRunsResponse);
  },

  listCaseRunRecentMessages: async (c) => {
    const { item } = caseAt(c);
    const run = item.runs.find((candidate) => candidate.id === c.params.run_id!);
    if (!run) throw new ApiError(404, `Run ${c.params.run_id!} not found for this case`);
    const { limit = 10 } = await checkedQuery(c);
    const say = (text: string, at: number, role: "user" | "assistant") => ({
      id: crypto.randomUUID(),
      type: "text" as const,
      runtime: "responses" as const,
      timestamp: iso(at),
      raw_message: { session_id: run.id, uuid: crypto.randomUUID() },
      role,
      text_content: text,
    });
    const messages = [say(`Case: ${item.title}`, run.claimedUs, "user"), say(`Working on "${item.title}".`, run.claimedUs + 1, "assistant")];
    if (run.completedUs !== null) messages.push(say(run.status === "failed" ? "I could not finish this case." : "Done.", run.completedUs, "assistant"));
    if (run.status === "waiting") messages.push(say("I need your input to go on.", run.claimedUs + 2, "assistant"));
    return ok({ messages: messages.slice(-limit) } satisfies C.ListCaseRunRecentMessagesResponse);
  },

  bulkDeleteCases: async (c) => {
    const found = queueParam(c);
    const doomed = targets(c.state, found, await checkedBody<C.BulkDeleteCasesBody>(c));
    return ok({ deletedCount: doomed.length, interruptedRunIds: removeCases(c.state, doomed) } satisfies C.BulkDeleteCasesResponse);
  },

  // The cases go back to pending, delegated to `agent_id` when it is given (bulk-delegate and bulk-retry redirect here); a case being worked is skipped.
  bulkReprocessCases: async (c) => {
    const found = queueParam(c);
    const body = await checkedBody<C.BulkReprocessCasesBody>(c);
    const agent = body.agent_id ? c.state.agent(c.team, body.agent_id.toLowerCase()).id : null;
    const reopen = (item: CaseRecord) => Object.assign(item, reopened(now(c), agent));
    const { changed, skipped } = change(targets(c.state, found, body), (item) => item.display_status !== "in_progress", reopen);
    return ok({ reprocessedCount: changed, skippedCount: skipped } satisfies C.BulkReprocessCasesResponse);
  },

  bulkUpdateCaseStatus: async (c) => {
    const found = queueParam(c);
    const body = await checkedBody<C.BulkUpdateCaseStatusBody>(c);
    const interrupted: string[] = [];
    const { changed, skipped } = change(
      targets(c.state, found, body),
      (item) => item.status !== body.status || item.display_status !== body.status,
      (item) => {
        if (item.display_status === "in_progress") interrupted.push(item.runs.at(-1)!.id);
        const [now, status] = [iso(c.state.now()), body.status];
        const ended = { status, display_status: status, end_us: null, pending_human_request_id: null, updated_at: now, completed_at: now };
        Object.assign(item, status === "pending" ? reopened(now) : ended);
      },
    );
    return ok({ updatedCount: changed, skippedCount: skipped, interruptedRunIds: interrupted } satisfies C.BulkUpdateCaseStatusResponse);
  },

  bulkUpdateCasePriority: async (c) => {
    const found = queueParam(c);
    const body = await checkedBody<C.BulkUpdateCasePriorityBody>(c);
    const { changed, skipped } = change(
      targets(c.state, found, body),
      (item) => item.priority !== body.priority,
      (item) => {
        item.priority = body.priority;
        item.updated_at = now(c);
      },
    );
    return ok({ updatedCount: changed, skippedCount: skipped } satisfies C.BulkUpdateCasePriorityResponse);
  },

  listCaseLabels: async (c) => {
    const { item } = caseAt(c);
    return ok({ labels: pageOf(c, await checkedQuery(c), caseView(item, c).labels).page } satisfies C.ListCaseLabelsResponse);
  },

  assignCaseLabels: async (c) => {
    const { queue: found, item } = caseAt(c);
    const body = await checkedBody<C.AssignCaseLabelsBody>(c);
    for (const wanted of body.labels) {
      const label = labelFor(c.state, found, wanted.key, wanted.value);
      if (!item.label_ids.includes(label.id)) item.label_ids.push(label.id);
    }
    item.updated_at = now(c);
    return ok({ labels: caseView(item, c).labels } satisfies C.AssignCaseLabelsResponse);
  },

  unlinkCaseLabels: async (c) => {
    const { item } = caseAt(c);
    const body = await checkedBody<C.UnlinkCaseLabelsBody>(c);
    const ids = new Set(body.label_ids.map((id) => id.toLowerCase()));
    item.label_ids = item.label_ids.filter((id) => !ids.has(id));
    item.updated_at = now(c);
    return ok({ success: true } satisfies C.UnlinkCaseLabelsResponse);
  },

  // Labels are the store's: one made again is the one there; a deleted one leaves its cases.
  listQueueLabels: beforeStore(() => {}, labelCount),

  createQueueLabel: beforeStore(async (c) => {
    const body = await checkedBody<C.CreateQueueLabelBody>(c);
    const label = labelFor(c.state, queueParam(c), body.key, body.value, false);
    return { ...label, color_hue: body.color_hue ?? label.color_hue };
  }, labelCount),

  updateQueueLabel: beforeStore(async (c) => {
    const label = storedOf(c);
    const body = await checkedBody<C.UpdateQueueLabelBody>(c);
    const key = body.key ?? label.key;
    if (labelsOf(c.state, queueParam(c)).some((other) => other.id !== label.id && other.key === key && other.value === body.value)) {
      throw new ApiError(409, "A label with this key and value already exists");
    }
  }),

  deleteQueueLabel: beforeStore((c) => {
    const label = storedOf(c);
    for (const item of casesOf(c.state, queueParam(c))) item.label_ids = item.label_ids.filter((id) => id !== label.id);
  }),
};
