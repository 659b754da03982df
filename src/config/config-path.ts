/**
 * Where the profile file lives and reading it as text, without valibot: a command sending a
 * request with the key from the environment and no config file never loads it; the file's
 * check (config-file.ts) is loaded when there is a file to check.
 */
import { CliError } from "../errors.ts";

/** node:fs, loaded only to write (loading it costs a command ~4 ms of start-up; scripts/bench.ts). */
export const fs = () => require("node:fs") as typeof import("node:fs");
export const nodePath = () => require("node:path") as typeof import("node:path");

/**
 * `join` of node:path on a POSIX system, without loading node:path (~1 ms of every command's
 * start-up): the parts joined by "/", or node:path's answer when that would normalise something
 * (a "//", a "." or ".." segment, a trailing "/").
 */
export function joinPosix(...parts: string[]): string {
  const joined = parts.join("/");
  return /\/\/|(^|\/)\.\.?(\/|$)|\/$/.test(joined) || parts.some((part) => part === "") ? nodePath().join(...parts) : joined;
}

let decoder: TextDecoder | undefined; // made when a file is there to decode: most commands read none

/**
 * A small file's text, as `readFileSync(path, "utf8")` reads it (its error codes too), without
 * loading node:fs: `Bun.mmap` maps it and costs next to nothing. What it cannot map (an empty
 * file, a pipe such as `<(…)`, a folder, a platform without it) is read by node:fs, which
 * gives the usual answer or error. The config is replaced by rename, never rewritten in
 * place, so a mapped file cannot shrink while it is read. Not for a file that may be a named
 * pipe (the key file, DUVO_API_KEY_FILE): `Bun.mmap` opens it read-write, which on a FIFO
 * stands in for a writer, and what the real writer sent is lost when it closes.
 */
export function readTextFile(path: string): string {
  try {
    const bytes = Bun.mmap(path);
    return (decoder ??= new TextDecoder("utf-8", { ignoreBOM: true })).decode(bytes); // keeps a BOM, as readFileSync does
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw error;
    return fs().readFileSync(path, "utf8");
  }
}

export function configPath(env: Record<string, string | undefined>, platform: string = process.platform): string {
  const join = process.platform === "win32" ? nodePath().join : joinPosix;
  if (env.DUVO_CONFIG_DIR) return join(env.DUVO_CONFIG_DIR, "config.json");
  if (platform === "win32" && env.APPDATA) return join(env.APPDATA, "duvo", "config.json");
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "duvo", "config.json");
  return join(env.HOME || (require("node:os") as typeof import("node:os")).homedir(), ".config", "duvo", "config.json");
}

/** The config's text; undefined when there is no file, a clear error when it cannot be read. */
export function readConfigText(path: string): string | undefined {
  try {
    return readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
}

/** The config when there is no file: no default profile, no profiles. */
export function emptyConfig(): { defaultProfile?: undefined; profiles: Record<string, never> } {
  return { profiles: profileTable<never>({}) };
}

/** Profiles by name with no prototype: a profile called "constructor" or "__proto__" is just a name. */
export function profileTable<T>(profiles: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, profiles);
}
