/**
 * The profile file (docs/contract.md, "Configuration and precedence"): where it lives, reading it strictly, and
 * writing it atomically (temp file + rename, 0600 in a 0700 folder). A corrupt file is a
 * clear error naming the path and is never overwritten.
 */
import * as v from "valibot";
import { CliError } from "../errors.ts";

/** node:fs, loaded only to write (loading it costs a command ~4 ms of start-up; scripts/bench.ts). */
const fs = () => require("node:fs") as typeof import("node:fs");
const nodePath = () => require("node:path") as typeof import("node:path");

/**
 * `join` of node:path on a POSIX system, without loading node:path (~1 ms of every command's
 * start-up): the parts joined by "/", or node:path's answer when that would normalise something
 * (a "//", a "." or ".." segment, a trailing "/").
 */
export function joinPosix(...parts: string[]): string {
  const joined = parts.join("/");
  return /\/\/|(^|\/)\.\.?(\/|$)|\/$/.test(joined) || parts.some((part) => part === "") ? nodePath().join(...parts) : joined;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // keeps a BOM, as readFileSync does

/**
 * A small file's text, as `readFileSync(path, "utf8")` reads it (its error codes too), without
 * loading node:fs: `Bun.mmap` maps it and costs next to nothing. What it cannot map (an empty
 * file, a pipe such as `<(…)`, a folder, a platform without it) is read by node:fs, which
 * gives the usual answer or error. The config is replaced by rename, never rewritten in
 * place, so a mapped file cannot shrink while it is read.
 */
export function readTextFile(path: string): string {
  try {
    return decoder.decode(Bun.mmap(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw error;
    return fs().readFileSync(path, "utf8");
  }
}

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
  const join = process.platform === "win32" ? nodePath().join : joinPosix;
  if (env.DUVO_CONFIG_DIR) return join(env.DUVO_CONFIG_DIR, "config.json");
  if (platform === "win32" && env.APPDATA) return join(env.APPDATA, "duvo", "config.json");
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "duvo", "config.json");
  return join(env.HOME || (require("node:os") as typeof import("node:os")).homedir(), ".config", "duvo", "config.json");
}

/** Reads the config; a missing file is an empty config, anything unreadable is an error. */
export function readConfig(path: string): Config {
  let text: string;
  try {
    text = readTextFile(path);
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
