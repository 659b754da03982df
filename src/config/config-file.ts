/**
 * The profile file (docs/contract.md, "Configuration and precedence"): where it lives, reading it strictly, and
 * writing it atomically (temp file + rename, 0600 in a 0700 folder). A corrupt file is a
 * clear error naming the path and is never overwritten.
 */
import * as v from "valibot";
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { CliError } from "../errors.ts";

export const ProfileEntrySchema = v.looseObject({
  apiKey: v.optional(v.string()),
  apiBaseUrl: v.optional(v.string()),
  teamId: v.optional(v.string()),
});
export type ProfileEntry = v.InferOutput<typeof ProfileEntrySchema>;

export const ConfigSchema = v.looseObject({
  defaultProfile: v.optional(v.string()),
  profiles: v.optional(v.record(v.string(), ProfileEntrySchema), {}),
});
export type Config = v.InferOutput<typeof ConfigSchema>;

export function configPath(env: Record<string, string | undefined>, platform: string = process.platform): string {
  if (env.DUVO_CONFIG_DIR) return join(env.DUVO_CONFIG_DIR, "config.json");
  if (platform === "win32" && env.APPDATA) return join(env.APPDATA, "duvo", "config.json");
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "duvo", "config.json");
  return join(env.HOME || homedir(), ".config", "duvo", "config.json");
}

/** Reads the config; a missing file is an empty config, anything unreadable is an error. */
export function readConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: profileTable({}) };
    throw new CliError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`config file ${path} is not valid JSON`, undefined, "Fix or remove the file, then run `duvo login` again.");
  }
  const result = v.safeParse(ConfigSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((item) => String(item.key)).join(".") || "(top level)";
    throw new CliError(`config file ${path} is malformed at ${where}: ${issue.message}`, undefined, "Fix or remove the file, then run `duvo login` again.");
  }
  return { ...result.output, profiles: profileTable(result.output.profiles) };
}

/** Profiles by name with no prototype: a profile called "constructor" or "__proto__" is just a name. */
function profileTable(profiles: Record<string, ProfileEntry>): Record<string, ProfileEntry> {
  return Object.assign(Object.create(null) as Record<string, ProfileEntry>, profiles);
}

/** Writes the config atomically with private permissions. */
export function writeConfig(path: string, config: Config): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.platform !== "win32") chmodSync(folder, 0o700);
  const temporary = join(folder, `.config.json.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`cannot write config file ${path}: ${(error as Error).message}`);
  }
}
