/**
 * The resources of the API, recognised from the document and kept per emulator.
 *
 * A family is an item path ending in a parameter (`/v2/artifacts/{artifactId}`) with its
 * collection: the path without that parameter, else the same path under the team
 * (`/v2/teams/{teamId}/connections` for `/v2/connections/{connection_id}`). A POST on the
 * collection creates, a GET on it lists; GET, PATCH/PUT and DELETE on the item read, update
 * and delete. Where each answer carries the resource (`{artifact: {...}}`, a bare object, an
 * array in a list) is read from the document's example of that answer, and so is the shape a
 * new resource takes. A family the API gives no way to create (Clarity processes, their
 * snapshots) starts with the document's example resource, seen under every parent.
 */
import type { Operation } from "../api/operation.ts";
import { OPERATIONS } from "../api/operations.ts";
import { DEMO_TEAM_ID } from "./fixtures.ts";
import SAMPLES from "./generated/samples.json";
import { ApiError } from "./http.ts";

export type Json = any;
/** A path inside an answer: object keys and array indexes. */
export type JsonPath = (string | number)[];

/**
 * Where the path's shape alone would mislead (the named overrides): parameters that pick a
 * variant rather than name a resource (`/snapshots/{kind}`: a process's current or future
 * snapshots).
 */
const NOT_RESOURCE_IDS = new Set(["kind"]);

/** Lists that show the newest first, where the document does not say (an agent's revisions, as the CLI documents them). */
export const NEWEST_FIRST = new Set(["/v2/agents/{agent_id}/revisions/{build_id}"]);

/** The fields a list's `search` looks in, by operation id, where the document names them (else every text field). */
export const SEARCHED_IN: Record<string, string[]> = { listRuns: ["title", "case_title"] };

/**
 * Request fields stored under another name, by operation id, where the document's request and
 * resource name one thing differently: a Pulse dashboard is created from its first message,
 * which becomes its title until it is generated.
 */
export const SENT_AS: Record<string, Record<string, string>> = {
  createPulseDashboard: { message: "title" },
};

/**
 * Families whose paths are not plain collection/item pairs: the collection a case lives in is
 * its queue's (`/v2/queues/{queue_id}/cases`); an agent's event triggers are a collection at
 * `/v2/triggers/{agentId}`, which a GET lists and a PUT creates or updates (`idParam` names
 * their id, which no path holds).
 */
const COLLECTION_OF: Record<string, { collection: string; idParam?: string }> = {
  "/v2/cases/{case_id}": { collection: "/v2/queues/{queue_id}/cases" },
  "/v2/triggers/{agentId}": { collection: "/v2/triggers/{agentId}", idParam: "trigger_id" },
};

/** Paths that name a resource of another family by its id alone: a revision at /v2/revisions/{build_id}. */
const SAME_AS: Record<string, string> = { "/v2/revisions/{build_id}": "/v2/agents/{agent_id}/revisions/{build_id}" };

export interface Family {
  /** The item path, e.g. `/v2/artifacts/{artifactId}`; also the family's key. */
  item: string;
  /** Other paths naming one by its id alone (SAME_AS). */
  aliases: string[];
  /** The item's id parameter, e.g. `artifactId`. */
  idParam: string;
  /** The collection path, when the document has an operation on it. */
  collection?: string;
  /** The collection's path parameters besides the team: a record belongs to these. */
  parentParams: string[];
  create?: Operation;
  list?: Operation;
  get?: Operation;
  update: Operation[];
  remove?: Operation;
  /** The shape of one resource (the document's example of it). */
  template: Record<string, Json>;
  /** The resource's own id field: `id`, else the one named like the id parameter (`connection_id` for `{connectionId}`). */
  idKey: string;
}

export type Role = "create" | "list" | "get" | "update" | "remove";

export interface Sample {
  status: number;
  body: Json;
  /** Every status the operation documents. */
  statuses: number[];
  /** Error statuses whose documented body has no `message` (only `error`). */
  errorsWithoutMessage: number[];
  /** For a deprecated operation that answers 308: the path template it redirects to. */
  redirect?: string;
  /** The query parameters' documented defaults (a list's page size). */
  queryDefaults?: Record<string, unknown>;
}

