import { leafCommand } from "../../cli/command.ts";
import { AuthError, UsageError } from "../../errors.ts";
import { sanitizeLine } from "../../output/style.ts";

export default leafCommand({
  meta: {
    description: "Make a team the profile's team (local: the config file changes, nothing is sent but a check)",
    examples: ["duvo team use <team-id>", "duvo team use <team-id> --profile ci"],
    notes:
      "The profile is --profile, else DUVO_PROFILE, else the default profile. When the profile (or DUVO_API_KEY) has a key, the team is checked against the teams that key sees (GET /v2/teams). DUVO_TEAM_ID and --team still win over the profile's team.",
  },
  args: { "team-id": { type: "positional", uuid: true, description: "The team's id (see duvo teams list)", required: true } },
  async run(args, runtime) {
    const teamId = args["team-id"].toLowerCase();
    const { configPath, readConfig, writeConfig } = await import("../../config/config-file.ts");
    const { targetProfileName, unknownProfile } = await import("../../config/profiles.ts");
    const { env } = runtime.io;
    const path = configPath(env);
    const config = readConfig(path);
    const name = targetProfileName(undefined, runtime.globals.profile, env, config);
    const profile = config.profiles[name];
    if (!profile) throw unknownProfile(name, Object.keys(config.profiles));

    let teamName: string | undefined;
    const session = await runtime.api().catch((error: unknown) => {
      if (error instanceof AuthError && error.message === "no API key") return undefined; // a logged-out profile: nothing to check with
      throw error;
    });
    if (session) {
      const { teams } = await session.teams();
      const team = teams.find((candidate) => candidate.id.toLowerCase() === teamId);
      if (!team) {
        const seen = teams.map((candidate) => `${candidate.id} (${sanitizeLine(candidate.name)})`).join(", ");
        throw new UsageError(`this API key cannot see team ${teamId}; it sees: ${seen || "no team"}`);
      }
      teamName = team.name;
    } else {
      runtime.log.warn(`Profile "${name}" has no API key: the team was not checked.`);
    }
    writeConfig(path, { ...config, profiles: { ...config.profiles, [name]: { ...profile, teamId } } });
    runtime.log.success(`Profile "${name}" now acts in team ${teamName === undefined ? teamId : `${sanitizeLine(teamName)} (${teamId})`}`);
    if (env.DUVO_TEAM_ID) runtime.log.warn("DUVO_TEAM_ID is set: it takes precedence over the profile's team");
  },
});
