/**
 * A schema-valid example value for a (fixed-up) OpenAPI schema, as stripe-mock makes its
 * fixtures: every property present (optional ones too), the first branch of a union, the
 * first value of an enum, the smallest value a bound allows. Deterministic, so the
 * generated file only changes when the document does.
 */

type Json = any;

export interface SampleContext {
  resolve: (ref: string) => Json;
}

export function sampleOf(schema: Json, context: SampleContext, key = "value", depth = 0): unknown {
  if (!schema || typeof schema !== "object" || Object.keys(schema).length === 0) return null;
  if (schema.$ref) return depth > 6 ? null : sampleOf(context.resolve(schema.$ref), context, key, depth + 1);
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) {
    // An object branch says the most; otherwise the first.
    const branch = union.find((b: Json) => b.type === "object" || b.properties) ?? union[0];
    return sampleOf(branch, context, key, depth + 1);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema["x-extensible-enum"])) return schema["x-extensible-enum"][0];
  switch (schema.type) {
    case "string":
      return sampleString(schema, key);
    case "integer":
    case "number":
      return sampleNumber(schema);
    case "boolean":
      return false;
    case "null":
      return null;
    case "array":
      if (schema.maxItems === 0) return [];
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items ?? {}, context, singular(key), depth + 1));
    default: {
      if (schema.type !== "object" && !schema.properties) return null;
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries<Json>(schema.properties ?? {})) out[name] = sampleOf(value, context, name, depth + 1);
      return out;
    }
  }
}

let uuidCounter = 0;

/** Restarts the id sequence, so one generation run always gives the same ids. */
export function resetSamples() {
  uuidCounter = 0;
}

function sampleString(schema: Json, key: string): string {
  switch (schema.format) {
    case "uuid":
      return `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, "0")}`;
    case "date-time":
      return "2026-01-01T00:00:00.000Z";
    case "date":
      return "2026-01-01";
    case "email":
      return "ada@example.com";
    case "uri":
      return "https://example.com/";
  }
  if (typeof schema.pattern === "string") {
    // The document's few patterns: a file name with an image extension, an env-var key, a time zone.
    const fitting = ["example.png", "EXAMPLE_KEY", "Europe/Prague"].find((candidate) => new RegExp(schema.pattern).test(candidate));
    if (fitting) return fitting;
  }
  if (/(^|_)(at|date)$/.test(key) || /At$/.test(key)) return "2026-01-01T00:00:00.000Z";
  let text = `example ${key}`;
  if (typeof schema.maxLength === "number") text = text.slice(0, schema.maxLength);
  if (typeof schema.minLength === "number" && text.length < schema.minLength) text = text.padEnd(schema.minLength, "x");
  return text;
}

function sampleNumber(schema: Json): number {
  let value = schema.type === "integer" ? 1 : 1;
  if (typeof schema.minimum === "number") value = schema.exclusiveMinimum === true ? Math.floor(schema.minimum) + 1 : schema.minimum;
  if (typeof schema.maximum === "number" && value > schema.maximum) value = schema.maximum;
  return value;
}

function singular(key: string): string {
  return key.endsWith("s") ? key.slice(0, -1) : key;
}