/** The document's example answers, by operation id (generated: src/emulator/generated/samples.json). */
export const samples = SAMPLES as unknown as Record<string, Sample>;
export const isObject = (value: unknown): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);
/** `artifact_id`, `artifactId` and `ArtifactID` are one name. */
export const sameName = (a: string, b: string) => a.replaceAll("_", "").toLowerCase() === b.replaceAll("_", "").toLowerCase();

/** The field of `value` that is its id: `id`, else one named like the id parameter. */
function idKeyOf(value: Json, idParam = "id"): string | undefined {
  if (!isObject(value)) return undefined;
  return "id" in value ? "id" : Object.keys(value).find((key) => sameName(key, idParam));
}

/** The places in an answer holding an object with an `id`: the answer itself, else those of its keys. */
function idPlaces(body: Json): JsonPath[] {
  if (!isObject(body)) return [];
  return "id" in body ? [[]] : Object.keys(body).flatMap((key) => (isObject(body[key]) && "id" in body[key] ? [[key]] : []));
}

/** Where an answer carries one resource: its one place holding an object with an `id`. */
function resourcePath(body: Json): JsonPath | undefined {
  const places = idPlaces(body);
  return places.length === 1 ? places[0] : undefined;
}

/**
 * Where an answer carries a resource of the family: one of its places holding an object with
 * an `id` that has at least half its fields in common with the family's resource (the most,
 * where there are several: an agent made with its first revision).
 */
export function familyResourcePath(body: Json, family: Family): JsonPath | undefined {
  const shared = (found: Json) => Object.keys(found).filter((key) => key in family.template).length;
  const fitting = idPlaces(body).filter((where) => shared(at(body, where)) * 2 >= Object.keys(at(body, where)).length);
  return fitting.sort((a, b) => shared(at(body, b)) - shared(at(body, a)))[0];
}

/** Where a list answer carries its items: the answer itself when it is an array, else its first key holding an array of objects with ids. */
export function listPath(body: Json, idParam?: string): JsonPath | undefined {
  if (Array.isArray(body)) return [];
  if (!isObject(body)) return undefined;
  const key = Object.keys(body).find((name) => Array.isArray(body[name]) && idKeyOf(body[name][0], idParam));
  return key === undefined ? undefined : [key];
}

export function at(value: Json, path: JsonPath): Json {
  return path.reduce((inner, key) => inner?.[key], value);
}

function carries(operation: Operation | undefined, where: (body: Json, idParam: string) => JsonPath | undefined, idParam: string): Operation | undefined {
  return operation && where(samples[operation.id]?.body, idParam) ? operation : undefined;
}

function deriveFamilies(): Family[] {
  const byPath = new Map<string, Map<string, Operation>>();
  for (const operation of OPERATIONS) {
    if (!byPath.has(operation.path)) byPath.set(operation.path, new Map());
    byPath.get(operation.path)!.set(operation.method, operation);
  }
  const families: Family[] = [];
  for (const [item, own] of byPath) {
    const rule = COLLECTION_OF[item];
    const idParam = rule?.idParam ?? /\/\{([^}*]+)\}$/.exec(item)?.[1];
    if (idParam === undefined || NOT_RESOURCE_IDS.has(idParam) || SAME_AS[item]) continue;
    const aliases = Object.keys(SAME_AS).filter((alias) => SAME_AS[alias] === item);
    // An alias's operations are the family's; a path that is the collection has no item operations.
    const methods = new Map([...(rule?.idParam ? [] : own), ...aliases.flatMap((alias) => [...byPath.get(alias)!])]);
    const prefix = item.slice(0, item.lastIndexOf("/"));
    const collection = rule?.collection ?? [prefix, `/v2/teams/{teamId}${prefix.slice(3)}`].find((path) => byPath.get(path)?.has("POST") || byPath.get(path)?.has("GET"));
    const onCollection = collection ? byPath.get(collection)! : new Map<string, Operation>();
    const family = {
      item,
      aliases,
      idParam,
      collection,
      parentParams: [...(collection ?? "").matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((name) => name !== "teamId"),
      create: onCollection.get("POST") ?? (rule?.idParam ? onCollection.get("PUT") : undefined),
      // A read or list whose answer carries no resource (a report, a file) is no read of the family.
      list: carries(onCollection.get("GET"), listPath, idParam),
      get: carries(methods.get("GET"), resourcePath, idParam),
      update: [methods.get("PATCH"), methods.get("PUT")].filter((o) => o !== undefined),
      remove: methods.get("DELETE"),
    };
    const example = (operation: Operation | undefined, where: (body: Json, idParam: string) => JsonPath | undefined, index: JsonPath = []) => {
      const body = operation && samples[operation.id]?.body;
      const path = body === undefined ? undefined : where(body, idParam);
      const found = path && at(body, [...path, ...index]);
      return idKeyOf(found, idParam) ? found : undefined;
    };
    const template = example(family.get, resourcePath) ?? example(family.list, listPath, [0]) ?? example(family.create, resourcePath) ?? example(family.update[0], resourcePath);
    if (template) families.push({ ...family, template: structuredClone(template), idKey: idKeyOf(template, idParam)! });
  }
  return families;
}

