/**
 * The desired state of a team as one file (docs/declarative.md): its shape, reading it from
 * YAML or JSON with every problem named by its field (exit 4), and writing it back in one
 * canonical form, so an export of the same team is always the same bytes.
 *
 * Everything refers to everything else by name, never by id, so a file made from one team
 * applies to another. No secret value is ever in a file: a secret's variables and a login's
 * password name environment variables (`${env:NAME}`), read only when apply needs them.
 */
import * as v from "valibot";
import { UsageError } from "../errors.ts";

export const MANIFEST_VERSION = 1;

/** `${env:NAME}`: the only form a secret value may take in a file. */
export const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

const name = v.pipe(v.string(), v.minLength(1));
const envReference = v.pipe(v.string(), v.regex(ENV_REFERENCE, `must be $\{env:NAME} (secret values are never written in the file)`));
const names = v.array(name);

const labelSchema = v.strictObject({
  key: v.optional(v.string()),
  value: name,
  color_hue: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(360))),
});

const scheduleSchema = v.strictObject({
  enabled: v.boolean(),
  frequency: v.picklist(["every_5_minutes", "every_15_minutes", "hourly", "daily", "workday", "weekly", "monthly", "custom"]),
  time: v.optional(v.string()),
  timezone: v.string(),
  day: v.optional(v.picklist(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])),
  day_of_month: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(31))),
  cron: v.optional(v.string()),
});

const agentSchema = v.strictObject({
  name,
  folder: v.optional(name),
  /** The revision config, checked against the API's schema separately (`checkConfigs`). */
  config: v.record(v.string(), v.unknown()),
  integrations: v.optional(
    v.array(
      v.strictObject({
        type: name,
        connections: v.optional(names),
        queues: v.optional(names),
      }),
    ),
  ),
  secrets: v.optional(names),
  logins: v.optional(names),
  rubrics: v.optional(
    v.pipe(
      v.array(v.strictObject({ title: v.pipe(v.string(), v.minLength(3), v.maxLength(80)), description: v.pipe(v.string(), v.minLength(20), v.maxLength(400)) })),
      v.maxLength(5),
    ),
  ),
  schedules: v.optional(v.array(scheduleSchema)),
  case_triggers: v.optional(v.array(v.strictObject({ queue: name, enabled: v.boolean(), concurrency: v.optional(v.literal(1)) }))),
  event_triggers: v.optional(v.array(v.strictObject({ integration: name, type: name, enabled: v.boolean(), filter: v.optional(v.record(v.string(), v.unknown())) }))),
});

const manifestSchema = v.strictObject({
  version: v.literal(MANIFEST_VERSION),
  folders: v.optional(v.array(v.strictObject({ name, parent: v.optional(name) }))),
  queues: v.optional(v.array(v.strictObject({ name, description: v.optional(v.string()), labels: v.optional(v.array(labelSchema)) }))),
  secrets: v.optional(
    v.array(
      v.strictObject({
        name,
        service: v.optional(v.string()),
        shared: v.boolean(),
        variables: v.record(v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, "a variable name is A-Z, 0-9 and _")), envReference),
      }),
    ),
  ),
  logins: v.optional(
    v.array(
      v.strictObject({
        domain: name,
        username: v.optional(name),
        shared: v.boolean(),
        password: v.optional(envReference),
        otp_secret: v.optional(envReference),
      }),
    ),
  ),
  agents: v.optional(v.array(agentSchema)),
});

export type Manifest = v.InferOutput<typeof manifestSchema>;
export type AgentSpec = NonNullable<Manifest["agents"]>[number];
export type ScheduleSpec = NonNullable<AgentSpec["schedules"]>[number];
export type IntegrationSpec = NonNullable<AgentSpec["integrations"]>[number];
export type LoginSpec = NonNullable<Manifest["logins"]>[number];
export type LabelSpec = NonNullable<NonNullable<Manifest["queues"]>[number]["labels"]>[number];

/** A login's name, as agents refer to it: `<username> on <domain>`, or the domain alone when it has no username. */
export function loginName(login: { domain: string; username?: string | null }): string {
  return login.username ? `${login.username} on ${login.domain}` : login.domain;
}

/** A label's name: `key: value`, or the value alone when the key is empty. */
export function labelName(label: { key?: string; value: string }): string {
  return label.key ? `${label.key}: ${label.value}` : label.value;
}

/** `agents[2].schedules[0].time` from valibot's path. */
function fieldOf(issue: v.BaseIssue<unknown>): string {
  let out = "";
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out;
}

function describe(issue: v.BaseIssue<unknown>, file: string): string {
  const field = fieldOf(issue) || "(the file)";
  if (issue.kind === "schema" && issue.received === "undefined") return `${file}: ${field}: required`;
  if (issue.type === "strict_object" && issue.expected === "never") return `${file}: ${field}: unknown field`;
  return `${file}: ${field}: ${issue.message}`;
}

