/**
 * Secret values an answer echoes, hidden as "***" unless `--show-secrets`: its own module, so
 * a declared command (operation-command.ts) gets the flag and the mask without loading the
 * tables and key/value blocks of show.ts before its request is sent.
 */
import type { DuvoArgsDef } from "./command.ts";

export const showSecretsArg = {
  "show-secrets": { type: "boolean", description: "Print secret values the API echoes (hidden as *** otherwise)" },
} as const satisfies DuvoArgsDef;

/** The answer with the values of secret keys replaced by "***", at any depth. */
export function hideSecrets<T>(value: T, keys: readonly string[]): T {
  if (keys.length === 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => hideSecrets(item, keys)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, keys.includes(key) && item !== null && item !== undefined ? maskValue(item) : hideSecrets(item, keys)]),
  ) as T;
}

function maskValue(value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return Object.fromEntries(Object.keys(value).map((key) => [key, "***"]));
  return "***";
}
