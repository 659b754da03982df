import { leafCommand } from "../cli/command.ts";
import { targetProfileName } from "../config/profiles.ts";
import { AuthError } from "../errors.ts";

export default leafCommand({
  meta: {
    description: "Remove the API key of a profile (its base URL and team stay)",
    examples: ["duvo logout", "duvo logout --name ci -y"],
    notes: "On a terminal it asks first (-y skips the question); without a terminal it needs -y.",
  },
  args: {
    name: { type: "string", description: "Profile to log out of (default: the default profile)", valueHint: "profile" },
    yes: { type: "boolean", alias: "y", description: "Do not ask for confirmation" },
  },
  async run(args, runtime) {
    // Loaded here, not at the top: `duvo --help` lists this command without paying for them.
    const { configPath, readConfig, writeConfig } = await import("../config/config-file.ts");
    const { maskKey } = await import("../config/credentials.ts");
    const { env } = runtime.io;
    const path = configPath(env);
    const config = readConfig(path);
    const names = Object.keys(config.profiles);
    const explicit = args.name ?? runtime.globals.profile ?? (env.DUVO_PROFILE || undefined);
    if (explicit === undefined && names.length === 0) {
      runtime.log.info(`Not logged in: ${path} has no profiles.`);
      return;
    }
    const name = targetProfileName(explicit, undefined, env, config);
    const profile = config.profiles[name];
    if (!profile) {
      throw new AuthError(`unknown profile "${name}"${names.length ? ` (profiles: ${names.join(", ")})` : ""}`);
    }
    if (!profile.apiKey) {
      runtime.log.info(`Profile "${name}" holds no API key; nothing to do.`);
      return;
    }
    const { confirmOrRefuse } = await import("../cli/confirm.ts");
    await confirmOrRefuse(runtime, `Remove the API key ${maskKey(profile.apiKey)} of profile "${name}"?`, args.yes === true, "logout");
    const { apiKey: _removed, ...rest } = profile;
    writeConfig(path, { ...config, profiles: { ...config.profiles, [name]: rest } });
    runtime.log.success(`Logged out: removed the API key of profile "${name}"`);
    if (env.DUVO_API_KEY || env.DUVO_API_KEY_FILE) {
      runtime.log.warn(`${env.DUVO_API_KEY ? "DUVO_API_KEY" : "DUVO_API_KEY_FILE"} is still set, and duvo will keep using it`);
    }
  },
});
