/**
 * Resources of the emulator's store for tests: one of a family (with the parents it lives
 * under), made through the API with the document's example request, as a client would.
 */
import { expect } from "bun:test";
import { readFileSync } from "node:fs";
import { fixDocument, forEachOperation } from "../scripts/openapi/fixups.ts";
import { sampleOf } from "../scripts/openapi/samples.ts";
import type { Operation } from "../src/api/operation.ts";
import { samples } from "../src/emulator/kernel.ts";
import { AGENT_IDS, DEMO_ORG_ID, DEMO_USER_ID, type Emulator } from "../src/emulator/index.ts";
import { STORE_FAMILIES } from "../src/emulator/routes.ts";
import { at, FAMILIES, familiesNamedBy, familyResourcePath, listPath, sameName, type Family } from "../src/emulator/store.ts";
import { requestProblem, SPEC_PATH } from "./openapi-validator.ts";

const document = fixDocument(JSON.parse(readFileSync(SPEC_PATH, "utf8"))).document;
export const specs = new Map<string, any>();
forEachOperation(document, (_path, _method, operation) => specs.set(operation.operationId, operation));
export const resolve = (ref: string) => document.components.schemas[ref.replace("#/components/schemas/", "")];

/** Path parameters that name no resource of the store: the team, organization and user of the demo key. */
export const CONTEXT_IDS = (emulator: Emulator): Record<string, string> => ({ teamId: emulator.teamId, orgId: DEMO_ORG_ID, userId: DEMO_USER_ID });

/** Requests for a resource whose domain checks more than the document says (a beforeStore hook): what a client would send. */
export const DOMAIN_BODIES: Record<string, unknown> = {
  createSchedule: { enabled: true, frequency: "daily", time: "09:00", timezone: "UTC" },
  updateSchedule: { time: "17:30", timezone: "Europe/Prague" },
  updateSecret: { name: "Warehouse (rotated)", service_slug: "postgres", add_values: { EXTRA: "1" } },
  // The parent folder and the revision must exist: at the top, and the live revision.
  createAgentFolder: { name: "Finance" },
  updateAgentFolder: { name: "Payables" },
  createEvalRubric: { title: "Totals match", description: "The reconciled total equals the invoice total." },
  // An OAuth client only goes with auth_method oauth.
  createCustomIntegration: { name: "CRM", auth_method: "apikey", server_url: "https://mcp.crm.example.com" },
  // A connection to a server of its own (a custom integration it names must exist).
  createConnection: { name: "Example MCP", provider: "user", auth_method: "headers", server_url: "https://mcp.example.com", headers: { plaintext: { "X-Tenant": "acme" } } },
  updateRevision: { revision_name: "Second try", revision_description: "Matches by amount first." },
  createCases: { case: { title: "Invoice 1042", data: "ACME, 120 EUR", priority: "high" } },
};

/**
 * Creates whose request names what the test makes first or what the emulator's fixtures hold
 * (a connection to pin, a catalog entry to attach, an agent to run); `another` names a second one.
 */
const MADE_WITH: Record<string, (emulator: Emulator, another: boolean) => Promise<unknown>> = {
  // A skill of the same name replaces the team's one: another has a name of its own.
  createSkill: async (_, another) => ({ name: another ? "invoice-rules-2" : "invoice-rules", description: "How to read invoices", content: "Totals first." }),
  startRun: async (_, another) => ({ agent_id: another ? AGENT_IDS.approval : AGENT_IDS.complete, message: "Reconcile March" }),
  upsertAgentTrigger: async (_, another) => (another ? { integration_slug: "slack", trigger_type: "new_message" } : { integration_slug: "gmail", trigger_type: "new_email" }),
  attachRevisionIntegrations: async (emulator, another) => {
    const listed = await client(emulator)("GET", `/v2/teams/${emulator.teamId}/integrations`);
    return { integration_ids: [listed.body.integrations.find((entry: any) => entry.type === (another ? "slack" : "gmail")).id] };
  },
  pinRevisionIntegrationConnection: async (emulator) => {
    const made = await client(emulator)("POST", `/v2/teams/${emulator.teamId}/connections`, {
      name: "Gmail",
      type: "gmail",
      provider: "user",
      auth_method: "oauth",
      server_url: "https://mcp.example.com",
    });
    return { connection_id: made.body.id };
  },
};

/** The document's example request body of an operation (undefined when it takes none). */
export function exampleBody(operation: Operation): any {
  if (DOMAIN_BODIES[operation.id]) return structuredClone(DOMAIN_BODIES[operation.id]);
  const schema = specs.get(operation.id).requestBody?.content?.["application/json"]?.schema;
  return schema ? sampleOf(schema, { resolve }) : undefined;
}

export function pathOf(template: string, ids: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (ids[name] === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(ids[name]);
  });
}

export function client(emulator: Emulator) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** The resource an answer carries, by the same reading of the document's examples as the store's. */
export function resourceIn(family: Family, body: any): any {
  const where = familyResourcePath(body, family);
  return where && at(body, where);
}

