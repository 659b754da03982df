/**
 * The plan: what `apply` would do to make the team match the file, resource by resource,
 * with the fields that differ. Each change carries the work that makes it (`run`), sent in
 * the plan's order (what others refer to first, removals last), ids looked up by name when
 * the change runs so a resource made earlier in the same apply is found.
 *
 * Revisions: an agent's config, integrations (with pinned connections and queues), secrets,
 * logins and rubrics are one revision. A different config makes a new revision (or finishes
 * the draft an interrupted apply left, if its config is the file's), which gets everything
 * and is then promoted; the same config with other contents changes the live revision in
 * place. Within a named agent those lists are exact; schedules, triggers, labels and whole
 * resources the file does not name are removed only with --prune.
 */
import type { Call } from "../api/call.ts";
import { CliError, UsageError } from "../errors.ts";
import { type Live, type LiveAgentDetail, type RevisionContents, readRevision } from "./live.ts";
import { type AgentSpec, labelName, type LoginSpec, type Manifest, loginName, resolveEnv, type ScheduleSpec } from "./manifest.ts";
import { canonical, created, diff, type FieldChange, fingerprint, normalConfig, same } from "./model.ts";

export const PLAN_FORMAT = "duvo-plan/1";

export type Kind = "folder" | "queue" | "label" | "secret" | "login" | "agent" | "schedule" | "case_trigger" | "event_trigger";

export interface Change {
  action: "create" | "change" | "remove";
  kind: Kind;
  /** The resource's name (a schedule's: its timing; a label's: `key: value`). */
  name: string;
  /** The agent or queue it belongs to, for schedules, triggers and labels. */
  parent?: string;
  fields: FieldChange[];
  /** A sentence about how it is done, when that is not obvious (a draft finished, a revision made). */
  note?: string;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  team: string;
  prune: boolean;
  /** SHA-256 of everything read from the team: apply of a saved plan refuses when it differs. */
  fingerprint: string;
  summary: { create: number; change: number; remove: number };
  changes: Change[];
  /** The file the plan was made from (no secret values: only `${env:NAME}`). */
  manifest: Manifest;
}

/** What a change's work reaches: the API, names to ids (filled as resources are made), the environment. */
export interface ApplyContext {
  call: Call;
  live: Live;
  env: Record<string, string | undefined>;
  ids: Record<"folder" | "queue" | "secret" | "login" | "connection" | "agent", Map<string, string>>;
}

export interface Step {
  change: Change;
  run(ctx: ApplyContext): Promise<void>;
}

/** A schedule's name in a plan: its timing. */
export function scheduleName(s: { frequency: string; time?: string | null; day?: string | null; day_of_month?: number | null; cron?: string | null; timezone: string }): string {
  return [s.frequency, s.day, s.day_of_month ? `day ${s.day_of_month}` : null, s.time, s.cron, s.timezone].filter((x) => x !== null && x !== undefined).join(" ");
}

const REVISION_NAME = "duvo apply";

/** Removals in a fixed order: by name. */
const sortByName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Name → id maps of what the team has now. */
export function liveIds(live: Live): ApplyContext["ids"] {
  const map = (list: { id: string; name: string }[]) => new Map(list.map((item) => [item.name, item.id]));
  return {
    folder: map(live.folders),
    queue: map(live.queues),
    secret: map(live.secrets),
    login: map(live.logins.map((l) => ({ id: l.id, name: loginName(l) }))),
    connection: map(live.connections),
    agent: map(live.agents),
  };
}

function idOf(ctx: ApplyContext, kind: keyof ApplyContext["ids"], name: string): string {
  const id = ctx.ids[kind].get(name);
  if (!id) throw new CliError(`no ${kind} named "${name}" in the team`);
  return id;
}

