/**
 * The store's answers (store.ts) for the operations of the families it keeps: a create fills
 * the document's shape of the resource from the request (a new id, the time, the team and
 * user, the parents in the path, the fields sent; what was not sent is null where allowed), a
 * read answers it, an update changes the fields sent, a delete removes it, a list filters by
 * the documented query parameters named like a field (case-insensitively; `search` looks in
 * every text field), pages with `limit`/`offset` (the documented default page size) and
 * counts `total`. Each answer takes the shape of the document's example of that answer, and a
 * field the answer's schema does not allow falls back to the example's value. A domain's
 * beforeStore hook may add fields and a view (kernel.ts).
 */
import * as v from "valibot";
import { operationSchemas } from "../api/operations.ts";
import { ApiError, checkedBody, checkedQuery, fit, ok, pageOf, samples, type Context, type Reply, type StoreView } from "./kernel.ts";
import { iso, parseIsoUs } from "./state.ts";
import { at, familyResourcePath, isObject, listPath, NEWEST_FIRST, sameName, SEARCHED_IN, SENT_AS } from "./store.ts";
import type { Family, Json, JsonPath, Role, StoredResource } from "./store.ts";

const CREATED = new Set(["created_at", "createdAt"]);
const UPDATED = new Set(["updated_at", "updatedAt"]);
/** Query parameters that page or sort rather than filter. */
const NOT_FILTERS = new Set(["limit", "offset", "sort_by", "sort_order", "order", "cursor", "before", "after", "scope"]);

/** Answers a create, read, update, delete or list of the family from the store. */
export async function crudReply(c: Context, family: Family, role: Role, fields: Record<string, unknown> = {}, view: StoreView = (resource) => resource): Promise<Reply> {
  const query = await checkedQuery(c);
  const body = await checkedBody(c);
  const now = iso(c.state.now());
  // The hook's fields the answer has beside the resource (an agent's user context, a list's platform rubrics) go there.
  const example: Json = samples[c.operation.id]!.body;
  const place = role === "list" ? listPath(example, family.idParam) : familyResourcePath(example, family);
  const beside = new Set(isObject(example) && place?.length !== 0 ? Object.keys(example).filter((key) => key !== place?.[0]) : []);
  const answerFields = Object.fromEntries(Object.entries(fields).filter(([key]) => beside.has(key)));
  fields = Object.fromEntries(Object.entries(fields).filter(([key]) => !beside.has(key) || key in family.template));
  if (role === "list") return listReply(c, family, query, view, answerFields);
  if (role === "create") {
    // Attaching names the resource in the body (`{connection_id}`); creating makes a new id.
    const named = isObject(body) ? [body[family.idKey], ...Object.keys(body).flatMap((key) => (sameName(key, family.idParam) ? [body[key]] : []))] : [];
    const sent = (named.find((value) => typeof value === "string") as string | undefined)?.toLowerCase();
    if (sent && c.store.list(family, c.team.id, c.params).some((record) => record.id === sent)) throw new ApiError(409, `${sent} is already there`);
    // A hook that names an existing resource's id has the create take it over (a label made again, an agent its domain made).
    const id = (fields[family.idKey] as string | undefined) ?? sent ?? crypto.randomUUID();
    const existing = c.store.list(family, c.team.id, c.params).find((record) => record.id === fields[family.idKey]);
    const resource = existing?.resource ?? structuredClone(family.template);
    const user: Record<string, string> = {
      user_id: c.team.user.id,
      created_by: c.team.user.id,
      created_by_user_id: c.team.user.id,
      user_name: c.team.user.name,
      user_email: c.team.user.email,
    };
    for (const key of existing ? [] : Object.keys(resource)) {
      const parent = family.parentParams.find((name) => sameName(name, key));
      if (key === family.idKey) resource[key] = id;
      else if (CREATED.has(key) || UPDATED.has(key)) resource[key] = typeof resource[key] === "string" ? now : resource[key];
      else if (sameName(key, "team_id") && typeof resource[key] === "string") resource[key] = c.team.id;
      else if (parent) resource[key] = c.params[parent];
      else if (user[key] !== undefined && typeof resource[key] === "string") resource[key] = user[key];
      else if (await nullable(family, key)) resource[key] = null; // what was not sent is unset, where it may be
    }
    overlay(resource, renamed(c, body));
    Object.assign(resource, fields);
    const parents = Object.fromEntries(family.parentParams.map((name) => [name, c.params[name]!]));
    return resourceReply(c, family, c.store.insert(family, { id, teamId: c.team.id, parents, resource }), view, answerFields);
  }
  const record = c.store.find(family, c.team.id, c.params);
  if (role === "update") {
    overlay(record.resource, renamed(c, body));
    Object.assign(record.resource, fields);
    for (const key of Object.keys(record.resource)) if (UPDATED.has(key) && typeof record.resource[key] === "string") record.resource[key] = now;
  }
  if (role === "remove") c.store.delete(family, record);
  return resourceReply(c, family, record, view, answerFields);
}

/** Whether the family's read allows `key` of the resource to be null (judged by the read's schema, once per family and key). */
async function nullable(family: Family, key: string): Promise<boolean> {
  const known = nullables.get(family) ?? new Map<string, boolean>();
  nullables.set(family, known);
  if (!known.has(key)) {
    const read = family.get ?? family.list;
    const schema = read && (await operationSchemas(read)).responses[samples[read.id]!.status];
    const example: Json = read && structuredClone(samples[read.id]!.body);
    const where = read === family.get ? familyResourcePath(example, family) : read && [...listPath(example, family.idParam)!, 0];
    if (!schema || !where) known.set(key, false);
    else {
      const answer = where.length === 0 ? { ...example, [key]: null } : example;
      if (where.length > 0) at(answer, where)[key] = null;
      known.set(key, v.safeParse(schema, answer).success);
    }
  }
  return known.get(key)!;
}