/**
 * Ids for the family's collection: the parent resources it lives under (of the store: made,
 * or the document's example when none can be; kept by a domain: the first its list shows),
 * and the demo team and organization.
 */
export async function parentIds(emulator: Emulator, family: Family): Promise<Record<string, string>> {
  const ids = CONTEXT_IDS(emulator);
  const parents = familiesNamedBy(family.collection ?? family.item).sort((a, b) => a.family.item.length - b.family.item.length);
  for (const { family: parent, params: names } of parents) {
    const name = names[parent.idParam]!;
    if (parent === family || ids[name] !== undefined) continue;
    if (parent.collection === parent.item) continue; // a collection, not a resource (an agent's event triggers)
    if (STORE_FAMILIES.includes(parent)) {
      // Under the parents found so far (a revision of the agent just made).
      const known = Object.fromEntries(Object.entries(names).flatMap(([own, here]) => (ids[here] === undefined ? [] : [[own, ids[here]!]])));
      const complete = parent.parentParams.every((param) => known[param] !== undefined);
      ids[name] = (await anyOf(emulator, parent, complete ? { ...CONTEXT_IDS(emulator), ...known } : undefined)).id;
    } else {
      const listIds = Object.fromEntries(parent.list!.pathParams.map((param) => [param, ids[names[param] ?? param]!]));
      const listed = await client(emulator)("GET", pathOf(parent.list!.path, listIds));
      ids[name] = at(listed.body, listPath(listed.body, parent.idParam)!)[0][parent.idKey];
    }
  }
  for (const name of family.parentParams) {
    // A parent the path names by a name of its own (`{agentId}` of /v2/triggers/{agentId}): one of the family of that id.
    const owner = FAMILIES.find((other) => other !== family && other.collection !== other.item && sameName(other.idParam, name) && STORE_FAMILIES.includes(other) && other.create);
    if (ids[name] === undefined && owner) ids[name] = (await anyOf(emulator, owner)).id;
    ids[name] ??= String(sampleOf(specs.get((family.list ?? family.create ?? family.get)!.id).parameters.find((p: any) => p.name === name).schema, { resolve }, name));
  }
  return ids;
}

/**
 * One resource of the family (under the parents given, else new ones): a new one, or the
 * document's example for a family the API cannot create. `another` sends a new id where the
 * request names the resource (attaching a connection).
 */
export async function anyOf(
  emulator: Emulator,
  family: Family,
  parents?: Record<string, string>,
  another = false,
): Promise<{ id: string; ids: Record<string, string>; sent?: any; resource?: any }> {
  const call = client(emulator);
  const ids = parents ?? (await parentIds(emulator, family));
  if (!family.create) {
    // The one the key sees (its team), else the document's example.
    const id = ids[family.idParam] ?? String(family.template[family.idKey]);
    return { id, ids: { ...ids, [family.idParam]: id } };
  }
  const made = MADE_WITH[family.create.id];
  const sent: any = made ? await made(emulator, another) : exampleBody(family.create);
  if (another && !made && typeof sent?.[family.idKey] === "string") sent[family.idKey] = crypto.randomUUID();
  // Another differs in its text too (a label is named by its key and value), where the document allows it.
  for (const [key, value] of Object.entries(another && !DOMAIN_BODIES[family.create.id] && !made ? (sent ?? {}) : {})) {
    if (typeof value !== "string" || /^[0-9a-f-]{36}$/i.test(value)) continue;
    const candidate = { ...sent, [key]: `${value} 2` };
    if (requestProblem(family.create.id, candidate) === undefined) sent[key] = candidate[key];
  }
  const before = made && family.list ? await listedIds(emulator, family, ids) : [];
  const created = await call(family.create.method, pathOf(family.create.path, ids), sent);
  // The documented success, or a 201 where the document has it too (a skill: 200 replaced, 201 made).
  expect([family.create.success, ...(samples[family.create.id]!.statuses.includes(201) ? [201] : [])]).toContain(created.status);
  // The resource the answer carries; else the one of a list it carries (cases added); else the one the family's list has now that it had not.
  const added = listPath(created.body, family.idParam);
  const resource = resourceIn(family, created.body) ?? (added && at(created.body, added)[0]);
  // An answer that only acknowledges carries the id under the parameter's name (`artifact_id`), or the request named it (attaching a connection).
  const named = (value: any) => Object.entries(value ?? {}).find(([key]) => key.replaceAll("_", "").toLowerCase() === family.idParam.replaceAll("_", "").toLowerCase())?.[1];
  const id: string = resource?.[family.idKey] ?? named(created.body) ?? named(sent) ?? (await listedIds(emulator, family, ids)).find((other) => !before.includes(other));
  expect(typeof id).toBe("string");
  return { id, ids: { ...ids, [family.idParam]: id }, sent, resource };
}

/** The ids a family's list shows. */
async function listedIds(emulator: Emulator, family: Family, ids: Record<string, string>): Promise<string[]> {
  const listed = await client(emulator)("GET", pathOf(family.list!.path, ids));
  const items = at(listed.body, listPath(listed.body, family.idParam) ?? []);
  return Array.isArray(items) ? items.map((item: any) => item[family.idKey]) : [];
}