/** Parses a file's text (YAML, of which JSON is a part) into a checked manifest; exit 4 naming the field. */
export async function parseManifest(text: string, file: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = Bun.YAML.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid YAML or JSON (${(error as Error).message.replace(/^YAML Parse error: /, "")})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new UsageError(`${file}: expected one mapping with version: ${MANIFEST_VERSION} (one document)`);
  const checked = v.safeParse(manifestSchema, raw);
  if (!checked.success) throw new UsageError(describe(checked.issues[0], file));
  const manifest = checked.output;
  await checkConfigs(manifest, file);
  checkUnique(manifest, file);
  return manifest;
}

/** Each agent's config against the API's own revision schema, before anything is sent. */
async function checkConfigs(manifest: Manifest, file: string): Promise<void> {
  const { createRevision } = await import("../api/generated/revisions.ts");
  const schema = createRevision().body.entries.config;
  for (const [index, agent] of (manifest.agents ?? []).entries()) {
    const checked = v.safeParse(schema, agent.config);
    if (!checked.success) {
      const issue = checked.issues[0];
      const inner = fieldOf(issue);
      const message =
        issue.type === "strict_object" && issue.expected === "never" ? "unknown field" : issue.kind === "schema" && issue.received === "undefined" ? "required" : issue.message;
      throw new UsageError(`${file}: agents[${index}].config${inner ? `.${inner}` : ""}: ${message}`);
    }
  }
}

/** Names are identities: one of each per kind (per agent for triggers). */
function checkUnique(manifest: Manifest, file: string): void {
  const once = (list: string[], what: string) => {
    const seen = new Set<string>();
    for (const [index, item] of list.entries()) {
      if (seen.has(item)) throw new UsageError(`${file}: ${what}[${index}]: "${item}" appears twice (names are how resources are matched)`);
      seen.add(item);
    }
  };
  once(
    (manifest.folders ?? []).map((f) => f.name),
    "folders",
  );
  once(
    (manifest.queues ?? []).map((q) => q.name),
    "queues",
  );
  once(
    (manifest.secrets ?? []).map((s) => s.name),
    "secrets",
  );
  once((manifest.logins ?? []).map(loginName), "logins");
  once(
    (manifest.agents ?? []).map((a) => a.name),
    "agents",
  );
  for (const [i, queue] of (manifest.queues ?? []).entries()) once((queue.labels ?? []).map(labelName), `queues[${i}].labels`);
  for (const [i, agent] of (manifest.agents ?? []).entries()) {
    once(
      (agent.integrations ?? []).map((x) => x.type),
      `agents[${i}].integrations`,
    );
    once(agent.secrets ?? [], `agents[${i}].secrets`);
    once(agent.logins ?? [], `agents[${i}].logins`);
    once(
      (agent.case_triggers ?? []).map((t) => t.queue),
      `agents[${i}].case_triggers`,
    );
    once(
      (agent.event_triggers ?? []).map((t) => `${t.integration}/${t.type}`),
      `agents[${i}].event_triggers`,
    );
    once(
      (agent.rubrics ?? []).map((r) => r.title),
      `agents[${i}].rubrics`,
    );
  }
}

/** The file's text: YAML (the default) or JSON, keys in a fixed order, ending in a newline. */
export function formatManifest(manifest: Manifest, format: "yaml" | "json"): string {
  if (format === "json") return `${JSON.stringify(manifest, null, 2)}\n`;
  const text = Bun.YAML.stringify(manifest, null, 2);
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** The environment variables a manifest names for values, with where. */
export function envReferences(manifest: Manifest): { name: string; field: string }[] {
  const found: { name: string; field: string }[] = [];
  for (const [i, secret] of (manifest.secrets ?? []).entries()) {
    for (const [key, ref] of Object.entries(secret.variables)) found.push({ name: ENV_REFERENCE.exec(ref)![1]!, field: `secrets[${i}].variables.${key}` });
  }
  for (const [i, login] of (manifest.logins ?? []).entries()) {
    if (login.password) found.push({ name: ENV_REFERENCE.exec(login.password)![1]!, field: `logins[${i}].password` });
    if (login.otp_secret) found.push({ name: ENV_REFERENCE.exec(login.otp_secret)![1]!, field: `logins[${i}].otp_secret` });
  }
  return found;
}

/** `${env:NAME}` → its value, or exit 4 naming the variable and the field (the value is never shown). */
export function resolveEnv(reference: string, env: Record<string, string | undefined>, field: string): string {
  const variable = ENV_REFERENCE.exec(reference)![1]!;
  const value = env[variable];
  if (value === undefined || value === "") throw new UsageError(`${field}: the environment variable ${variable} is not set`);
  return value;
}