/** Every family of the document, derived once. */
export const FAMILIES: readonly Family[] = deriveFamilies();

const ROLES = new Map<string, { family: Family; role: Role }>();
for (const family of FAMILIES) {
  if (family.create) ROLES.set(family.create.id, { family, role: "create" });
  if (family.list) ROLES.set(family.list.id, { family, role: "list" });
  if (family.get) ROLES.set(family.get.id, { family, role: "get" });
  for (const update of family.update) ROLES.set(update.id, { family, role: "update" });
  if (family.remove) ROLES.set(family.remove.id, { family, role: "remove" });
}

/** The family an operation creates, lists, reads, updates or deletes in, if any. */
export function roleOf(operationId: string): { family: Family; role: Role } | undefined {
  return ROLES.get(operationId);
}

/**
 * The families whose resources a path names: those whose item path (or its form with or
 * without `/v2/teams/{teamId}`) begins it, a parameter matching a parameter of any name.
 * `params` maps each of the family's item parameters to the path's parameter at its place.
 */
export function familiesNamedBy(path: string): { family: Family; params: Record<string, string> }[] {
  const segments = path.split("/");
  const named: { family: Family; params: Record<string, string> }[] = [];
  for (const family of FAMILIES.filter((candidate) => candidate.collection !== candidate.item)) {
    const forms = [...family.aliases, family.item, family.item.startsWith("/v2/teams/{teamId}/") ? `/v2${family.item.slice(18)}` : `/v2/teams/{teamId}${family.item.slice(3)}`];
    for (const form of forms.map((item) => item.split("/"))) {
      if (form.length > segments.length) continue;
      const params: Record<string, string> = {};
      const fits = form.every((segment, index) => {
        const other = segments[index]!;
        if (!segment.startsWith("{")) return segment === other;
        params[segment.slice(1, -1)] = other.slice(1, -1);
        return other.startsWith("{");
      });
      if (fits) {
        named.push({ family, params });
        break;
      }
    }
  }
  return named;
}

/** A named family's ids from a request's path parameters (the family's names for them). */
export function idsOf(named: { params: Record<string, string> }, params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(named.params).map(([own, here]) => [own, params[here]!]));
}

/** The family at this item path (a domain names the families it keeps resources of). */
export function familyAt(item: string): Family {
  const family = FAMILIES.find((candidate) => candidate.item === item);
  if (!family) throw new Error(`no family ${item} in the document`);
  return family;
}

/** The owner of a resource every team sees. */
export const EVERY_TEAM = "*";

export interface StoredResource {
  id: string;
  /** The team that owns it; EVERY_TEAM for one every team sees (a system skill). */
  teamId: string;
  /** The collection's path parameters it was created under; empty for a document example (seen under every parent). */
  parents: Record<string, string>;
  resource: Record<string, Json>;
  /** Creation order. */
  seq: number;
}

/**
 * One emulator's resources, by family, then by id, then by parents: one resource may be under
 * several parents with one id (a secret attached to two revisions is two records, the
 * attachment's id being the secret's), each its own record.
 */
export class Store {
  private readonly byFamily = new Map<string, Map<string, Map<string, StoredResource>>>();
  /** Each family's records oldest first, kept until the family changes: a list of 100,000 cases is read page after page. */
  private readonly ordered = new Map<string, StoredResource[]>();
  private seq = 0;

  constructor() {
    for (const family of FAMILIES) {
      if (!family.create) this.insert(family, { id: String(family.template[family.idKey]), teamId: DEMO_TEAM_ID, parents: {}, resource: structuredClone(family.template) });
    }
  }

