/** Which profile a config command acts on, and what a profile may be called. */
import { AuthError, UsageError } from "../errors.ts";
import { printable } from "../printable.ts";
import type { Config } from "./config-file.ts";

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkProfileName(name: string, flag: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`invalid profile name "${printable(name)}" for ${flag}: use letters, digits, ".", "_" or "-" (up to 64)`);
  }
  return name;
}

/**
 * The profile named by a flag, else `--profile`, else DUVO_PROFILE, else the default
 * profile (`default` when none is set): flag → env → config → default, as everywhere.
 */
export function targetProfileName(named: string | undefined, globalProfile: string | undefined, env: Record<string, string | undefined>, config: Config): string {
  return named ?? globalProfile ?? (env.DUVO_PROFILE || undefined) ?? config.defaultProfile ?? "default";
}

/** A profile that is not in the config file: exit 2, with the names there are and how to create it. */
export function unknownProfile(name: string, known: string[]): AuthError {
  return new AuthError(
    `unknown profile "${printable(name)}"${known.length ? ` (profiles: ${known.join(", ")})` : " (no profiles yet)"}`,
    `Run \`duvo login --name ${printable(name)}\` to create it.`,
  );
}
