/**
 * What a team has now, read with GETs only: the team-wide lists (one paged read each) and,
 * for the agents asked about, their live revision and what it carries, their schedules and
 * triggers. Reads run a few at a time (`pool`); the client keeps within the rate limit.
 */
import type { Call } from "../api/call.ts";
import { CliError } from "../errors.ts";
import { loginName } from "./manifest.ts";

/** How many reads are in flight at once. */
export const READ_CONCURRENCY = 8;

export interface LiveSlot {
  id: string;
  integrationId: string;
  type: string;
  connections: string[];
  queues: string[];
}

/** What a revision carries, by id. */
export interface RevisionContents {
  slots: LiveSlot[];
  secrets: string[];
  logins: string[];
  rubrics: { title: string; description: string }[];
}

export interface LiveBuild {
  id: string;
  revisionNumber: number;
  status: string;
  config: Record<string, unknown> | null;
}

export interface LiveAgentDetail {
  live: LiveBuild | null;
  /** Drafts newer than the live revision (an interrupted apply leaves one). */
  drafts: LiveBuild[];
  contents: RevisionContents;
  schedules: { id: string; enabled: boolean; frequency: string; time: string | null; timezone: string; day: string | null; day_of_month: number | null; cron: string | null }[];
  caseTriggers: { id: string; queueId: string; enabled: boolean; concurrency: number | null }[];
  eventTriggers: { id: string; integration: string; type: string; enabled: boolean; filter: Record<string, unknown> }[];
}

export interface Live {
  teamId: string;
  userId: string;
  /** Catalog integrations: type → id. */
  catalog: Map<string, string>;
  folders: { id: string; name: string; parentId: string | null }[];
  queues: { id: string; name: string; description: string | null; labels: { id: string; key: string; value: string; color_hue: number }[] }[];
  secrets: { id: string; name: string; service: string | null; shared: boolean; keys: string[] }[];
  logins: { id: string; domain: string; username: string | null; shared: boolean; hasPassword: boolean; hasOtp: boolean }[];
  connections: { id: string; name: string }[];
  agents: { id: string; name: string; folderId: string | null }[];
  details: Map<string, LiveAgentDetail>;
}

/** Runs `work` over `items`, `limit` at a time, answers in the items' order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every page of a list read with limit/offset until `total` is reached. */
async function allPages<T>(read: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const page = await read(all.length);
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.total) return all;
  }
}

/** The team-wide lists: folders, queues with labels, secrets, logins, connections, agents, the catalog. */
export async function readTeam(call: Call, teamId: string): Promise<Live> {
  const [profile, agents, folders, queues, secrets, connections, catalog] = await Promise.all([
    call("getProfile"),
    allPages((offset) => call("listAgents", { query: { limit: 100, offset } }).then((a) => ({ items: a.agents, total: a.total }))),
    call("listAgentFolders"),
    allPages((offset) => call("listQueues", { query: { limit: 250, offset } }).then((a) => ({ items: a.queues, total: a.total }))),
    call("listSecrets"),
    allPages((offset) => call("listConnections", { query: { limit: 100, offset } }).then((a) => ({ items: a.integrations, total: a.total }))),
    allPages((offset) => call("listIntegrations", { query: { limit: 100, offset } }).then((a) => ({ items: a.integrations, total: a.total }))),
  ]);
  const userId = profile.profile.id;
  const [logins, labels] = await Promise.all([
    call("listCredentials", { path: { userId } }),
    pool(queues, READ_CONCURRENCY, (queue) => call("listQueueLabels", { path: { queue_id: queue.id }, query: { limit: 1000 } })),
  ]);
  const catalogByType = new Map<string, string>();
  for (const entry of catalog) if (!catalogByType.has(entry.type)) catalogByType.set(entry.type, entry.id);
  return {
    teamId,
    userId,
    catalog: catalogByType,
    folders: folders.folders.map((f) => ({ id: f.id, name: f.name, parentId: f.parent_folder_id ?? null })),
    queues: queues.map((q, index) => ({
      id: q.id,
      name: q.name,
      description: q.description,
      labels: labels[index]!.labels.map((l) => ({ id: l.id, key: l.key, value: l.value, color_hue: l.color_hue })),
    })),
    secrets: secrets.map((s) => ({ id: s.id, name: s.name, service: s.service_slug ?? null, shared: s.user_id === null, keys: [...s.env_var_keys] })),
    logins: logins.map((l) => ({ id: l.id, domain: l.domain, username: l.username, shared: l.user_id === null, hasPassword: l.hasPassword, hasOtp: l.hasEnabledTOTP })),
    connections: connections.map((c) => ({ id: c.id, name: c.name })),
    agents: agents.map((a) => ({ id: a.id, name: a.name, folderId: a.folder_id ?? null })),
    details: new Map(),
  };
}