  private records(family: Family): Map<string, Map<string, StoredResource>> {
    let records = this.byFamily.get(family.item);
    if (!records) this.byFamily.set(family.item, (records = new Map()));
    return records;
  }

  private all(family: Family): StoredResource[] {
    return [...this.records(family).values()].flatMap((under) => [...under.values()]);
  }

  /** The family's records, oldest first (shared: callers copy before changing it). */
  private inOrder(family: Family): readonly StoredResource[] {
    let records = this.ordered.get(family.item);
    if (!records) this.ordered.set(family.item, (records = this.all(family).sort((a, b) => a.seq - b.seq)));
    return records;
  }

  /** Adds a resource, or replaces the one with its id under the same parents (which keeps its place). */
  insert(family: Family, record: Omit<StoredResource, "seq">): StoredResource {
    this.ordered.delete(family.item);
    const records = this.records(family);
    let under = records.get(record.id);
    if (!under) records.set(record.id, (under = new Map()));
    const key = parentsKey(record.parents);
    const stored = { ...record, seq: under.get(key)?.seq ?? this.seq++ };
    under.set(key, stored);
    return stored;
  }

  /** Adds a resource a domain makes (the demo team's secret, a system skill of no team, a case), its id its own; the family named by its item path or itself. */
  seed(family: Family | string, teamId: string, resource: Record<string, Json>, parents: Record<string, string> = {}): void {
    const named = typeof family === "string" ? familyAt(family) : family;
    this.insert(named, { id: String(resource[named.idKey]), teamId, parents, resource });
  }

  /** The resources the team sees under these path parameters, oldest first. */
  resources<T = Record<string, Json>>(family: Family | string, teamId: string, params: Record<string, string> = {}): T[] {
    return this.list(typeof family === "string" ? familyAt(family) : family, teamId, params).map((record) => record.resource as T);
  }

  /** Every resource of the family at this item path, of every team, oldest first (a domain's view across them). */
  every(item: string): Record<string, Json>[] {
    return this.inOrder(familyAt(item)).map((record) => record.resource);
  }

  /** Removes a record; an id alone removes the family's records of that id under every parent. */
  delete(family: Family, record: string | Pick<StoredResource, "id" | "parents">): void {
    this.ordered.delete(family.item);
    const records = this.records(family);
    if (typeof record === "string") records.delete(record);
    else {
      const under = records.get(record.id);
      under?.delete(parentsKey(record.parents));
      if (under?.size === 0) records.delete(record.id);
    }
  }

  /** The family's records the team sees under these path parameters, oldest first. */
  list(family: Family, teamId: string, params: Record<string, string>): StoredResource[] {
    return this.inOrder(family).filter((record) => visible(record, teamId, params));
  }

  /** The record a path parameter names (by its id, else by its field named like the parameter: a revision integration by its catalog id), or a 404. */
  find(family: Family, teamId: string, params: Record<string, string>, param = family.idParam): StoredResource {
    const id = params[param] ?? "";
    const records = this.records(family);
    const seen = (under: Map<string, StoredResource> | undefined) => [...(under?.values() ?? [])].find((record) => visible(record, teamId, params));
    const record =
      seen(records.get(id)) ??
      seen(records.get(id.toLowerCase())) ??
      this.all(family).find((other) => id !== "" && visible(other, teamId, params) && Object.entries(other.resource).some(([key, value]) => sameName(key, param) && value === id));
    if (!record) throw new ApiError(404, `${nounOf(family)} ${id} not found`);
    return record;
  }
}

/** The parents as one key: their names and values, in name order. */
const parentsKey = (parents: Record<string, string>) => JSON.stringify(Object.entries(parents).sort(([a], [b]) => (a < b ? -1 : 1)));

/** What a message calls one of the family: `Agent folder` for /v2/agent-folders/{folder_id}. */
function nounOf(family: Family): string {
  const word = family.item
    .split("/")
    .at(-2)!
    .replaceAll("-", " ")
    .replace(/ies$/, "y")
    .replace(/(ss|x)es$/, "$1")
    .replace(/s$/, "");
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function visible(record: StoredResource, teamId: string, params: Record<string, string>): boolean {
  return (
    (record.teamId === teamId || record.teamId === EVERY_TEAM) && Object.entries(record.parents).every(([name, value]) => params[name] === undefined || params[name] === value)
  );
}
