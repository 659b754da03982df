/**
 * A command's API session over a client: `call` (src/api/call.ts) with `{teamId}` filled from
 * --team, DUVO_TEAM_ID, the profile's team, or the one team the key sees. The runtime opens one
 * over the HTTP client (runtime.ts); a command answered by the GETs sent early opens one over
 * those answers (early-runtime.ts), so both find the team the same way.
 */
import { createCall, type AnswerOf, type Call } from "../api/call.ts";
import type { ApiClient } from "../api/client.ts";
import type { Credentials } from "../config/credentials.ts";
import { CliError, UsageError } from "../errors.ts";
import { sanitizeLine } from "../output/style.ts";
import { checkUuid, positiveNumber } from "./values.ts";

export interface ApiSession {
  /** Any operation of the API by its id, typed from the document (src/api/call.ts); `{teamId}` is `teamId()` unless given. */
  call: Call;
  client: ApiClient;
  credentials: Credentials;
  teamId(): Promise<string>;
  /** `GET /v2/teams`, asked once per session (the team id may come from it too). */
  teams(): Promise<AnswerOf<"listMyTeams">>;
}

/** The team given by --team and by DUVO_TEAM_ID. */
export interface GivenTeams {
  teamFlag?: string;
  teamEnv?: string;
}

/** Each request's timeout: DUVO_HTTP_TIMEOUT seconds, 30 by default. */
export function requestTimeoutMs(env: Record<string, string | undefined>): number {
  return (positiveNumber(env.DUVO_HTTP_TIMEOUT) ?? 30) * 1000;
}

/** The teams given, checked (before the credentials are resolved: a bad one sends nothing) and lower-cased, as ids given as positionals are. */
export function checkTeams(team: string | undefined, env: Record<string, string | undefined>): GivenTeams {
  return {
    teamFlag: team === undefined ? undefined : checkUuid(team, "--team"),
    teamEnv: env.DUVO_TEAM_ID ? checkUuid(env.DUVO_TEAM_ID, "DUVO_TEAM_ID") : undefined,
  };
}

export function apiSession(client: ApiClient, credentials: Credentials, { teamFlag, teamEnv }: GivenTeams): ApiSession {
  let team: Promise<string> | undefined;
  const resolvedTeam = () => (team ??= findTeam());
  const call = createCall(client, { teamId: resolvedTeam });
  let listing: Promise<AnswerOf<"listMyTeams">> | undefined;
  const teamsOnce = () => (listing ??= call("listMyTeams"));
  const findTeam = async () => {
    const known = teamFlag ?? teamEnv ?? credentials.profile?.teamId;
    if (known) return known;
    const { teams } = await teamsOnce();
    if (teams.length === 1) return teams[0]!.id;
    if (teams.length === 0) throw new CliError("this API key sees no team");
    const listed = teams.map((team) => `${team.id} (${sanitizeLine(team.name)})`).join(", ");
    throw new UsageError(`this API key sees ${teams.length} teams: ${listed}`, "choose one with --team <id>, DUVO_TEAM_ID, or `duvo team use <id>` for the profile");
  };
  return { call, client, credentials, teamId: resolvedTeam, teams: teamsOnce };
}
