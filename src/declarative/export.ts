/**
 * A team as a manifest: what `duvo export` writes. Lists sorted by name (schedules in the
 * order they were made), empty lists and unset fields left out, every reference a name,
 * every secret value an `${env:NAME}` reference: the same team always gives the same file.
 */
import type { Live, LiveAgentDetail } from "./live.ts";
import { type AgentSpec, labelName, type ScheduleSpec, type Manifest, MANIFEST_VERSION, loginName } from "./manifest.ts";
import { normalConfig } from "./model.ts";

const byName = <T>(list: T[], name: (item: T) => string) => [...list].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));

/** `LOGIN_PORTAL_EXAMPLE_COM_DEMO_EXAMPLE_COM_PASSWORD`: the variable an exported login's password is read from. */
export function loginVariable(login: { domain: string; username: string | null }, what: "PASSWORD" | "OTP_SECRET"): string {
  const slug = `${login.domain}${login.username ? `_${login.username}` : ""}`
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  return `LOGIN_${slug}_${what}`;
}

/** Put a key in only when its value says something. */
function some<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && item !== null && !(Array.isArray(item) && item.length === 0))) as T;
}

export interface Exported {
  manifest: Manifest;
  /** What could not be written (an agent without a live revision, a reference to something gone). */
  warnings: string[];
}

export function toManifest(live: Live, agentIds: string[]): Exported {
  const warnings: string[] = [];
  const nameOf = (list: { id: string; name: string }[], id: string | null, what: string, where: string): string | undefined => {
    if (id === null) return undefined;
    const found = list.find((item) => item.id === id)?.name;
    if (found === undefined) warnings.push(`${where}: ${what} ${id} is not in the team; left out`);
    return found;
  };
  const loginsNamed = live.logins.map((l) => ({ id: l.id, name: loginName(l) }));

  const agents: AgentSpec[] = [];
  for (const agent of byName(
    live.agents.filter((a) => agentIds.includes(a.id)),
    (a) => a.name,
  )) {
    const detail = live.details.get(agent.id) as LiveAgentDetail;
    const where = `agent "${agent.name}"`;
    if (!detail.live?.config) {
      warnings.push(`${where} has no live revision; left out`);
      continue;
    }
    const names = (list: { id: string; name: string }[], ids: string[], what: string) =>
      ids
        .map((id) => nameOf(list, id, what, where))
        .filter((n): n is string => n !== undefined)
        .sort();
    agents.push(
      some({
        name: agent.name,
        folder: nameOf(live.folders, agent.folderId, "folder", where),
        config: normalConfig(detail.live.config)!,
        integrations: byName(detail.contents.slots, (s) => s.type).map((slot) =>
          some({ type: slot.type, connections: names(live.connections, slot.connections, "connection"), queues: names(live.queues, slot.queues, "queue") }),
        ),
        secrets: names(live.secrets, detail.contents.secrets, "secret"),
        logins: names(loginsNamed, detail.contents.logins, "login"),
        rubrics: detail.contents.rubrics,
        schedules: detail.schedules.map((s) =>
          some({
            enabled: s.enabled,
            frequency: s.frequency as ScheduleSpec["frequency"],
            time: s.time ?? undefined,
            timezone: s.timezone,
            day: (s.day ?? undefined) as ScheduleSpec["day"],
            day_of_month: s.day_of_month ?? undefined,
            cron: s.cron ?? undefined,
          }),
        ),
        case_triggers: byName(
          detail.caseTriggers.flatMap((t) => {
            const queue = nameOf(live.queues, t.queueId, "queue", where);
            return queue === undefined ? [] : [some({ queue, enabled: t.enabled, concurrency: (t.concurrency ?? undefined) as 1 | undefined })];
          }),
          (t) => t.queue,
        ),
        event_triggers: byName(
          detail.eventTriggers.map((t) => some({ integration: t.integration, type: t.type, enabled: t.enabled, filter: Object.keys(t.filter).length ? t.filter : undefined })),
          (t) => `${t.integration}/${t.type}`,
        ),
      }),
    );
  }

  const manifest: Manifest = some({
    version: MANIFEST_VERSION as 1,
    folders: byName(live.folders, (f) => f.name).map((f) => some({ name: f.name, parent: nameOf(live.folders, f.parentId, "folder", `folder "${f.name}"`) })),
    queues: byName(live.queues, (q) => q.name).map((q) =>
      some({
        name: q.name,
        description: q.description ?? undefined,
        labels: byName(q.labels, (l) => labelName(l)).map((l) => some({ key: l.key || undefined, value: l.value, color_hue: l.color_hue })),
      }),
    ),
    secrets: byName(live.secrets, (s) => s.name).map((s) =>
      some({ name: s.name, service: s.service ?? undefined, shared: s.shared, variables: Object.fromEntries([...s.keys].sort().map((key) => [key, `\${env:${key}}`])) }),
    ),
    logins: byName(live.logins, (l) => loginName(l)).map((l) =>
      some({
        domain: l.domain,
        username: l.username ?? undefined,
        shared: l.shared,
        password: l.hasPassword ? `\${env:${loginVariable(l, "PASSWORD")}}` : undefined,
        otp_secret: l.hasOtp ? `\${env:${loginVariable(l, "OTP_SECRET")}}` : undefined,
      }),
    ),
    agents,
  });
  return { manifest, warnings };
}