/** The revision contents of a spec, by name, in a form that compares. */
function desiredContents(agent: AgentSpec) {
  return {
    integrations: Object.fromEntries(
      (agent.integrations ?? []).map((i) => [i.type, { connections: [...(i.connections ?? [])].sort(), queues: [...(i.queues ?? [])].sort() }]),
    ) as Record<string, { connections: string[]; queues: string[] }>,
    secrets: [...(agent.secrets ?? [])].sort(),
    logins: [...(agent.logins ?? [])].sort(),
    rubrics: agent.rubrics ?? [],
  };
}

/** What a live revision carries, by name, in the same form. */
function liveContents(live: Live, contents: RevisionContents): ReturnType<typeof desiredContents> {
  const nameIn = (list: { id: string; name: string }[]) => (id: string) => list.find((item) => item.id === id)?.name ?? id;
  const logins = live.logins.map((l) => ({ id: l.id, name: loginName(l) }));
  return {
    integrations: Object.fromEntries(
      contents.slots.map((s) => [s.type, { connections: s.connections.map(nameIn(live.connections)).sort(), queues: s.queues.map(nameIn(live.queues)).sort() }]),
    ),
    secrets: contents.secrets.map(nameIn(live.secrets)).sort(),
    logins: contents.logins.map(nameIn(logins)).sort(),
    rubrics: contents.rubrics,
  };
}

/** Makes a revision carry exactly what the spec names: attach, remove, pin, unpin, link queues, rubrics. */
async function syncRevision(ctx: ApplyContext, agentId: string, buildId: string, current: RevisionContents, agent: AgentSpec): Promise<void> {
  const { call } = ctx;
  const path = { agent_id: agentId, build_id: buildId };
  const wanted = agent.integrations ?? [];
  let slots = current.slots;
  const missing = wanted.filter((i) => !slots.some((s) => s.type === i.type));
  if (missing.length > 0) {
    const integration_ids = missing.map((i) => ctx.live.catalog.get(i.type)!);
    await call("attachRevisionIntegrations", { path, body: { integration_ids } });
    const attached = (await call("listRevisionIntegrations", { path })).integrations;
    slots = [
      ...slots,
      ...attached
        .filter((a) => !slots.some((s) => s.id === a.id))
        .map((a) => ({ id: a.id, integrationId: a.integration_id ?? "", type: a.integration_type, connections: [], queues: [] })),
    ];
  }
  for (const slot of slots.filter((s) => !wanted.some((i) => i.type === s.type))) {
    await call("removeRevisionIntegration", { path: { ...path, integration_id: slot.id } });
  }
  for (const spec of wanted) {
    const slot = slots.find((s) => s.type === spec.type)!;
    const at = { ...path, integration_id: slot.id };
    const pins = (spec.connections ?? []).map((name) => idOf(ctx, "connection", name));
    for (const id of pins.filter((id) => !slot.connections.includes(id))) await call("pinRevisionIntegrationConnection", { path: at, body: { connection_id: id } });
    for (const id of slot.connections.filter((id) => !pins.includes(id))) await call("unpinRevisionIntegrationConnection", { path: { ...at, connection_id: id } });
    const queues = (spec.queues ?? []).map((name) => idOf(ctx, "queue", name));
    if (spec.type.startsWith("case-queue-") && !same([...queues].sort(), [...slot.queues].sort())) {
      await call("replaceRevisionIntegrationQueues", { path: at, body: { queue_ids: queues } });
    }
  }
  const secrets = (agent.secrets ?? []).map((name) => idOf(ctx, "secret", name));
  const ids = { agentId, buildId };
  for (const id of secrets.filter((id) => !current.secrets.includes(id))) await call("attachRevisionSecret", { path: ids, body: { credentialId: id } });
  for (const id of current.secrets.filter((id) => !secrets.includes(id))) await call("detachRevisionSecret", { path: { ...ids, credentialId: id } });
  const logins = (agent.logins ?? []).map((name) => idOf(ctx, "login", name));
  for (const id of logins.filter((id) => !current.logins.includes(id))) await call("attachRevisionLogin", { path: ids, body: { exposedCredentialId: id } });
  for (const id of current.logins.filter((id) => !logins.includes(id))) await call("detachRevisionLogin", { path: { ...ids, exposedCredentialId: id } });
  const rubrics = agent.rubrics ?? [];
  if (!same(rubrics, current.rubrics)) await call("replaceEvalRubrics", { path: { agentId }, body: { rubrics, build_id: buildId } });
}

