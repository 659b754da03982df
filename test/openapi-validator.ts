/**
 * Checks the emulator's answers against Duvo's OpenAPI document with Ajv, a JSON-Schema
 * validator that shares no code with the generated valibot schemas (so a bug in the
 * generator cannot hide a drift). Strict, as the real API serialises its answers: every
 * required key present, no key the document does not list.
 *
 * The document is read as committed (scripts/openapi/duvo-openapi.json) and corrected by the
 * same documented fix-ups the generator applies; then converted from OpenAPI 3.0 to the
 * JSON Schema Ajv reads (boolean exclusive bounds become numbers).
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixDocument, forEachOperation } from "../scripts/openapi/fixups.ts";

type Json = any;

export const SPEC_PATH = join(import.meta.dir, "..", "scripts", "openapi", "duvo-openapi.json");

let document: Json | undefined;
const responses = new Map<string, Json>(); // `${operationId} ${status}` → JSON Schema
const requests = new Map<string, Json>(); // operationId → request body JSON Schema
const parameters = new Map<string, { path: Json; query: Json }>(); // operationId → path and query parameters as object schemas
const compiledValidators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;
/** Path and query parameters arrive as text: this instance reads "5" as the integer 5 and "true" as true (as the API does), and nothing else. */
let parameterAjv: Ajv | undefined;

function load() {
  if (document) return;
  document = fixDocument(JSON.parse(readFileSync(SPEC_PATH, "utf8"))).document;
  ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  parameterAjv = new Ajv({ strict: false, allErrors: false, validateFormats: true, coerceTypes: true });
  addFormats(parameterAjv);
  for (const instance of [ajv, parameterAjv]) {
    instance.addSchema({ $id: "openapi", components: { schemas: mapValues(document.components?.schemas ?? {}, (s) => toJsonSchema(s)) } });
  }
  forEachOperation(document, (_path, _method, operation) => {
    for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
      const schema = response.content?.["application/json"]?.schema;
      responses.set(`${operation.operationId} ${status}`, schema ? toJsonSchema(schema) : null);
    }
    const body = operation.requestBody?.content?.["application/json"]?.schema;
    if (body) requests.set(operation.operationId, toJsonSchema(body));
    const listed = (operation.parameters ?? []).filter((p: Json) => !p.$ref);
    const objectOf = (where: string) => {
      const own = listed.filter((p: Json) => p.in === where);
      return {
        type: "object",
        properties: Object.fromEntries(own.map((p: Json) => [p.name, toJsonSchema(p.schema ?? {})])),
        required: own.filter((p: Json) => p.required).map((p: Json) => p.name),
        additionalProperties: false,
      };
    };
    parameters.set(operation.operationId, { path: objectOf("path"), query: objectOf("query") });
  });
}

/** The statuses the document lists for an operation. */
export function documentedStatuses(operationId: string): number[] {
  load();
  return [...responses.keys()].filter((key) => key.startsWith(`${operationId} `)).map((key) => Number(key.split(" ")[1]));
}

/** Why `body` is not what the document allows as operation `operationId`'s answer with `status`; undefined when it is. */
export function responseProblem(operationId: string, status: number, body: unknown): string | undefined {
  load();
  const key = `${operationId} ${status}`;
  if (!responses.has(key)) return `${operationId} does not document status ${status} (it lists ${documentedStatuses(operationId).join(", ")})`;
  const schema = responses.get(key);
  if (status === 204) return body === undefined || body === null ? undefined : `${key}: a 204 carries no body`;
  if (schema === null) return body === undefined || body === null || body === "" ? undefined : `${operationId} ${status} documents no body`;
  return problem(key, schema, body);
}

/** Why `body` is not a request body the document allows for `operationId`; undefined when it is. */
export function requestProblem(operationId: string, body: unknown): string | undefined {
  load();
  const schema = requests.get(operationId);
  if (!schema) return body === undefined ? undefined : `${operationId} takes no body`;
  return problem(`${operationId} request`, schema, body);
}

/**
 * Why a request is not one the document allows for `operationId`: its path parameters, its
 * query (strictly: a parameter the operation does not list is a drift) and its JSON body;
 * undefined when it is. Parameters are text as they arrive; each is read as its schema's type.
 */
export function requestProblems(
  operationId: string,
  request: { params: Record<string, string>; query: Record<string, string>; body?: unknown; json?: boolean },
): string | undefined {
  load();
  const listed = parameters.get(operationId);
  if (!listed) return `${operationId} is no operation of the document`;
  return (
    problem(`${operationId} path`, listed.path, { ...request.params }, parameterAjv) ??
    problem(`${operationId} query`, listed.query, { ...request.query }, parameterAjv) ??
    (request.json === false ? undefined : requestProblem(operationId, request.body))
  );
}

function problem(key: string, schema: Json, value: unknown, instance = ajv!): string | undefined {
  const cacheKey = instance === ajv ? key : `${key} (text)`;
  let validate = compiledValidators.get(cacheKey);
  if (!validate) compiledValidators.set(cacheKey, (validate = instance.compile(schema)));
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  const detail = error?.params && "additionalProperty" in error.params ? ` (${error.params.additionalProperty})` : "";
  return `${key}: ${error?.instancePath || "/"} ${error?.message}${detail}`;
}

/**
 * OpenAPI 3.0 → the JSON Schema Ajv reads, made strict: `exclusiveMinimum: true` + `minimum`
 * become a numeric `exclusiveMinimum`; an object that lists properties and says nothing
 * about others allows no others; references point into the document added as "openapi".
 */
function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(schema)) {
    if (key === "properties") out.properties = mapValues(value, toJsonSchema);
    else if (key === "$ref") out.$ref = `openapi${value}`;
    else if (key === "enum" || key === "required" || key === "x-extensible-enum" || key === "example" || key === "default") out[key] = value;
    else if (typeof value === "object") out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  for (const [bound, exclusive] of [
    ["minimum", "exclusiveMinimum"],
    ["maximum", "exclusiveMaximum"],
  ] as const) {
    if (out[exclusive] === true) {
      out[exclusive] = out[bound];
      delete out[bound];
    } else if (out[exclusive] === false) delete out[exclusive];
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // Ajv's `nullable` needs a `type`; an enum that lists null must keep allowing it.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
