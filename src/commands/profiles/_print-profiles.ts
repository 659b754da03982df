/**
 * What every `duvo profiles` command prints: the profiles as they are now (after `use` or
 * `remove`), keys masked. `--json`: `{defaultProfile, profiles: [{name, default,
 * apiBaseUrl, teamId, apiKey}]}`.
 */
import type { Runtime } from "../../cli/runtime.ts";
import type { Config } from "../../config/config-file.ts";
import { maskKey } from "../../config/credentials.ts";
import { sanitizeLine } from "../../output/style.ts";
import { fitWidth, renderTable } from "../../output/table.ts";
import { printJson } from "../../output/print-json.ts";

export function profilesDocument(config: Config) {
  const defaultProfile = config.defaultProfile !== undefined && config.profiles[config.defaultProfile] ? config.defaultProfile : null;
  return {
    defaultProfile,
    profiles: Object.entries(config.profiles).map(([name, profile]) => ({
      name,
      default: name === defaultProfile,
      apiBaseUrl: profile.apiBaseUrl ?? null,
      teamId: profile.teamId ?? null,
      apiKey: profile.apiKey ? maskKey(profile.apiKey) : null,
    })),
  };
}

export async function printProfiles(runtime: Runtime, config: Config, json: boolean | undefined): Promise<void> {
  const document = profilesDocument(config);
  if (json) return printJson(runtime, document);
  if (document.profiles.length === 0) return; // the caller says why on stderr
  const rows = document.profiles.map((profile) => [
    profile.default ? "*" : "",
    sanitizeLine(profile.name),
    sanitizeLine(profile.apiBaseUrl ?? "-"),
    sanitizeLine(profile.teamId ?? "-"),
    profile.apiKey ?? "(logged out)",
  ]);
  const columns = [{ header: "", keep: true }, "NAME", "API", { header: "TEAM", keep: true }, { header: "KEY", keep: true }];
  await runtime.io.stdout.write(renderTable(columns, rows, runtime.outStyle, { width: fitWidth(runtime.io) }));
}