const EMPTY: RevisionContents = { slots: [], secrets: [], logins: [], rubrics: [] };

/** The schedule fields the API takes, from a spec (unset ones null, so a change clears them). */
function scheduleBody(s: ScheduleSpec) {
  return { enabled: s.enabled, frequency: s.frequency, time: s.time ?? null, timezone: s.timezone, day: s.day ?? null, day_of_month: s.day_of_month ?? null, cron: s.cron ?? null };
}

type LiveSchedule = LiveAgentDetail["schedules"][number];
const scheduleOf = (s: LiveSchedule) => ({
  enabled: s.enabled,
  frequency: s.frequency,
  time: s.time,
  timezone: s.timezone,
  day: s.day,
  day_of_month: s.day_of_month,
  cron: s.cron,
});

/**
 * Pairs the file's schedules with the agent's: same timing first, then the rest in order
 * (a changed time is the same schedule changed in place); what is left is made or removed.
 */
function pairSchedules(wanted: ScheduleSpec[], live: LiveSchedule[]) {
  const timing = (s: Record<string, unknown>) => JSON.stringify(canonical({ ...s, enabled: undefined }));
  const free = [...live];
  const pairs: [ScheduleSpec, LiveSchedule | undefined][] = wanted.map((w) => {
    const at = free.findIndex((l) => timing(scheduleOf(l)) === timing(scheduleBody(w)));
    return [w, at === -1 ? undefined : free.splice(at, 1)[0]];
  });
  for (const pair of pairs) if (!pair[1] && free.length > 0) pair[1] = free.shift();
  return { pairs, extra: free };
}

/** Checks every name the file refers to exists in the file or the team (exit 1 naming the field). */
function checkReferences(manifest: Manifest, live: Live): void {
  const known = (kind: string, inFile: string[], inTeam: string[]) => (name: string, field: string) => {
    if (!inFile.includes(name) && !inTeam.includes(name)) throw new CliError(`${field}: no ${kind} "${name}" in the file or the team`);
  };
  const folder = known(
    "folder",
    (manifest.folders ?? []).map((f) => f.name),
    live.folders.map((f) => f.name),
  );
  const queue = known(
    "queue",
    (manifest.queues ?? []).map((q) => q.name),
    live.queues.map((q) => q.name),
  );
  const secret = known(
    "secret",
    (manifest.secrets ?? []).map((s) => s.name),
    live.secrets.map((s) => s.name),
  );
  const login = known("login", (manifest.logins ?? []).map(loginName), live.logins.map(loginName));
  const connection = known(
    "connection",
    [],
    live.connections.map((c) => c.name),
  );
  for (const [i, f] of (manifest.folders ?? []).entries()) if (f.parent) folder(f.parent, `folders[${i}].parent`);
  for (const [i, agent] of (manifest.agents ?? []).entries()) {
    const at = `agents[${i}]`;
    if (agent.folder) folder(agent.folder, `${at}.folder`);
    for (const [j, integration] of (agent.integrations ?? []).entries()) {
      if (!live.catalog.has(integration.type)) throw new CliError(`${at}.integrations[${j}].type: no integration "${integration.type}" in the team's catalog`);
      for (const [k, c] of (integration.connections ?? []).entries()) connection(c, `${at}.integrations[${j}].connections[${k}]`);
      for (const [k, q] of (integration.queues ?? []).entries()) queue(q, `${at}.integrations[${j}].queues[${k}]`);
    }
    for (const [j, s] of (agent.secrets ?? []).entries()) secret(s, `${at}.secrets[${j}]`);
    for (const [j, l] of (agent.logins ?? []).entries()) login(l, `${at}.logins[${j}]`);
    for (const [j, t] of (agent.case_triggers ?? []).entries()) queue(t.queue, `${at}.case_triggers[${j}].queue`);
  }
}

