/**
 * Team settings: env-var secrets and browser logins (credentials), resources of the store
 * with the checks and fields this module adds (the demo team starts with one of each); the
 * team's details and members, and the organization with its teams, invitations and insights
 * (computed from the emulator's runs).
 */
import type * as C from "../../api/generated/credentials.ts";
import type * as O from "../../api/generated/organizations.ts";
import type * as S from "../../api/generated/secrets.ts";
import type * as T from "../../api/generated/team.ts";
import { DEMO_ORG_ID, DEMO_TEAM_ID, DEMO_USER_ID, FIXTURE_CREATED_AT, TEAMS, type TeamFixture } from "../fixtures.ts";
import { ApiError, beforeStore, checkedBody, checkedQuery, type Context, ok, pageOf, type Plugins, type Store, storedOf, type StoreView, worldSlot } from "../kernel.ts";

const ORGANIZATIONS = [{ id: DEMO_ORG_ID, name: "Demo organization", discoveryMode: "request", createdAt: FIXTURE_CREATED_AT }];

/** Members besides each team's own user (the key's owner). */
const EXTRA_MEMBERS: Record<string, { id: string; name: string | null; email: string; role: string; inheritedFromOrg: boolean }[]> = {
  [DEMO_TEAM_ID]: [
    { id: "5e1f0c2a-7d3b-4c9e-8a20-000000000011", name: "Ana Analyst", email: "ana@example.com", role: "member", inheritedFromOrg: false },
    { id: "5e1f0c2a-7d3b-4c9e-8a20-000000000012", name: null, email: "auditor@example.com", role: "viewer", inheritedFromOrg: true },
  ],
};

export const DEMO_SECRET_ID = "5e1f0c2a-7d3b-4c9e-8b10-000000000001";
export const DEMO_LOGIN_ID = "5e1f0c2a-7d3b-4c9e-8b20-000000000001";

/** The invitations sent. */
const invitations = worldSlot(() => [] as { teamId: string | null }[]);
const DAY = 24 * 60 * 60 * 1000;
type Granularity = "day" | "week" | "month";
/** A span that, from the start of a period, reaches into the next one (and not beyond). */
const SPAN = { day: DAY, week: 7 * DAY, month: 31 * DAY };

// ------------------------------------------------------------------------- secrets

const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/;
const ownerOf = (c: Context, shared: boolean | undefined) => (shared ? null : c.team.user.id);

/** Secrets are resources of the store; of their variables only the names are kept (the API never shows a value). */
const secretHandlers: Plugins = {
  createSecret: beforeStore(async (c) => {
    const body = await checkedBody<S.CreateSecretBody>(c);
    return { env_var_keys: Object.keys(body.values), user_id: ownerOf(c, body.shared) };
  }),

  updateSecret: beforeStore(async (c) => {
    const keys: string[] = [...storedOf(c).env_var_keys];
    const body = await checkedBody<S.UpdateSecretBody>(c);
    if (body.values) keys.splice(0, keys.length, ...Object.keys(body.values));
    for (const [from, to] of Object.entries(body.rename_keys ?? {})) {
      if (!keys.includes(from)) throw new ApiError(400, `rename_keys: no variable ${from}`);
      if (keys.includes(to)) throw new ApiError(400, `rename_keys: ${to} already exists`);
      if (!ENV_KEY.test(from)) throw new ApiError(400, `rename_keys: ${from} is not a valid variable name`);
      keys.splice(keys.indexOf(from), 1);
      keys.push(to);
    }
    for (const key of body.remove_keys ?? []) {
      if (!keys.includes(key)) throw new ApiError(400, `remove_keys: no variable ${key}`);
      keys.splice(keys.indexOf(key), 1);
    }
    for (const key of Object.keys(body.add_values ?? {})) if (!keys.includes(key)) keys.push(key);
    return { env_var_keys: keys, ...(body.shared === undefined ? {} : { user_id: ownerOf(c, body.shared) }) };
  }),
};

const TEAMS_ITEM = "/v2/teams/{teamId}";

