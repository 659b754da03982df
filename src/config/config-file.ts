/**
 * The profile file (docs/contract.md, "Configuration and precedence"): reading it strictly
 * (where it lives and its text: config-path.ts), and writing it atomically (temp file + rename, 0600 in a 0700 folder). A corrupt file is a
 * clear error naming the path and is never overwritten.
 */
import * as v from "valibot";
import { CliError } from "../errors.ts";
import { emptyConfig, fs, nodePath, profileTable, readConfigText } from "./config-path.ts";

export { configPath } from "./config-path.ts";

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

/** Reads the config; a missing file is an empty config, anything unreadable is an error. */
export function readConfig(path: string): Config {
  const text = readConfigText(path);
  return text === undefined ? emptyConfig() : parseConfig(path, text);
}

/** The config file's text, checked: not JSON or not the expected shape is a clear error naming the path. */
export function parseConfig(path: string, text: string): Config {
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

/** Writes the config atomically with private permissions. */
export function writeConfig(path: string, config: Config): void {
  const { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } = fs();
  const { dirname, join } = nodePath();
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