/** The folders of the file, each after its parent. */
function parentsFirst(folders: NonNullable<Manifest["folders"]>) {
  const done: typeof folders = [];
  const visit = (folder: (typeof folders)[number], trail: string[]) => {
    if (done.includes(folder)) return;
    if (trail.includes(folder.name)) throw new UsageError(`folders: "${folder.name}" is inside itself (${[...trail, folder.name].join(" → ")})`);
    const parent = folders.find((f) => f.name === folder.parent);
    if (parent) visit(parent, [...trail, folder.name]);
    done.push(folder);
  };
  for (const folder of folders) visit(folder, []);
  return done;
}

/** The steps that make the team match the file, in the order they are sent. */
export function planSteps(manifest: Manifest, live: Live, prune: boolean): Step[] {
  checkReferences(manifest, live);
  const steps: Step[] = [];
  const removals: Step[] = [];
  const add = (change: Change, run: Step["run"]) => steps.push({ change, run });
  const remove = (change: Omit<Change, "action" | "fields">, run: Step["run"]) => removals.push({ change: { action: "remove", fields: [], ...change }, run });

  // Folders, parents first.
  const wantedFolders = parentsFirst(manifest.folders ?? []);
  for (const folder of wantedFolders) {
    const current = live.folders.find((f) => f.name === folder.name);
    if (!current) {
      add({ action: "create", kind: "folder", name: folder.name, fields: created({ parent: folder.parent }) }, async (ctx) => {
        const parent_folder_id = folder.parent ? idOf(ctx, "folder", folder.parent) : null;
        const made = await ctx.call("createAgentFolder", { body: { name: folder.name, parent_folder_id } });
        ctx.ids.folder.set(folder.name, made.folder.id);
      });
      continue;
    }
    const parentNow = live.folders.find((f) => f.id === current.parentId)?.name;
    if ((folder.parent ?? null) !== (parentNow ?? null)) {
      add({ action: "change", kind: "folder", name: folder.name, fields: diff({ parent: parentNow }, { parent: folder.parent }, "") }, async (ctx) => {
        await ctx.call("updateAgentFolder", { path: { folder_id: current.id }, body: { parent_folder_id: folder.parent ? idOf(ctx, "folder", folder.parent) : null } });
      });
    }
  }

  // Queues and their labels.
  for (const queue of manifest.queues ?? []) {
    const current = live.queues.find((q) => q.name === queue.name);
    if (!current) {
      add({ action: "create", kind: "queue", name: queue.name, fields: created({ description: queue.description }) }, async (ctx) => {
        const made = await ctx.call("createQueue", { body: { name: queue.name, description: queue.description ?? null } });
        ctx.ids.queue.set(queue.name, made.queue.id);
      });
    } else if ((queue.description ?? null) !== current.description) {
      add(
        { action: "change", kind: "queue", name: queue.name, fields: diff({ description: current.description ?? undefined }, { description: queue.description }, "") },
        async (ctx) => {
          await ctx.call("updateQueue", { path: { queue_id: current.id }, body: { description: queue.description ?? null } });
        },
      );
    }
    for (const label of queue.labels ?? []) {
      const now = current?.labels.find((l) => l.key === (label.key ?? "") && l.value === label.value);
      const name = labelName(label);
      if (!now) {
        add({ action: "create", kind: "label", name, parent: queue.name, fields: created({ color_hue: label.color_hue }) }, async (ctx) => {
          await ctx.call("createQueueLabel", { path: { queue_id: idOf(ctx, "queue", queue.name) }, body: { key: label.key, value: label.value, color_hue: label.color_hue } });
        });
      } else if (label.color_hue !== undefined && label.color_hue !== now.color_hue) {
        add({ action: "change", kind: "label", name, parent: queue.name, fields: diff({ color_hue: now.color_hue }, { color_hue: label.color_hue }, "") }, async (ctx) => {
          await ctx.call("updateQueueLabel", { path: { queue_id: current!.id, label_id: now.id }, body: { key: now.key, value: now.value, color_hue: label.color_hue } });
        });
      }
    }
    if (prune && current) {
      for (const label of current.labels.filter((l) => !(queue.labels ?? []).some((w) => (w.key ?? "") === l.key && w.value === l.value))) {
        remove({ kind: "label", name: labelName(label), parent: queue.name }, async (ctx) => {
          await ctx.call("deleteQueueLabel", { path: { queue_id: current.id, label_id: label.id } });
        });
      }
    }
  }

  // Secrets: variables by name (values cannot be read back, so they are compared by name only).
  for (const secret of manifest.secrets ?? []) {
    const current = live.secrets.find((s) => s.name === secret.name);
    const values = (ctx: ApplyContext) =>
      Object.fromEntries(Object.entries(secret.variables).map(([key, ref]) => [key, resolveEnv(ref, ctx.env, `secrets "${secret.name}" variables.${key}`)]));
    const wanted = { service: secret.service, shared: secret.shared, variables: Object.keys(secret.variables).sort() };
    if (!current) {
      add({ action: "create", kind: "secret", name: secret.name, fields: created(wanted) }, async (ctx) => {
        const made = await ctx.call("createSecret", { body: { name: secret.name, service_slug: secret.service ?? null, shared: secret.shared, values: values(ctx) } });
        ctx.ids.secret.set(secret.name, made.id);
      });
      continue;
    }
    const fields = diff({ service: current.service ?? undefined, shared: current.shared, variables: [...current.keys].sort() }, wanted, "");
    if (fields.length > 0) {
      add({ action: "change", kind: "secret", name: secret.name, fields }, async (ctx) => {
        const keysDiffer = fields.some((f) => f.field === "variables");
        await ctx.call("updateSecret", {
          path: { id: current.id },
          body: { service_slug: secret.service ?? null, shared: secret.shared, ...(keysDiffer ? { values: values(ctx) } : {}) },
        });
      });
    }
  }

  // Browser logins: the password and one-time-code secret from the environment, compared by whether they are set.
  for (const login of manifest.logins ?? []) {
    const name = loginName(login);
    const current = live.logins.find((l) => loginName(l) === name);
    const wanted = { shared: login.shared, password: login.password ? "(set)" : undefined, otp_secret: login.otp_secret ? "(set)" : undefined };
    const secretsOf = (ctx: ApplyContext, spec: LoginSpec) => ({
      password: spec.password ? resolveEnv(spec.password, ctx.env, `logins "${name}" password`) : null,
      otp_secret: spec.otp_secret ? resolveEnv(spec.otp_secret, ctx.env, `logins "${name}" otp_secret`) : null,
    });
    if (!current) {
      add({ action: "create", kind: "login", name, fields: created(wanted) }, async (ctx) => {
        const made = await ctx.call("createCredential", {
          path: { userId: ctx.live.userId },
          body: { domain: login.domain, username: login.username ?? null, shared: login.shared, ...secretsOf(ctx, login) },
        });
        ctx.ids.login.set(name, made.id);
      });
      continue;
    }
    const fields = diff({ shared: current.shared, password: current.hasPassword ? "(set)" : undefined, otp_secret: current.hasOtp ? "(set)" : undefined }, wanted, "");
    if (fields.length > 0) {
      add({ action: "change", kind: "login", name, fields }, async (ctx) => {
        await ctx.call("updateCredential", { path: { userId: ctx.live.userId, id: current.id }, body: { shared: login.shared, ...secretsOf(ctx, login) } });
      });
    }
  }

  // Agents: their revision, folder, and then what makes them run on their own.
  for (const agent of manifest.agents ?? []) {
    const current = live.agents.find((a) => a.name === agent.name);
    const detail = current && live.details.get(current.id);
    const config = normalConfig(agent.config)!;
    const contents = desiredContents(agent);
    if (current && !detail) throw new Error(`agent "${agent.name}" was not read`);
    if (!current || !detail) {
      add({ action: "create", kind: "agent", name: agent.name, fields: created({ folder: agent.folder, config, ...contents }) }, async (ctx) => {
        const made = await ctx.call("createAgent", { body: { name: agent.name, build: { name: REVISION_NAME, config: agent.config as never } } });
        const agentId = made.agent.id;
        ctx.ids.agent.set(agent.name, agentId);
        if (agent.folder) await ctx.call("moveAgentsToFolder", { body: { agent_ids: [agentId], folder_id: idOf(ctx, "folder", agent.folder) } });
        let buildId = made.build?.id;
        if (!buildId) {
          buildId = (await ctx.call("createRevision", { path: { agent_id: agentId }, body: { name: REVISION_NAME, config: agent.config as never } })).build.id;
          await syncRevision(ctx, agentId, buildId, EMPTY, agent);
          await ctx.call("promoteRevision", { path: { build_id: buildId }, body: {} });
        } else await syncRevision(ctx, agentId, buildId, EMPTY, agent);
      });
    } else {
      const folderNow = live.folders.find((f) => f.id === current.folderId)?.name;
      const liveConfig = normalConfig(detail.live?.config ?? null);
      const configFields = diff(liveConfig ?? undefined, config, "config");
      const contentFields = diff(liveContents(live, detail.contents), contents, "");
      const folderFields = diff({ folder: folderNow }, { folder: agent.folder }, "");
      const draft = configFields.length > 0 ? detail.drafts.findLast((d) => same(normalConfig(d.config), config)) : undefined;
      const fields = [...folderFields, ...configFields, ...contentFields];
      if (fields.length > 0) {
        const note =
          configFields.length === 0
            ? undefined
            : draft
              ? `finishes draft revision ${draft.revisionNumber} (left by an earlier apply) and promotes it`
              : "a new revision with this config, made live";
        add({ action: "change", kind: "agent", name: agent.name, fields, ...(note ? { note } : {}) }, async (ctx) => {
          if (folderFields.length > 0) {
            await ctx.call("moveAgentsToFolder", { body: { agent_ids: [current.id], folder_id: agent.folder ? idOf(ctx, "folder", agent.folder) : null } });
          }
          if (configFields.length > 0) {
            const buildId =
              draft?.id ?? (await ctx.call("createRevision", { path: { agent_id: current.id }, body: { name: REVISION_NAME, config: agent.config as never } })).build.id;
            await syncRevision(ctx, current.id, buildId, draft ? await readRevision(ctx.call, current.id, draft.id) : EMPTY, agent);
            await ctx.call("promoteRevision", { path: { build_id: buildId }, body: {} });
          } else if (contentFields.length > 0) {
            await syncRevision(ctx, current.id, detail.live!.id, detail.contents, agent);
          }
        });
      }
    }
    automation(agent, detail, live, prune, add, remove);
  }

  if (prune) {
    const named = (list: { name: string }[] | undefined) => new Set((list ?? []).map((x) => x.name));
    const agents = named(manifest.agents);
    for (const agent of sortByName(live.agents.filter((a) => !agents.has(a.name)))) {
      remove({ kind: "agent", name: agent.name }, async (ctx) => void (await ctx.call("deleteAgent", { path: { agent_id: agent.id } })));
    }
    const queues = named(manifest.queues);
    for (const queue of sortByName(live.queues.filter((q) => !queues.has(q.name)))) {
      remove({ kind: "queue", name: queue.name }, async (ctx) => void (await ctx.call("deleteQueue", { path: { queue_id: queue.id } })));
    }
    const secrets = named(manifest.secrets);
    for (const secret of sortByName(live.secrets.filter((s) => !secrets.has(s.name)))) {
      remove({ kind: "secret", name: secret.name }, async (ctx) => void (await ctx.call("deleteSecret", { path: { id: secret.id } })));
    }
    const logins = new Set((manifest.logins ?? []).map(loginName));
    for (const login of live.logins.filter((l) => !logins.has(loginName(l)))) {
      remove({ kind: "login", name: loginName(login) }, async (ctx) => void (await ctx.call("deleteCredential", { path: { userId: ctx.live.userId, id: login.id } })));
    }
    // Folders last, the deepest first: by then what the file keeps has moved out of them.
    const folders = named(manifest.folders);
    const depth = (id: string | null): number => (id === null ? 0 : 1 + depth(live.folders.find((f) => f.id === id)?.parentId ?? null));
    for (const folder of sortByName(live.folders.filter((f) => !folders.has(f.name))).sort((a, b) => depth(b.id) - depth(a.id))) {
      remove({ kind: "folder", name: folder.name }, async (ctx) => void (await ctx.call("deleteAgentFolder", { path: { folder_id: folder.id }, query: { force: "true" } })));
    }
  }
  return [...steps, ...removals];
}