/** The store starts with the fixtures' teams (others are made in an organization: createOrgTeam); the demo team starts with one shared secret and one browser login of its user. */
export function seedTeamSettings(store: Store): void {
  for (const team of TEAMS) {
    store.seed(TEAMS_ITEM, team.id, {
      ...{ id: team.id, name: team.name, created_at: FIXTURE_CREATED_AT },
      ...{ organization_id: team.organizationId, slack_team_id: null, discovery_mode: "request" },
    } satisfies T.GetTeamResponse["team"]);
  }
  store.seed("/v2/credentials/{id}", DEMO_TEAM_ID, {
    id: DEMO_SECRET_ID,
    team_id: DEMO_TEAM_ID,
    user_id: null,
    name: "Warehouse",
    service_slug: "postgres",
    env_var_keys: ["WAREHOUSE_USER", "WAREHOUSE_PASSWORD"],
    created_by: DEMO_USER_ID,
    created_at: FIXTURE_CREATED_AT,
    updated_at: FIXTURE_CREATED_AT,
  } satisfies S.GetSecretResponse);
  store.seed("/v2/teams/{teamId}/browser-agent/credentials/{userId}/{id}", DEMO_TEAM_ID, {
    id: DEMO_LOGIN_ID,
    domain: "portal.example.com",
    username: "demo@example.com",
    password: "demo-not-a-secret",
    otp_secret: null,
    user_id: DEMO_USER_ID,
    team_id: DEMO_TEAM_ID,
    created_at: FIXTURE_CREATED_AT,
    updated_at: FIXTURE_CREATED_AT,
  } satisfies C.GetCredentialResponse);
}

// ------------------------------------------------------------------ browser logins

/** Logins are kept per user: the path's user must be the key's own. */
function checkUser(c: Context): void {
  if (c.params.userId !== c.team.user.id.toLowerCase()) throw new ApiError(403, "You can only manage your own browser credentials");
}

/** A list shows whether a login has a password and a one-time-code secret, not them. */
const loginView = (login: Record<string, any>) => ({ ...login, hasEnabledTOTP: login.otp_secret !== null, hasPassword: login.password !== null });

/** Browser logins are resources of the store, under the path of their user. */
const loginHandlers: Plugins = {
  listCredentials: beforeStore(checkUser, loginView),
  getCredential: beforeStore(checkUser),
  deleteCredential: beforeStore(checkUser),
  createCredential: beforeStore(async (c) => {
    checkUser(c);
    return { user_id: ownerOf(c, (await checkedBody<C.CreateCredentialBody>(c)).shared) };
  }),
  updateCredential: beforeStore(async (c) => {
    checkUser(c);
    const { shared } = await checkedBody<C.UpdateCredentialBody>(c);
    return shared === undefined ? {} : { user_id: ownerOf(c, shared) };
  }),
};

// ---------------------------------------------------- what a revision carries

const SECRETS = "/v2/credentials/{id}";
const LOGINS = "/v2/teams/{teamId}/browser-agent/credentials/{userId}/{id}";

/** The team's secret or login of this id as it is now, without its id (a login without its password and one-time-code secret). */
function carried(c: Context, item: string, id: string): Record<string, unknown> {
  const found = c.store.resources(item, c.team.id).find((resource) => resource.id === id.toLowerCase());
  if (!found) return {};
  const { id: _id, password: _password, otp_secret: _otp, ...shown } = found;
  return shown;
}

/** A revision's list shows each secret or login it carries as the team's list shows it now (renamed, its variables changed). */
const carriedView =
  (item: string): StoreView =>
  (attachment, c) => ({ ...attachment, ...carried(c, item, attachment.id) });

/**
 * A secret or login attached to a revision is a record under that revision (attaching it to
 * another revision makes another), holding the secret's or login's fields.
 */
const attachmentHandlers: Plugins = {
  attachRevisionSecret: beforeStore(async (c) => carried(c, SECRETS, (await checkedBody<S.AttachRevisionSecretBody>(c)).credentialId)),
  listRevisionSecrets: beforeStore(() => {}, carriedView(SECRETS)),
  attachRevisionLogin: beforeStore(async (c) => carried(c, LOGINS, (await checkedBody<C.AttachRevisionLoginBody>(c)).exposedCredentialId)),
  listRevisionLogins: beforeStore(() => {}, carriedView(LOGINS)),
};

