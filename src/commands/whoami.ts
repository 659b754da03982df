import { jsonArgs, leafCommand } from "../cli/command.ts";
import { renderKeyValues } from "../output/key-values.ts";
import { sanitizeLine } from "../output/style.ts";
import { printJson } from "../output/print-json.ts";

const SOURCES = { env: "DUVO_API_KEY", file: "DUVO_API_KEY_FILE", profile: "the profile" } as const;

export default leafCommand({
  meta: {
    description: "Show the profile, key, team and user in use",
    examples: ["duvo whoami", "duvo whoami --json", "duvo --profile ci whoami"],
  },
  args: { ...jsonArgs },
  early: ["listMyTeams", "getProfile"],
  async run(args, runtime) {
    // Loaded here, not at the top: `duvo --help` lists this command without paying for them.
    const { maskKey } = await import("../config/credentials.ts");
    const { call, credentials, teamId, teams } = await runtime.api();
    const [team, listing, { profile: user }] = await Promise.all([teamId(), teams(), call("getProfile")]);
    const teamName = listing.teams.find((candidate) => candidate.id === team)?.name ?? null;
    const identity = {
      profile: credentials.profileName ?? null,
      authSource: credentials.authSource,
      apiBaseUrl: credentials.apiBaseUrl,
      team: { id: team, name: teamName },
      user: { id: user.id, name: user.name ?? null, email: user.email ?? null },
      apiKey: maskKey(credentials.apiKey),
    };
    if (args.json) return printJson(runtime, identity);
    const text = (value: string | null) => (value === null ? "-" : sanitizeLine(value));
    const person = [user.name && sanitizeLine(user.name), user.email && `<${sanitizeLine(user.email)}>`].filter(Boolean).join(" ");
    await runtime.io.stdout.write(
      renderKeyValues(
        [
          ["Profile", text(identity.profile)],
          ["Key", `${identity.apiKey} (from ${SOURCES[credentials.authSource]})`],
          ["API", identity.apiBaseUrl],
          ["Team", teamName === null ? team : `${sanitizeLine(teamName)} (${team})`],
          ["User", `${person || "-"} (${sanitizeLine(user.id)})`],
        ],
        runtime.outStyle,
      ),
    );
  },
});