/** Schedules, case triggers and event triggers of one agent. */
function automation(
  agent: AgentSpec,
  detail: LiveAgentDetail | undefined,
  live: Live,
  prune: boolean,
  add: (change: Change, run: Step["run"]) => void,
  remove: (change: Omit<Change, "action" | "fields">, run: Step["run"]) => void,
) {
  const parent = agent.name;
  const agentId = (ctx: ApplyContext) => idOf(ctx, "agent", agent.name);
  const { pairs, extra } = pairSchedules(agent.schedules ?? [], detail?.schedules ?? []);
  for (const [wanted, now] of pairs) {
    const body = scheduleBody(wanted);
    if (!now) {
      add({ action: "create", kind: "schedule", name: scheduleName(body), parent, fields: created(body) }, async (ctx) => {
        await ctx.call("createSchedule", { path: { agent_id: agentId(ctx) }, body: { ...body, recurring: true } });
      });
      continue;
    }
    const fields = diff(scheduleOf(now), body, "");
    if (fields.length > 0) {
      add({ action: "change", kind: "schedule", name: scheduleName(body), parent, fields }, async (ctx) => {
        const changed = Object.fromEntries(fields.map((f) => [f.field, (body as Record<string, unknown>)[f.field]]));
        await ctx.call("updateSchedule", { path: { agent_id: agentId(ctx), schedule_id: now.id }, body: changed });
      });
    }
  }
  if (prune) {
    for (const now of extra) {
      remove(
        { kind: "schedule", name: scheduleName(now), parent },
        async (ctx) => void (await ctx.call("deleteSchedule", { path: { agent_id: agentId(ctx), schedule_id: now.id } })),
      );
    }
  }

  const queueName = (id: string) => live.queues.find((q) => q.id === id)?.name ?? id;
  for (const trigger of agent.case_triggers ?? []) {
    const now = detail?.caseTriggers.find((t) => queueName(t.queueId) === trigger.queue);
    const wanted = { enabled: trigger.enabled, concurrency: trigger.concurrency };
    if (!now) {
      add({ action: "create", kind: "case_trigger", name: trigger.queue, parent, fields: created(wanted) }, async (ctx) => {
        await ctx.call("createAgentCaseTrigger", {
          path: { agent_id: agentId(ctx) },
          body: { case_queue_id: idOf(ctx, "queue", trigger.queue), enabled: trigger.enabled, concurrency: trigger.concurrency ?? null },
        });
      });
      continue;
    }
    const fields = diff({ enabled: now.enabled, concurrency: now.concurrency ?? undefined }, wanted, "");
    if (fields.length > 0) {
      add({ action: "change", kind: "case_trigger", name: trigger.queue, parent, fields }, async (ctx) => {
        await ctx.call("updateAgentCaseTrigger", {
          path: { agent_id: agentId(ctx), trigger_id: now.id },
          body: { enabled: trigger.enabled, concurrency: trigger.concurrency ?? null },
        });
      });
    }
  }
  if (prune) {
    for (const now of (detail?.caseTriggers ?? []).filter((t) => !(agent.case_triggers ?? []).some((w) => w.queue === queueName(t.queueId)))) {
      remove(
        { kind: "case_trigger", name: queueName(now.queueId), parent },
        async (ctx) => void (await ctx.call("deleteAgentCaseTrigger", { path: { agent_id: agentId(ctx), trigger_id: now.id } })),
      );
    }
  }

  for (const trigger of agent.event_triggers ?? []) {
    const name = `${trigger.integration}/${trigger.type}`;
    const now = detail?.eventTriggers.find((t) => t.integration === trigger.integration && t.type === trigger.type);
    const wanted = { enabled: trigger.enabled, filter: trigger.filter ?? {} };
    const upsert = async (ctx: ApplyContext) => {
      await ctx.call("upsertAgentTrigger", {
        path: { agentId: agentId(ctx) },
        body: { integration_slug: trigger.integration, trigger_type: trigger.type, filter_config: trigger.filter ?? {}, enabled: trigger.enabled },
      });
    };
    if (!now) add({ action: "create", kind: "event_trigger", name, parent, fields: created(wanted) }, upsert);
    else {
      const fields = diff({ enabled: now.enabled, filter: now.filter }, wanted, "");
      if (fields.length > 0) add({ action: "change", kind: "event_trigger", name, parent, fields }, upsert);
    }
  }
  if (prune) {
    // Event triggers cannot be deleted through the API: pruning one disables it.
    for (const now of (detail?.eventTriggers ?? []).filter((t) => t.enabled && !(agent.event_triggers ?? []).some((w) => w.integration === t.integration && w.type === t.type))) {
      remove({ kind: "event_trigger", name: `${now.integration}/${now.type}`, parent, note: "disabled (the API cannot delete an event trigger)" }, async (ctx) => {
        await ctx.call("upsertAgentTrigger", { path: { agentId: agentId(ctx) }, body: { integration_slug: now.integration, trigger_type: now.type, enabled: false } });
      });
    }
  }
}