// --------------------------------------------------------- team and organization

function membersOf(team: TeamFixture) {
  return [{ ...team.user, role: "owner", inheritedFromOrg: false }, ...(EXTRA_MEMBERS[team.id] ?? [])];
}

/** The organization of the path, which must be the key's own. */
function orgOf(c: Context) {
  const org = ORGANIZATIONS.find((candidate) => candidate.id === c.params.orgId);
  if (!org || c.team.organizationId !== org.id) throw new ApiError(403, "You are not a member of that organization");
  return org;
}

/** The people of the organization's teams (the fixtures'), each once. */
const orgMembers = (orgId: string) => new Set(TEAMS.filter((team) => team.organizationId === orgId).flatMap((team) => membersOf(team).map((member) => member.id)));

/** The organization's teams (the store's): the fixtures' (with their members, agents and runs, oldest first), then those created in it. */
function orgTeams(c: Context, orgId: string) {
  const visible = new Set([c.team.id, ...(c.team.alsoSees ?? [])]);
  return c.store
    .every(TEAMS_ITEM)
    .filter((team) => team.organization_id === orgId)
    .map(({ id, name, created_at: createdAt }) => {
      const fixture = TEAMS.find((team) => team.id === id);
      const [members, agents, runs] = fixture ? [membersOf(fixture).length, c.state.teamAgents(fixture).length, c.state.teamRuns(fixture)] : [0, 0, []];
      return { id, name, createdAt, members, agents, runs, isMember: visible.has(id), fixture };
    });
}

/**
 * The organization's teams with their runs in the insights window (its dates checked against
 * the document: the dates given, else the last 30 days), and what every insights answer says of the window.
 */
async function insights(c: Context) {
  const [org, query] = [orgOf(c), await checkedQuery(c)];
  const end = query.endDate === undefined ? Date.now() : Date.parse(query.endDate);
  const start = query.startDate === undefined ? end - 30 * DAY : Date.parse(query.startDate);
  if (start > end) throw new ApiError(400, "startDate must not be after endDate");
  const within = (run: { created_at: string }) => Date.parse(run.created_at) >= start && Date.parse(run.created_at) <= end;
  const teams = orgTeams(c, org.id).map((team) => ({ ...team, runs: team.runs.filter(within) }));
  const window = { start_date: new Date(start).toISOString(), end_date: new Date(end).toISOString(), truncated: false };
  return { org, query, start, end, teams, runs: teams.flatMap((team) => team.runs), window };
}

/** How many of the runs ended so. */
const ended = (runs: { status: string }[], status: string) => runs.filter((run) => run.status === status).length;

