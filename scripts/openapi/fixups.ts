/**
 * The one place where Duvo's published OpenAPI document is corrected before anything is
 * generated from it or validated against it. Each fix is a defect that a JSON-Schema
 * validator rejects or that contradicts the API's own behaviour; each is listed in the
 * docs/api-document.md (the table of the document's defects). Nothing else about the document is changed.
 */

type Json = any;

export interface Fix {
  /** A stable name, used in docs/api-document.md's table and in the generator's summary. */
  name: string;
  /** What is wrong with the document and what the fix does. */
  description: string;
  /** How many places it changed. */
  count: number;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Returns a corrected deep copy of `document` and the fixes applied (with counts). */
export function fixDocument(document: Json): { document: Json; fixes: Fix[] } {
  const doc = structuredClone(document);
  const fixes: Fix[] = [
    {
      name: "exclusive-minimum-without-minimum",
      description: "`exclusiveMinimum: true` without `minimum` (OpenAPI 3.0's boolean form needs a bound): read as a positive number, `minimum: 0` added",
      count: 0,
    },
    {
      name: "nullable-without-type",
      description: "`nullable: true` without `type` (OpenAPI 3.0 ignores it there): on an `anyOf`, each branch is made nullable; on an empty schema (any value), it is dropped",
      count: 0,
    },
    {
      name: "undeclared-path-parameter",
      description:
        "a `{name}` in the path that the operation does not declare (`{teamId}` on the team-file and native-OAuth operations): declared as a required path parameter, with the schema other operations give it",
      count: 0,
    },
    {
      name: "all-of-closed-objects",
      description:
        "`allOf` of objects that each forbid additional properties (the case-run recent messages): no value can satisfy every member, so the members are merged into one object (properties and required keys combined; an `anyOf` member is distributed over its branches)",
      count: 0,
    },
    {
      name: "missing-operation-id",
      description:
        "operations without an `operationId` (`GET`/`POST /v2/mcp`, the two artifact-chat message operations of Clarity v2): named from the method and the path's words, e.g. `getMcp`",
      count: 0,
    },
    {
      name: "redirect-without-response",
      description:
        "two deprecated case operations (`bulkDelegateCases`, `bulkRetryCases`) say in words that they answer 308 to `bulk-reprocess` but list no success response: the 308 is added, with its `Location`",
      count: 0,
    },
    {
      name: "case-trigger-concurrency-enum",
      description:
        "a case trigger's `concurrency` in the create and update bodies allows only `1` (`enum: [1]`), yet triggers answer any positive integer and the official CLI's documentation sets `--concurrency 3`: the enum is dropped, a whole number of at least 1 (or null) is allowed",
      count: 0,
    },
    {
      name: "json-rpc-without-body",
      description:
        "`GET`/`POST /v2/mcp` is described as a JSON-RPC endpoint, yet its 200 documents no body: a JSON-RPC 2.0 message (`jsonrpc`, `id`, then `result` or `error`) is documented as the answer",
      count: 0,
    },
    {
      name: "run-list-status-enum",
      description: "the run list's `status` enum lacks `stopped` and `needs_attention`, which the same operation's filter accepts and runs reach: both added",
      count: 0,
    },
  ];
  const fix = (name: string) => fixes.find((f) => f.name === name)!;

  walkSchemas(doc, (schema) => {
    if (schema.exclusiveMinimum === true && schema.minimum === undefined) {
      schema.minimum = 0;
      fix("exclusive-minimum-without-minimum").count++;
    }
    if (schema.nullable === true && schema.type === undefined) {
      delete schema.nullable;
      const branches = schema.anyOf ?? schema.oneOf;
      if (Array.isArray(branches)) for (const branch of branches) makeNullable(branch);
      fix("nullable-without-type").count++;
    }
  });

  // Schemas other operations give a path parameter, by name, for the undeclared ones.
  const knownParameters = new Map<string, Json>();
  forEachOperation(doc, (_path, _method, operation) => {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === "path" && !knownParameters.has(parameter.name)) knownParameters.set(parameter.name, parameter.schema);
    }
  });
  forEachOperation(doc, (path, _method, operation) => {
    const declared = new Set((operation.parameters ?? []).filter((p: Json) => p.in === "path").map((p: Json) => p.name));
    for (const [, name] of path.matchAll(/\{([^}*]+)\}/g)) {
      if (declared.has(name!)) continue;
      operation.parameters = [...(operation.parameters ?? []), { in: "path", name, required: true, schema: structuredClone(knownParameters.get(name!) ?? { type: "string" }) }];
      fix("undeclared-path-parameter").count++;
    }
  });

  forEachOperation(doc, (path, method, operation) => {
    if (operation.operationId) return;
    const words = path.split("/").filter((word) => word && word !== "v2" && !word.startsWith("{"));
    operation.operationId = [method, ...words]
      .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
      .filter(Boolean)
      .map((word, i) => (i === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
      .join("");
    fix("missing-operation-id").count++;
  });

  forEachOperation(doc, (_path, _method, operation) => {
    const statuses = Object.keys(operation.responses ?? {});
    if (statuses.some((status) => /^[23]/.test(status))) return;
    const target = /use (GET|POST|PUT|PATCH|DELETE) (\/\S+) instead[\s\S]*redirects \(308\)/.exec(operation.description ?? "");
    if (!target) return;
    operation.responses["308"] = {
      description: `Permanent redirect to ${target[1]} /v2${target[2]}`,
      headers: { Location: { schema: { type: "string" } } },
      "x-redirect-to": `/v2${target[2]}`,
    };
    fix("redirect-without-response").count++;
  });

  walkSchemas(
    doc,
    (schema) => {
      if (!Array.isArray(schema.allOf)) return;
      const members = schema.allOf as Json[];
      if (!members.some(isClosedObject) && !members.some((m) => Array.isArray(m.anyOf))) return;
      const merged = members.reduce((left, right) => mergeSchemas(left, right));
      delete schema.allOf;
      Object.assign(schema, merged);
      fix("all-of-closed-objects").count++;
    },
    { after: true },
  );

  for (const [path, method] of [
    ["/v2/agents/{agent_id}/case-triggers", "post"],
    ["/v2/agents/{agent_id}/case-triggers/{trigger_id}", "patch"],
  ] as const) {
    const concurrency = doc.paths?.[path]?.[method]?.requestBody?.content?.["application/json"]?.schema?.properties?.concurrency;
    if (Array.isArray(concurrency?.enum) && concurrency.enum.length === 1 && concurrency.enum[0] === 1) {
      delete concurrency.enum;
      Object.assign(concurrency, { type: "integer", minimum: 1 });
      fix("case-trigger-concurrency-enum").count++;
    }
  }

  for (const operation of Object.values<Json>(doc.paths?.["/v2/mcp"] ?? {})) {
    const answer = operation?.responses?.["200"];
    if (!answer || answer.content) continue;
    const error = { type: "object", properties: { code: { type: "integer" }, message: { type: "string" } }, required: ["code", "message"] };
    const properties = { jsonrpc: { type: "string", enum: ["2.0"] }, id: { anyOf: [{ type: "string", nullable: true }, { type: "number" }] }, result: {}, error };
    answer.content = { "application/json": { schema: { type: "object", properties, required: ["jsonrpc", "id"] } } };
    fix("json-rpc-without-body").count++;
  }

  const runList = doc.paths?.["/v2/teams/{teamId}/runs"]?.get;
  const status = runList?.responses?.["200"]?.content?.["application/json"]?.schema?.properties?.data?.items?.properties?.status;
  if (Array.isArray(status?.enum)) {
    for (const value of ["stopped", "needs_attention"]) {
      if (!status.enum.includes(value)) {
        status.enum.push(value);
        fix("run-list-status-enum").count++;
      }
    }
  }
  return { document: doc, fixes };
}

function makeNullable(schema: Json) {
  if (schema.type !== undefined) schema.nullable = true;
  else if (Array.isArray(schema.anyOf ?? schema.oneOf)) for (const branch of schema.anyOf ?? schema.oneOf) makeNullable(branch);
}

function isClosedObject(schema: Json): boolean {
  return schema?.type === "object" && schema.additionalProperties === false;
}

/** The schema a value must satisfy to satisfy both `left` and `right` (objects merged, unions distributed). */
function mergeSchemas(left: Json, right: Json): Json {
  if (Array.isArray(left.anyOf)) return { ...without(left, "anyOf"), anyOf: left.anyOf.map((branch: Json) => mergeSchemas(branch, right)) };
  if (Array.isArray(right.anyOf)) return { ...without(right, "anyOf"), anyOf: right.anyOf.map((branch: Json) => mergeSchemas(left, branch)) };
  if (left.type === "object" && right.type === "object") {
    const properties: Record<string, Json> = { ...left.properties };
    for (const [key, value] of Object.entries<Json>(right.properties ?? {})) {
      // The later member narrows a key both name (e.g. `type: "text"` within the shared type union).
      properties[key] = value;
    }
    const required = [...new Set([...(left.required ?? []), ...(right.required ?? [])])];
    const closed = left.additionalProperties === false || right.additionalProperties === false;
    return {
      type: "object",
      properties,
      ...(required.length ? { required } : {}),
      ...(closed ? { additionalProperties: false } : left.additionalProperties !== undefined ? { additionalProperties: left.additionalProperties } : {}),
    };
  }
  return right;
}

function without(schema: Json, key: string): Json {
  const { [key]: _, ...rest } = schema;
  return rest;
}

export function forEachOperation(doc: Json, visit: (path: string, method: (typeof METHODS)[number], operation: Json) => void) {
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) if (item[method]) visit(path, method, item[method]);
  }
}