const nullables = new WeakMap<Family, Map<string, boolean>>();

/** The body with its fields named as the resource names them (SENT_AS). */
function renamed(c: Context, body: Json): Json {
  const names = SENT_AS[c.operation.id];
  if (!names || !isObject(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [names[key] ?? key, value]));
}

/** The fields sent that the resource has, where the value is of the kind the resource holds there. */
function overlay(resource: Record<string, Json>, body: Json): void {
  if (!isObject(body)) return;
  for (const [key, value] of Object.entries(body)) {
    if (!(key in resource) || value === undefined) continue;
    const held = resource[key];
    if (held === null || value === null || (typeof held === typeof value && Array.isArray(held) === Array.isArray(value))) resource[key] = structuredClone(value);
  }
}

/** The operation's example answer with the resource in it (or, for an answer that only acknowledges, its id and success), and the hook's fields beside it. */
async function resourceReply(c: Context, family: Family, record: StoredResource, view: StoreView, fields: Record<string, unknown>): Promise<Reply> {
  const sample = samples[c.operation.id]!;
  if (sample.status === 204) return { status: 204, body: undefined };
  const example: Json = structuredClone(sample.body);
  const where = familyResourcePath(example, family);
  let answer: Json = example;
  if (where?.length === 0) answer = fit(view(record.resource, c), example);
  else if (where) answer[where[0]!] = fit(view(record.resource, c), example[where[0]!]);
  else if (isObject(answer)) {
    putId(answer, family.idParam, record.id);
    if (typeof answer.success === "boolean") answer.success = true;
  }
  besides(answer, fields);
  return ok(await allowed(c, answer, example), sample.status);
}

/** The hook's fields beside the resource, in the answer (one given as undefined is left out). */
function besides(answer: Json, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete answer[key];
    else answer[key] = structuredClone(value);
  }
}

/** Every key named like the family's id parameter (`artifact_id` for `{artifactId}`) gets the id. */
function putId(value: Json, idParam: string, id: string): void {
  if (Array.isArray(value)) for (const item of value) putId(item, idParam, id);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (sameName(key, idParam) && typeof item === "string") value[key] = id;
      else putId(item, idParam, id);
    }
  }
}

async function listReply(c: Context, family: Family, query: Record<string, Json>, view: StoreView, fields: Record<string, unknown>): Promise<Reply> {
  const sample = samples[c.operation.id]!;
  const example: Json = structuredClone(sample.body);
  const where = listPath(example, family.idParam)!;
  const itemShape = at(example, [...where, 0]);
  let records = c.store.list(family, c.team.id, c.params);
  // Creation order, newest first where the family shows it so or `sort_order` (or its documented default) is `desc`.
  if (NEWEST_FIRST.has(family.item) || (query.sort_order ?? sample.queryDefaults?.sort_order) === "desc") records.reverse();
  for (const parameter of c.operation.query) {
    const wanted = query[parameter.name];
    if (wanted === undefined || NOT_FILTERS.has(parameter.name)) continue;
    if (parameter.name === "search" || parameter.name === "q") {
      const text = String(wanted).toLowerCase();
      const searched = SEARCHED_IN[c.operation.id];
      const matches = ([key, field]: [string, Json]) => (!searched || searched.includes(key)) && typeof field === "string" && field.toLowerCase().includes(text);
      records = records.filter((record) => Object.entries(record.resource).some(matches));
      continue;
    }
    // `since` keeps what was created at or after it.
    if (parameter.name === "since") {
      records = records.filter((record) => parseIsoUs(String(record.resource.created_at ?? record.resource.createdAt)) >= parseIsoUs(String(wanted)));
      continue;
    }
    // A field of the resource, shown or kept by its domain (a rubric's revision).
    const accepted = (Array.isArray(wanted) ? wanted : [wanted]).map((value) => String(value).toLowerCase());
    records = records.filter((record) => {
      const key = Object.keys(record.resource).find((name) => sameName(name, parameter.name));
      return key === undefined || accepted.includes(String(record.resource[key]).toLowerCase());
    });
  }
  const { page, limit, offset } = pageOf(c, query, records);
  const items = page.map((record) => fit(view(record.resource, c), itemShape));
  let answer: Json = example;
  if (where.length === 0) answer = items;
  else {
    answer[where[0]!] = items;
    if (typeof answer.total === "number") answer.total = records.length;
    if (typeof answer.limit === "number") answer.limit = limit;
    if (typeof answer.offset === "number") answer.offset = offset;
    for (const key of ["has_more", "hasMore"]) if (typeof answer[key] === "boolean") answer[key] = offset + items.length < records.length;
    besides(answer, fields);
  }
  return ok(await allowed(c, answer, example), sample.status);
}

/**
 * The answer as the operation's schema allows it: a field it refuses takes the example's
 * value (an item of a list the example's first item's), so the answer always passes.
 */
async function allowed(c: Context, answer: Json, example: Json): Promise<Json> {
  const schema = (await operationSchemas(c.operation)).responses[samples[c.operation.id]!.status];
  if (!schema) return answer;
  for (let tries = 0; tries < 20; tries++) {
    const result = v.safeParse(schema, answer);
    if (result.success) return answer;
    const path: JsonPath = (result.issues[0].path ?? []).map((step: { key: unknown }) => step.key as string | number);
    if (path.length === 0) return example;
    const fallback = at(
      example,
      path.map((key) => (typeof key === "number" ? 0 : key)),
    );
    const parent = at(answer, path.slice(0, -1));
    if (!parent || fallback === undefined) return example;
    parent[path.at(-1)!] = structuredClone(fallback);
  }
  return example;
}