const orgHandlers: Plugins = {
  listTeamMembers: async (c) => {
    const query = await checkedQuery(c);
    const search = query.search?.toLowerCase();
    const members = membersOf(c.team).filter((member) => search === undefined || `${member.name ?? ""} ${member.email}`.toLowerCase().includes(search));
    const { page, ...counts } = pageOf(c, query, members);
    return ok({ members: page, ...counts } satisfies T.ListTeamMembersResponse);
  },

  listMyOrganizations: ({ team }) => {
    const memberships = ORGANIZATIONS.filter((org) => org.id === team.organizationId).map((org) => ({
      organization: org,
      role: "organization:owner",
      memberCount: orgMembers(org.id).size,
    }));
    return ok({ memberships } satisfies O.ListMyOrganizationsResponse);
  },

  listOrgTeams: async (c) => {
    const org = orgOf(c);
    const query = await checkedQuery(c);
    const teams = orgTeams(c, org.id).map((team) => ({
      id: team.id,
      name: team.name,
      createdAt: team.createdAt,
      discoveryMode: "request" as const,
      memberCount: team.members,
      pendingInvitationCount: invitations(c.state).filter((invitation) => invitation.teamId === team.id).length,
      pendingJoinRequestCount: 0,
      userIsMember: team.isMember,
      userRole: team.isMember ? "owner" : null,
      userHasPendingJoinRequest: false,
      assignmentCount: team.agents,
      jobCount: team.runs.length,
      scheduledJobCount: 0,
    }));
    const { page, total } = pageOf(c, query, teams);
    return ok({ teams: page, total } satisfies O.ListOrgTeamsResponse);
  },

  createOrgTeam: async (c) => {
    const org = orgOf(c);
    const body = await checkedBody<O.CreateOrgTeamBody>(c);
    if (orgTeams(c, org.id).some((team) => team.name.toLowerCase() === body.name.toLowerCase())) throw new ApiError(400, `A team named ${body.name} already exists`);
    const team = { id: crypto.randomUUID(), name: body.name, created_at: new Date().toISOString(), organization_id: org.id, slack_team_id: null, discovery_mode: "request" };
    c.store.seed(TEAMS_ITEM, team.id, team);
    return ok({ id: team.id, name: team.name } satisfies O.CreateOrgTeamResponse, 201);
  },

  inviteOrgMember: async (c) => {
    const org = orgOf(c);
    const body = await checkedBody<O.InviteOrgMemberBody>(c);
    if (body.teamId !== undefined && !orgTeams(c, org.id).some((team) => team.id === body.teamId!.toLowerCase()))
      throw new ApiError(404, `Team ${body.teamId} not found in this organization`);
    const invitation = { id: crypto.randomUUID(), orgId: org.id, email: body.email, role: body.role, teamId: body.teamId?.toLowerCase() ?? null };
    invitations(c.state).push(invitation);
    return ok({ success: true, invitationId: invitation.id, emailSent: true } satisfies O.InviteOrgMemberResponse, 201);
  },

  getOrgInsightsHeadline: async (c) => {
    const { teams, runs, window } = await insights(c);
    const [completed, failed] = [ended(runs, "completed"), ended(runs, "failed")];
    return ok({
      headline: {
        ...{ total_runs: runs.length, completed_runs: completed, failed_runs: failed, success_rate: completed + failed === 0 ? null : completed / (completed + failed) },
        active_agents: new Set(runs.map((run) => run.agent_id)).size,
        active_users: new Set(teams.filter((team) => team.runs.length > 0).map((team) => team.fixture!.user.id)).size,
        ...{ ...window, aggregated_teams: teams.filter((team) => team.fixture).length, total_teams: teams.length },
      },
    } satisfies O.GetOrgInsightsHeadlineResponse);
  },

  getOrgInsightsMetrics: async (c) => {
    const { org, teams, window } = await insights(c);
    const shown = teams.map(({ id: team_id, name: team_name, members: member_count, agents: assignment_count, runs }) => ({
      ...{ team_id, team_name, is_deleted: false, member_count, assignment_count, scheduled_job_count: 0, total_jobs: runs.length },
      ...{ completed_jobs: ended(runs, "completed"), failed_jobs: ended(runs, "failed"), total_runs: runs.length },
    }));
    return ok({ teams: shown, ...window, total_teams: teams.length, org_member_count: orgMembers(org.id).size } satisfies O.GetOrgInsightsMetricsResponse);
  },

  getOrgInsightsUsageChart: async (c) => {
    const { query, start, end, teams, runs } = await insights(c);
    const granularity: Granularity = query.granularity;
    const period = (time: number) => new Date(periodStart(time, granularity)).toISOString().slice(0, 10);
    const buckets = new Map<string, number>();
    for (let time = periodStart(start, granularity); time <= end; time = periodStart(time + SPAN[granularity], granularity)) buckets.set(period(time), 0);
    for (const run of runs) buckets.set(period(Date.parse(run.created_at)), (buckets.get(period(Date.parse(run.created_at))) ?? 0) + 1);
    return ok({
      buckets: [...buckets].map(([period, total]) => ({ period, total_runs: total, scheduled_runs: 0, on_demand_runs: total })),
      ...{ granularity, truncated: false, total_teams: teams.length },
    } satisfies O.GetOrgInsightsUsageChartResponse);
  },
};

/** The start of the UTC day, week (Monday) or month holding `time`. */
function periodStart(time: number, granularity: Granularity): number {
  const date = new Date(time);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (granularity === "day") return day;
  if (granularity === "week") return day - ((date.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export const TEAM_SETTINGS_PLUGINS: Plugins = { ...secretHandlers, ...loginHandlers, ...attachmentHandlers, ...orgHandlers };
