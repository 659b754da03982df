/**
 * Turns one (fixed-up) OpenAPI 3.0 schema into valibot source code.
 *
 * Two modes, because the client and the API grow at different speeds:
 * - "strict", for what `duvo` sends (request bodies, parameters): closed objects, enums as
 *   picklists, formats, lengths and bounds checked, so a mistake is caught before sending;
 * - "loose", for what the API answers: types and required keys only; unknown keys and
 *   enum values the document does not list yet pass through, so a newer API never breaks
 *   an older `duvo`.
 */

type Json = any;
export type Mode = "strict" | "loose";

export interface EmitContext {
  /** `#/components/schemas/<Name>` references, resolved to the component's constant name. */
  componentName: (ref: string) => string;
  /** A shape written once elsewhere in the module: the code that refers to it (e.g. `Config()`). */
  reference?: (schema: Json, mode: Mode) => string | undefined;
}

export function emitSchema(schema: Json, mode: Mode, context: EmitContext, indent = ""): string {
  const reference = schema && typeof schema === "object" ? context.reference?.(schema, mode) : undefined;
  if (reference) return reference;
  return nullable(schema, emitBase(schema, mode, context, indent));
}

function nullable(schema: Json, code: string): string {
  return schema?.nullable === true && code !== "v.null()" ? `v.nullable(${code})` : code;
}

function emitBase(schema: Json, mode: Mode, context: EmitContext, indent: string): string {
  if (!schema || typeof schema !== "object" || Object.keys(schema).length === 0) return "v.unknown()";
  if (schema.$ref) return context.componentName(schema.$ref);
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) {
    const branches = union.map((branch: Json) => emitSchema(branch, mode, context, indent));
    const unique = [...new Set(branches)];
    return unique.length === 1 ? unique[0]! : `v.union([${unique.join(", ")}])`;
  }
  if (Array.isArray(schema.enum)) return emitEnum(schema, mode);
  switch (schema.type) {
    case "string":
      return emitString(schema, mode);
    case "integer":
    case "number":
      return emitNumber(schema, mode);
    case "boolean":
      return "v.boolean()";
    case "null":
      return "v.null()";
    case "array": {
      const item = emitSchema(schema.items ?? {}, mode, context, indent);
      const checks = mode === "strict" ? lengthChecks(schema, "minItems", "maxItems") : [];
      return pipe(`v.array(${item})`, checks);
    }
    case "object":
      return emitObject(schema, mode, context, indent);
    default:
      if (schema.properties) return emitObject(schema, mode, context, indent);
      return "v.unknown()";
  }
}

function emitEnum(schema: Json, mode: Mode): string {
  const values: unknown[] = schema.enum.filter((value: unknown) => value !== null);
  if (values.length === 0) return "v.null()";
  if (values.every((value) => typeof value === "string")) {
    const list = `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
    // An open enum (and every enum in an answer) takes values the document does not list yet.
    return mode === "loose" || schema["x-extensible-enum"] ? `openEnum(${list})` : `v.picklist(${list})`;
  }
  const literals = values.map((value) => `v.literal(${JSON.stringify(value)})`);
  return literals.length === 1 ? literals[0]! : `v.union([${literals.join(", ")}])`;
}

function emitString(schema: Json, mode: Mode): string {
  if (Array.isArray(schema["x-extensible-enum"])) {
    return `openEnum([${schema["x-extensible-enum"].map((value: string) => JSON.stringify(value)).join(", ")}])`;
  }
  if (mode === "loose") return "v.string()";
  const checks: string[] = [];
  if (schema.format === "uuid") checks.push("v.uuid()");
  else if (schema.format === "date-time") checks.push("v.isoTimestamp()");
  else if (schema.format === "email") checks.push("v.email()");
  else if (schema.format === "uri") checks.push("v.url()");
  checks.push(...lengthChecks(schema, "minLength", "maxLength"));
  if (typeof schema.pattern === "string") checks.push(`v.regex(${regexLiteral(schema.pattern)})`);
  return pipe("v.string()", checks);
}

function emitNumber(schema: Json, mode: Mode): string {
  if (mode === "loose") return "v.number()";
  const checks: string[] = [];
  if (schema.type === "integer") checks.push("v.integer()");
  if (typeof schema.minimum === "number") {
    checks.push(schema.exclusiveMinimum === true ? `v.gtValue(${schema.minimum})` : `v.minValue(${schema.minimum})`);
  } else if (typeof schema.exclusiveMinimum === "number") checks.push(`v.gtValue(${schema.exclusiveMinimum})`);
  if (typeof schema.maximum === "number") {
    checks.push(schema.exclusiveMaximum === true ? `v.ltValue(${schema.maximum})` : `v.maxValue(${schema.maximum})`);
  } else if (typeof schema.exclusiveMaximum === "number") checks.push(`v.ltValue(${schema.exclusiveMaximum})`);
  return pipe("v.number()", checks);
}

function emitObject(schema: Json, mode: Mode, context: EmitContext, indent: string): string {
  const properties = Object.entries<Json>(schema.properties ?? {});
  const extra = schema.additionalProperties;
  const extraSchema = extra && typeof extra === "object" && Object.keys(extra).length > 0 ? extra : undefined;
  const openExtra = extra === true || (extra && typeof extra === "object" && Object.keys(extra).length === 0);
  if (properties.length === 0) {
    if (extraSchema) return `v.record(v.string(), ${emitSchema(extraSchema, mode, context, indent)})`;
    return "v.record(v.string(), v.unknown())";
  }
  const required = new Set<string>(schema.required ?? []);
  const inner = `${indent}  `;
  const entries = properties.map(([key, value]) => {
    const code = emitSchema(value, mode, context, inner);
    return `${inner}${propertyKey(key)}: ${required.has(key) ? code : `v.optional(${code})`},`;
  });
  const body = `{\n${entries.join("\n")}\n${indent}}`;
  if (mode === "loose") return `v.looseObject(${body})`;
  if (extraSchema) return `v.objectWithRest(${body}, ${emitSchema(extraSchema, mode, context, indent)})`;
  if (openExtra) return `v.looseObject(${body})`;
  return `v.strictObject(${body})`;
}

function lengthChecks(schema: Json, min: string, max: string): string[] {
  const checks: string[] = [];
  if (typeof schema[min] === "number" && schema[min] > 0) checks.push(`v.minLength(${schema[min]})`);
  if (typeof schema[max] === "number") checks.push(`v.maxLength(${schema[max]})`);
  return checks;
}

function pipe(base: string, checks: string[]): string {
  return checks.length === 0 ? base : `v.pipe(${base}, ${checks.join(", ")})`;
}

export function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function regexLiteral(pattern: string): string {
  return `/${pattern.replace(/(?<!\\)\//g, "\\/")}/`;
}
