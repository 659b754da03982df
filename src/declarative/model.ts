/**
 * Comparing values the way the plan does: a canonical form (keys sorted, a revision config's
 * defaulted lists filled in), field-level differences, and the fingerprint of what was read.
 */

/** Keys sorted at every level: two equal values have the same JSON. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** A revision config as the API keeps it: `files`, `skills`, `plugins`, `subAgents` are lists even when not given. */
export function normalConfig(config: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!config) return null;
  const data = { ...((config.data as Record<string, unknown>) ?? {}) };
  for (const key of ["files", "skills", "plugins", "subAgents"]) data[key] = data[key] ?? [];
  return canonical({ ...config, data }) as Record<string, unknown>;
}

export interface FieldChange {
  /** Dotted path of the field: `config.data.input`, `integrations.gmail.connections`. */
  field: string;
  /** Absent when the field is new. */
  before?: unknown;
  /** Absent when the field goes away. */
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The fields that differ, objects descended into, lists and scalars compared whole. */
export function diff(before: unknown, after: unknown, field: string): FieldChange[] {
  if (same(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diff(before[key], after[key], field ? `${field}.${key}` : key));
  }
  const change: FieldChange = { field };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** The fields of something new, one per key that says something. */
export function created(value: Record<string, unknown>): FieldChange[] {
  return Object.keys(value)
    .sort()
    .filter((key) => {
      const item = value[key];
      return item !== undefined && item !== null && !(Array.isArray(item) && item.length === 0) && !(isObject(item) && Object.keys(item).length === 0);
    })
    .map((key) => ({ field: key, after: value[key] }));
}

/** The SHA-256 of a value's canonical JSON, hex. */
export function fingerprint(value: unknown): string {
  return new Bun.CryptoHasher("sha256").update(JSON.stringify(canonical(value))).digest("hex");
}