/**
 * Calls `visit` on every schema of the document (parameters, bodies, responses, components),
 * children first when `after` is set (so a merge sees already-merged members).
 */
export function walkSchemas(doc: Json, visit: (schema: Json) => void, options: { after?: boolean } = {}) {
  const seen = new Set<Json>();
  const walk = (schema: Json) => {
    if (!schema || typeof schema !== "object" || seen.has(schema)) return;
    seen.add(schema);
    if (!options.after) visit(schema);
    for (const key of ["items", "additionalProperties", "not"]) if (schema[key] && typeof schema[key] === "object") walk(schema[key]);
    for (const key of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(schema[key])) schema[key].forEach(walk);
    if (schema.properties) Object.values(schema.properties).forEach(walk);
    if (options.after) visit(schema);
  };
  forEachOperation(doc, (_path, _method, operation) => {
    for (const parameter of operation.parameters ?? []) walk(parameter.schema);
    for (const media of Object.values<Json>(operation.requestBody?.content ?? {})) walk(media.schema);
    for (const response of Object.values<Json>(operation.responses ?? {})) {
      for (const media of Object.values<Json>(response.content ?? {})) walk(media.schema);
    }
  });
  for (const schema of Object.values<Json>(doc.components?.schemas ?? {})) walk(schema);
}