/** What one revision carries: its integration slots (with pins and queues), secrets, logins and rubrics. */
export async function readRevision(call: Call, agentId: string, buildId: string): Promise<RevisionContents> {
  const path = { agent_id: agentId, build_id: buildId };
  const [integrations, secrets, logins, rubrics] = await Promise.all([
    call("listRevisionIntegrations", { path }),
    call("listRevisionSecrets", { path: { agentId, buildId } }),
    call("listRevisionLogins", { path: { agentId, buildId } }),
    call("getEvalRubrics", { path: { agentId }, query: { build_id: buildId } }),
  ]);
  const slots = await Promise.all(
    integrations.integrations.map(async (slot): Promise<LiveSlot> => {
      const at = { ...path, integration_id: slot.id };
      const [pins, queues] = await Promise.all([
        call("listRevisionIntegrationConnections", { path: at }),
        slot.integration_type.startsWith("case-queue-") ? call("listRevisionIntegrationQueues", { path: at }) : undefined,
      ]);
      return {
        id: slot.id,
        integrationId: slot.integration_id ?? "",
        type: slot.integration_type,
        connections: pins.connections.map((p) => p.connection_id),
        queues: queues?.queues.map((q) => q.id) ?? [],
      };
    }),
  );
  return {
    slots,
    secrets: secrets.map((s) => s.id),
    logins: logins.map((l) => l.id),
    rubrics: [...rubrics.rubrics].sort((a, b) => a.sort_order - b.sort_order).map((r) => ({ title: r.title, description: r.description })),
  };
}

const EMPTY: RevisionContents = { slots: [], secrets: [], logins: [], rubrics: [] };

/** One agent in detail: its revisions, what the live one carries, its schedules and triggers. */
export async function readAgent(call: Call, agentId: string): Promise<LiveAgentDetail> {
  const [revisions, schedules, caseTriggers, eventTriggers] = await Promise.all([
    call("listAgentRevisions", { path: { agent_id: agentId } }),
    call("listAgentSchedules", { path: { agent_id: agentId } }),
    call("listAgentCaseTriggers", { path: { agent_id: agentId } }),
    call("listAgentTriggers", { path: { agentId } }),
  ]);
  const builds: LiveBuild[] = revisions.builds.map((b) => ({
    id: b.id,
    revisionNumber: b.revision_number ?? 0,
    status: b.status ?? "",
    config: (b.config as Record<string, unknown> | null) ?? null,
  }));
  const live = builds.find((b) => b.status === "live") ?? null;
  const drafts = builds.filter((b) => b.status === "draft" && b.revisionNumber > (live?.revisionNumber ?? 0)).sort((a, b) => a.revisionNumber - b.revisionNumber);
  return {
    live,
    drafts,
    contents: live ? await readRevision(call, agentId, live.id) : EMPTY,
    schedules: [...schedules.schedules]
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
      .map((s) => ({
        id: s.id,
        enabled: s.enabled,
        frequency: s.frequency,
        time: s.time ?? null,
        timezone: s.timezone,
        day: s.day ?? null,
        day_of_month: s.day_of_month ?? null,
        cron: s.cron ?? null,
      })),
    caseTriggers: caseTriggers.case_triggers.map((t) => ({ id: t.id, queueId: t.case_queue_id, enabled: t.enabled, concurrency: t.concurrency })),
    eventTriggers: eventTriggers.triggers.map((t) => ({
      id: t.id,
      integration: t.integration_slug,
      type: t.trigger_type,
      enabled: t.enabled,
      filter: (t.filter_config ?? {}) as Record<string, unknown>,
    })),
  };
}

/** Reads the agents of these ids in detail into `live.details`. */
export async function readAgents(call: Call, live: Live, agentIds: string[]): Promise<void> {
  const details = await pool(agentIds, READ_CONCURRENCY, (id) => readAgent(call, id));
  for (const [index, id] of agentIds.entries()) live.details.set(id, details[index]!);
}

/** A live name held by two resources of one kind: an error listing them (names are identities; duvo never guesses). */
export function checkLiveUnique(live: Live, matters: (kind: string, name: string) => boolean = () => true): void {
  const kinds: [string, { id: string; name: string }[]][] = [
    ["agent", live.agents],
    ["folder", live.folders],
    ["queue", live.queues],
    ["secret", live.secrets],
    ["login", live.logins.map((l) => ({ id: l.id, name: loginName(l) }))],
    ["connection", live.connections],
  ];
  const problems: string[] = [];
  for (const [kind, list] of kinds) {
    const byName = new Map<string, string[]>();
    for (const item of list) byName.set(item.name, [...(byName.get(item.name) ?? []), item.id]);
    for (const [name, ids] of byName) if (ids.length > 1 && matters(kind, name)) problems.push(`${ids.length} ${kind}s named "${name}": ${ids.join(", ")}`);
  }
  if (problems.length > 0) {
    throw new CliError(`the team has resources with the same name, so a name cannot pick one: ${problems.join("; ")}`, 1, "Rename or delete all but one of them, then try again.");
  }
}