/** The plan document of some steps. */
export function planOf(steps: Step[], manifest: Manifest, live: Live, prune: boolean): Plan {
  const changes = steps.map((s) => s.change);
  const count = (action: Change["action"]) => changes.filter((c) => c.action === action).length;
  return {
    format: PLAN_FORMAT,
    team: live.teamId,
    prune,
    fingerprint: liveFingerprint(live),
    summary: { create: count("create"), change: count("change"), remove: count("remove") },
    changes,
    manifest,
  };
}

/** The fingerprint of everything read from the team. */
export function liveFingerprint(live: Live): string {
  return fingerprint({ ...live, catalog: [...live.catalog].sort(), details: [...live.details].sort(([a], [b]) => (a < b ? -1 : 1)) });
}

/** Exit 1 when a live name the file uses is held by two resources. */
export function usedNames(manifest: Manifest): (kind: string, name: string) => boolean {
  const names = new Set<string>();
  const note = (kind: string, name: string | undefined) => name !== undefined && names.add(`${kind}\u0000${name}`);
  for (const f of manifest.folders ?? []) {
    note("folder", f.name);
    note("folder", f.parent);
  }
  for (const q of manifest.queues ?? []) note("queue", q.name);
  for (const s of manifest.secrets ?? []) note("secret", s.name);
  for (const l of manifest.logins ?? []) note("login", loginName(l));
  for (const a of manifest.agents ?? []) {
    note("agent", a.name);
    note("folder", a.folder);
    for (const i of a.integrations ?? []) {
      for (const c of i.connections ?? []) note("connection", c);
      for (const q of i.queues ?? []) note("queue", q);
    }
    for (const s of a.secrets ?? []) note("secret", s);
    for (const l of a.logins ?? []) note("login", l);
    for (const t of a.case_triggers ?? []) note("queue", t.queue);
  }
  return (kind, name) => names.has(`${kind}\u0000${name}`);
}
