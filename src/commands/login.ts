import type { ApiClient } from "../api/client.ts";
import { leafCommand } from "../cli/command.ts";
import type { Runtime } from "../cli/runtime.ts";
import { checkUuid } from "../cli/values.ts";
import { checkProfileName, targetProfileName } from "../config/profiles.ts";
import { ApiError, AuthError, CliError, UsageError } from "../errors.ts";
import { sanitizeLine } from "../output/style.ts";

export default leafCommand({
  meta: {
    description: "Save an API key in a profile, after checking it with the API",
    examples: [
      "duvo login                                   # asks for the key (hidden input)",
      "duvo login --with-token < ~/.secrets/duvo    # reads the key from stdin",
      'echo "$DUVO_TOKEN" | duvo login --name ci --with-token',
      "duvo login --name local --api-key dv_demo_... --base-url http://127.0.0.1:8787",
    ],
    notes: `The key is checked with GET /v2/teams before anything is written; a rejected key
exits 2 and leaves the config file as it was. The profile stores the key, the API base
URL and the team id; the first profile becomes the default (see "duvo profiles").`,
  },
  args: {
    name: { type: "string", description: 'Profile to save the key in (default: the default profile, else "default")', valueHint: "profile" },
    "api-key": { type: "string", description: "The API key (dv_...); --with-token keeps it out of shell history", valueHint: "key" },
    "with-token": { type: "boolean", description: "Read the API key from stdin" },
    "base-url": { type: "string", description: "API host (default https://api.duvo.ai, or DUVO_API_BASE_URL)", valueHint: "url" },
  },
  async run(args, runtime) {
    // Loaded here, not at the top: `duvo --help` lists this command without paying for them.
    const { configPath, readConfig, writeConfig } = await import("../config/config-file.ts");
    const { checkBaseUrl, DEFAULT_BASE_URL, maskKey } = await import("../config/credentials.ts");
    const { env } = runtime.io;
    if (args["api-key"] !== undefined && args["with-token"]) throw new UsageError("give --api-key or --with-token, not both");
    if (args.name !== undefined) checkProfileName(args.name, "--name");
    if (args["base-url"] !== undefined) checkBaseUrl(args["base-url"]);
    if (runtime.globals.team !== undefined) checkUuid(runtime.globals.team, "--team");
    if (args["api-key"] === undefined && !args["with-token"] && !runtime.canPrompt) {
      throw new UsageError("no API key given", "pass --api-key <key>, or --with-token to read it from stdin");
    }

    const path = configPath(env);
    const config = readConfig(path); // a corrupt file stops here, before anything is sent or written
    const name = targetProfileName(args.name, runtime.globals.profile, env, config);
    checkProfileName(name, args.name !== undefined ? "--name" : "the profile");
    const existing = config.profiles[name];
    const apiBaseUrl = checkBaseUrl(args["base-url"] ?? (env.DUVO_API_BASE_URL || undefined) ?? existing?.apiBaseUrl ?? DEFAULT_BASE_URL);

    const apiKey = (await readKey(args, runtime)).trim();
    if (apiKey === "") throw new UsageError("the API key is empty");
    if (/\s/.test(apiKey)) throw new UsageError("the API key contains white space: paste the key alone");

    const teams = await checkKey(runtime.clientFor({ apiKey, apiBaseUrl }), apiBaseUrl);
    const team = chooseTeam(teams, runtime.globals.team);
    const isFirst = !config.defaultProfile || !config.profiles[config.defaultProfile];
    const { defaultProfile, profiles, ...otherSettings } = config;
    writeConfig(path, {
      defaultProfile: isFirst ? name : defaultProfile,
      profiles: { ...profiles, [name]: { ...existing, apiKey, apiBaseUrl, teamId: team?.id ?? existing?.teamId } },
      ...otherSettings,
    });

    const where = team ? `team ${sanitizeLine(team.name)} (${team.id})` : apiBaseUrl;
    runtime.log.success(`Logged in to ${where} with key ${maskKey(apiKey)}; saved in profile "${name}"${isFirst ? " (the default)" : ""}`);
    if (env.DUVO_API_KEY || env.DUVO_API_KEY_FILE) {
      runtime.log.warn(`${env.DUVO_API_KEY ? "DUVO_API_KEY" : "DUVO_API_KEY_FILE"} is set: it takes precedence over the key of this profile`);
    }
  },
});

async function readKey(args: { "api-key"?: string; "with-token"?: boolean }, runtime: Runtime): Promise<string> {
  if (args["api-key"] !== undefined) return args["api-key"];
  if (args["with-token"]) return runtime.io.readStdin();
  return runtime.prompter.password("Paste your Duvo API key (input is hidden):");
}

/** The key is good when the API lists its team with it; a rejection writes nothing. */
async function checkKey(client: ApiClient, apiBaseUrl: string) {
  try {
    const { createCall } = await import("../api/call.ts");
    return (await createCall(client, {})("listMyTeams")).teams;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      throw new AuthError(`the API key was rejected by ${apiBaseUrl} (${error.status}); nothing was saved`, "Check the key in Duvo's settings and try again.");
    }
    throw error;
  }
}

function chooseTeam(teams: { id: string; name: string }[], wanted: string | undefined) {
  if (wanted !== undefined) {
    const team = teams.find((candidate) => candidate.id === wanted.toLowerCase());
    if (!team) throw new AuthError(`this API key cannot see team ${wanted}; nothing was saved`);
    return team;
  }
  if (teams.length === 0) throw new CliError("this API key sees no team; nothing was saved");
  return teams.length === 1 ? teams[0] : undefined; // a key sees one team; else --team picks later
}
