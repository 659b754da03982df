/**
 * Who we are and where we talk to: the API key, base URL and profile, resolved with the
 * precedence of docs/contract.md, "Configuration and precedence" (flag → env → profile → default; an env key wins even with
 * --profile, while the profile's base URL and team still apply).
 */
import { AuthError, UsageError } from "../errors.ts";
import type { Config, ProfileEntry } from "./config-file.ts";
import { configPath, emptyConfig, fs, readConfigText } from "./config-path.ts";
import { unknownProfile } from "./profiles.ts";

export const DEFAULT_BASE_URL = "https://api.duvo.ai";

export interface Credentials {
  apiKey: string;
  authSource: "env" | "file" | "profile";
  apiBaseUrl: string;
  profileName: string | undefined;
  profile: ProfileEntry | undefined;
  configPath: string;
}

/**
 * `globals`: the global flags; only `--profile` matters here. The config file's check (and
 * valibot with it) is loaded only when there is a file: a key from the environment and no
 * file sends the first request before valibot is loaded.
 */
export async function resolveCredentials(globals: { profile?: string }, env: Record<string, string | undefined>): Promise<Credentials> {
  const path = configPath(env);
  const explicitProfile = globals.profile ?? (env.DUVO_PROFILE || undefined);
  const envKey = readEnvKey(env);
  const text = readConfigText(path);
  const config: Config = text === undefined ? emptyConfig() : (await import("./config-file.ts")).parseConfig(path, text);
  const profileName = explicitProfile ?? config.defaultProfile ?? (config.profiles.default ? "default" : undefined);
  const profile = profileName ? config.profiles[profileName] : undefined;
  if (explicitProfile && !profile) throw unknownProfile(explicitProfile, Object.keys(config.profiles));
  const apiBaseUrl = checkBaseUrl(env.DUVO_API_BASE_URL || profile?.apiBaseUrl || DEFAULT_BASE_URL);
  if (envKey) return { ...envKey, apiBaseUrl, profileName, profile, configPath: path };
  if (profile?.apiKey) {
    return { apiKey: profile.apiKey, authSource: "profile", apiBaseUrl, profileName, profile, configPath: path };
  }
  throw new AuthError("no API key", "Set DUVO_API_KEY (or DUVO_API_KEY_FILE), or run `duvo login`.");
}

function readEnvKey(env: Record<string, string | undefined>): { apiKey: string; authSource: "env" | "file" } | undefined {
  if (env.DUVO_API_KEY) return { apiKey: env.DUVO_API_KEY.trim(), authSource: "env" };
  if (env.DUVO_API_KEY_FILE) {
    let key: string;
    try {
      // node:fs (~4 ms to load), not readTextFile: the key file may be a named pipe (`mkfifo`, a secrets agent's).
      key = fs().readFileSync(env.DUVO_API_KEY_FILE, "utf8").trim();
    } catch (error) {
      throw new AuthError(`cannot read DUVO_API_KEY_FILE ${env.DUVO_API_KEY_FILE}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
    }
    if (!key) throw new AuthError(`DUVO_API_KEY_FILE ${env.DUVO_API_KEY_FILE} is empty`);
    return { apiKey: key, authSource: "file" };
  }
  return undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The key goes only over https, or plain http to a loopback host. */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`invalid API base URL "${raw}": expected e.g. https://api.duvo.ai`);
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new UsageError(`refusing to send the API key over plain http to ${url.hostname}: use https (http is allowed only for localhost)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`invalid API base URL "${raw}": expected an https:// URL`);
  }
  return url.origin + url.pathname.replace(/\/+$/, "").replace(/\/v2$/, "");
}

/** `dv_…abcd`: enough to recognise a key, never enough to use it. */
export function maskKey(key: string): string {
  const prefix = key.startsWith("dv_") ? "dv_" : "";
  return `${prefix}…${key.slice(-4)}`;
}
