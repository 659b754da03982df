/**
 * secrets, credentials (browser logins), team and teams against the stateful emulator,
 * through the real parser: tables and key/value blocks, --json valid against the document,
 * bad input refused before anything is sent, the confirmation rule on every destructive
 * command, secret values never echoed, and the rule for a key that sees several teams.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_IDS, DEMO_ORG_ID, DEMO_TEAM_ID, DEMO_USER_ID, MULTI_TEAM_ID, MULTI_TEAM_KEY, OTHER_TEAM_ID } from "../src/emulator/index.ts";
import { DEMO_LOGIN_ID, DEMO_SECRET_ID } from "../src/emulator/platform/team-settings.ts";
import { expectSent, scriptedPrompter, tempDir, useEmulator } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";

const { emulator, duvo } = useEmulator();
const UNKNOWN = "5e1f0c2a-7d3b-4c9e-8b99-000000000099";
const last = () => emulator.requests.at(-1)!;
const sent = () => emulator.requests.map((request) => `${request.method} ${request.path}`);
const json = (stdout: string) => JSON.parse(stdout);
const file = (text: string) => {
  const path = join(tempDir(), "input");
  writeFileSync(path, text);
  return path;
};
const usage = (stderr: string) => ({ code: 4, stdout: "", stderr: `error: ${stderr}\n` });

describe("secrets", () => {
  test("list: a table of names and keys; --json is the API's array, valid", async () => {
    const table = await duvo(["secrets", "list"]);
    expect(table.code).toBe(0);
    // The seeded secret's row (other tests of this file may have made more, in any order).
    const row = table.stdout.split("\n").find((line) => line.startsWith(DEMO_SECRET_ID));
    expect(row?.split(/\s{2,}/)).toEqual([DEMO_SECRET_ID, "Warehouse", "postgres", "WAREHOUSE_USER, WAREHOUSE_PASSWORD", "shared", "2025-01-15T09:00:00.000Z"]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}/credentials` });
    const listed = await duvo(["secrets", "list", "--json"]);
    expect(responseProblem("listSecrets", 200, json(listed.stdout))).toBeUndefined();
    expect(json(listed.stdout).map((secret: { id: string }) => secret.id)).toContain(DEMO_SECRET_ID);
    expect(await duvo(["secrets", "list", "extra"])).toEqual(usage('unexpected argument "extra" for "duvo secrets list"'));
  });

  test("get: a key/value block; a bad id is exit 4 and an unknown one exit 3", async () => {
    const shown = await duvo(["secrets", "get", DEMO_SECRET_ID]);
    expect(shown.stdout).toContain("Keys        WAREHOUSE_USER, WAREHOUSE_PASSWORD\n");
    expectSent(last(), { method: "GET", path: `/v2/credentials/${DEMO_SECRET_ID}` });
    const answer = json((await duvo(["secrets", "get", DEMO_SECRET_ID, "--json"])).stdout);
    expect(responseProblem("getSecret", 200, answer)).toBeUndefined();
    emulator.clearRequests();
    expect(await duvo(["secrets", "get", "nope"])).toEqual(usage('invalid secret id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
    expect(emulator.requests).toHaveLength(0);
    expect((await duvo(["secrets", "get", UNKNOWN])).code).toBe(3);
  });

  test("create: values from --value, a file and stdin are sent, never printed", async () => {
    const created = await duvo([
      "secrets",
      "create",
      "--name",
      "Stripe",
      "--value",
      "STRIPE_KEY=sk_test_1=2",
      "--value",
      "STRIPE_ACCOUNT=acct_9",
      "--service-slug",
      "stripe",
      "--json",
    ]);
    expect(created.code).toBe(0);
    expectSent(last(), {
      method: "POST",
      path: `/v2/teams/${DEMO_TEAM_ID}/credentials`,
      body: { name: "Stripe", values: { STRIPE_KEY: "sk_test_1=2", STRIPE_ACCOUNT: "acct_9" }, service_slug: "stripe" },
    });
    const secret = json(created.stdout);
    expect(responseProblem("createSecret", 201, secret)).toBeUndefined();
    expect(secret).toMatchObject({ name: "Stripe", env_var_keys: ["STRIPE_KEY", "STRIPE_ACCOUNT"], user_id: DEMO_USER_ID });

    const fromFile = await duvo(["secrets", "create", "--name", "Warehouse 2", "--value-file", file("# rotated\nexport DB_USER=etl\n\nDB_PASSWORD=s3cr3t-value\n"), "--shared"]);
    expect(fromFile.code).toBe(0);
    expect(last().body).toEqual({ name: "Warehouse 2", values: { DB_USER: "etl", DB_PASSWORD: "s3cr3t-value" }, shared: true });
    expect(fromFile.stdout).toContain("Keys        DB_USER, DB_PASSWORD\n");
    expect(fromFile.stdout).toContain("Scope       shared\n");
    expect(fromFile.stdout + fromFile.stderr).not.toContain("s3cr3t-value");

    const fromStdin = await duvo(["secrets", "create", "--name", "Piped", "--value-file", "-", "--value", "EXTRA=1"], { stdin: "PIPED_TOKEN=from-stdin\r\n" });
    expect(fromStdin.code).toBe(0);
    expect(last().body).toMatchObject({ values: { EXTRA: "1", PIPED_TOKEN: "from-stdin" } });
  });

  test("create: bad values are exit 4 without echoing them, and nothing is sent", async () => {
    emulator.clearRequests();
    expect(await duvo(["secrets", "create", "--name", "X", "--value", "sk_live_no_key"])).toEqual(usage('--value expects KEY=VALUE (got a value without "=")'));
    expect(await duvo(["secrets", "create", "--name", "X"])).toEqual(usage("a secret needs at least one variable: give --value KEY=VALUE or --value-file <file|->"));
    expect(await duvo(["secrets", "create", "--name", "X", "--value", "A=1", "--value", "A=2"])).toEqual(usage("--value: the key A is given twice"));
    expect(await duvo(["secrets", "create", "--name", "X", "--value", "A="])).toEqual(usage("invalid request body.values.A: Invalid length: Expected >=1 but received 0"));
    expect(await duvo(["secrets", "create", "--name", "X", "--value-file", "/nonexistent/env"])).toEqual(usage("cannot read /nonexistent/env for --value-file: ENOENT"));
    expect(await duvo(["secrets", "create", "--name", "X", "--value-file", file("# nothing\n")])).toMatchObject({ code: 4 });
    expect(emulator.requests).toHaveLength(0);
  });

  test("update: --set, --remove, --rename, scope and service map to the API's fields", async () => {
    const id = json((await duvo(["secrets", "create", "--name", "Rotating", "--value", "OLD_KEY=1", "--value", "TOKEN=2", "--json"])).stdout).id;
    const updated = await duvo(["secrets", "update", id, "--set", "NEW_KEY=3", "--remove", "OLD_KEY", "--rename", "TOKEN=API_TOKEN", "--shared", "--clear-service-slug", "--json"]);
    expect(updated.code).toBe(0);
    expectSent(last(), {
      method: "PATCH",
      path: `/v2/credentials/${id}`,
      body: { service_slug: null, shared: true, add_values: { NEW_KEY: "3" }, remove_keys: ["OLD_KEY"], rename_keys: { TOKEN: "API_TOKEN" } },
    });
    const secret = json(updated.stdout);
    expect(responseProblem("updateSecret", 200, secret)).toBeUndefined();
    expect(secret).toMatchObject({ env_var_keys: ["API_TOKEN", "NEW_KEY"], user_id: null, service_slug: null });
    const renamed = await duvo(["secrets", "update", id, "--name", "Rotated", "--personal", "--value-file", "-"], { stdin: "LATE=4\n" });
    expect(renamed.stdout).toContain("Name        Rotated\n");
    expect(last().body).toEqual({ name: "Rotated", shared: false, add_values: { LATE: "4" } });

    emulator.clearRequests();
    expect(await duvo(["secrets", "update", id, "--shared", "--personal"])).toEqual(usage("--shared and --personal cannot be used together"));
    expect((await duvo(["secrets", "update", id])).stderr).toStartWith("error: nothing to change: give --name");
    expect(await duvo(["secrets", "update", id, "--remove", "lower_case"])).toMatchObject({ code: 4 });
    expect(emulator.requests).toHaveLength(0);
    expect((await duvo(["secrets", "update", id, "--remove", "NO_SUCH_KEY"])).code).toBe(1); // the API's 400
  });

  test("delete: refused without a terminal unless -y; No on a terminal sends nothing", async () => {
    const id = json((await duvo(["secrets", "create", "--name", "Doomed", "--value", "A=1", "--json"])).stdout).id;
    emulator.clearRequests();
    expect(await duvo(["secrets", "delete", id])).toEqual(usage("delete changes data and there is no terminal to ask on: add -y to confirm"));
    const declined = scriptedPrompter({ confirm: [false] });
    expect((await duvo(["secrets", "delete", id], { tty: true, prompter: declined.prompter })).code).toBe(4);
    expect(declined.asked).toEqual([`confirm: Delete secret ${id}? Agents that use it lose its variables.`]);
    expect(emulator.requests).toHaveLength(0);
    const accepted = scriptedPrompter({ confirm: [true] });
    expect(await duvo(["secrets", "delete", id], { tty: true, prompter: accepted.prompter })).toEqual({ code: 0, stdout: "", stderr: `✓ Deleted secret ${id}.\n` });
    expect((await duvo(["secrets", "get", id])).code).toBe(3);
    const other = json((await duvo(["secrets", "create", "--name", "Doomed 2", "--value", "A=1", "--json"])).stdout).id;
    const yes = await duvo(["secrets", "delete", other, "-y", "--json"]);
    expect(json(yes.stdout)).toEqual({ success: true });
    expect(responseProblem("deleteSecret", 200, json(yes.stdout))).toBeUndefined();
    expectSent(last(), { method: "DELETE", path: `/v2/credentials/${other}` });
  });

  test("another team's secret is not there", async () => {
    expect((await duvo(["secrets", "get", DEMO_SECRET_ID], { env: { DUVO_API_KEY: "dv_other_9b3e7d1f5a2c8e4b0d6f1a3c5e7b9d2f" } })).code).toBe(3);
  });
});

describe("credentials (browser logins)", () => {
  const profileCalls = () => emulator.requests.filter((request) => request.path === "/v2/profile").length;

  test("list: the user id comes from GET /v2/profile; --domain filters; --json valid", async () => {
    emulator.clearRequests();
    const table = await duvo(["credentials", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID +DOMAIN +USERNAME +PASSWORD +OTP +SCOPE$/);
    expect(table.stdout).toContain(`${DEMO_LOGIN_ID}  portal.example.com  demo@example.com  yes       no   personal`);
    expect(sent()).toEqual(["GET /v2/profile", "GET /v2/teams", `GET /v2/teams/${DEMO_TEAM_ID}/browser-agent/credentials/${DEMO_USER_ID}`]); // the team: the key's only one
    const filtered = await duvo(["credentials", "list", "--domain", "nowhere.example.com", "--json"]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}/browser-agent/credentials/${DEMO_USER_ID}` });
    expect(last().query).toEqual({ domain: "nowhere.example.com" });
    expect(json(filtered.stdout)).toEqual([]);
    const all = json((await duvo(["credentials", "list", "--json"])).stdout);
    expect(responseProblem("listCredentials", 200, all)).toBeUndefined();
    expect(await duvo(["credentials", "list", "--domain"])).toMatchObject({ code: 4 });
  });

  test("get: the password and OTP secret are *** unless --show-secrets", async () => {
    const shown = await duvo(["credentials", "get", DEMO_LOGIN_ID]);
    expect(shown.stdout).toContain("Password    ***\n");
    expect(shown.stdout).toContain("OTP secret  -\n");
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}/browser-agent/credentials/${DEMO_USER_ID}/${DEMO_LOGIN_ID}` });
    const hidden = json((await duvo(["credentials", "get", DEMO_LOGIN_ID, "--json"])).stdout);
    expect(hidden.password).toBe("***");
    expect(responseProblem("getCredential", 200, hidden)).toBeUndefined();
    const revealed = json((await duvo(["credentials", "get", DEMO_LOGIN_ID, "--json", "--show-secrets"])).stdout);
    expect(revealed.password).toBe("demo-not-a-secret");
    expect(await duvo(["credentials", "get", "nope"])).toEqual(usage('invalid credential id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
    expect((await duvo(["credentials", "get", UNKNOWN])).code).toBe(3);
  });

  test("create: secrets from stdin and files are sent, never shown", async () => {
    const otpFile = file("JBSWY3DPEHPK3PXP\n");
    const created = await duvo(
      ["credentials", "create", "--domain", "erp.example.com", "--username", "ops", "--password-stdin", "--otp-secret-file", otpFile, "--shared", "--json"],
      {
        stdin: "correct horse battery\n",
      },
    );
    expect(created.code).toBe(0);
    expectSent(last(), {
      method: "POST",
      path: `/v2/teams/${DEMO_TEAM_ID}/browser-agent/credentials/${DEMO_USER_ID}`,
      body: { domain: "erp.example.com", username: "ops", password: "correct horse battery", otp_secret: "JBSWY3DPEHPK3PXP", shared: true },
    });
    const login = json(created.stdout);
    expect(responseProblem("createCredential", 201, login)).toBeUndefined();
    expect(login).toMatchObject({ password: "***", otp_secret: "***", user_id: null, domain: "erp.example.com" });
    expect(created.stdout + created.stderr).not.toContain("correct horse");

    const human = await duvo(["credentials", "create", "--domain", "crm.example.com", "--password", "flag-password"]);
    expect(human.stdout).toContain("Password    ***\n");
    expect(human.stdout + human.stderr).not.toContain("flag-password");
    const listed = json((await duvo(["credentials", "list", "--domain", "erp.example.com", "--json"])).stdout);
    expect(listed).toEqual([{ id: login.id, domain: "erp.example.com", username: "ops", hasEnabledTOTP: true, hasPassword: true, user_id: null }]);
  });

  test("create: conflicting or empty secret sources are exit 4, nothing sent", async () => {
    emulator.clearRequests();
    expect(await duvo(["credentials", "create", "--domain", "a.example.com", "--password", "p", "--password-stdin"])).toEqual(usage("give one of --password, --password-stdin"));
    expect(await duvo(["credentials", "create", "--domain", "a.example.com", "--password-stdin", "--otp-secret-stdin"], { stdin: "x\n" })).toEqual(
      usage("stdin can feed one flag only: --password-stdin and --otp-secret-stdin both read it"),
    );
    expect(await duvo(["credentials", "create", "--domain", "a.example.com", "--password-stdin"], { stdin: "\n" })).toEqual(usage("--password-stdin (nothing on stdin) is empty"));
    expect(await duvo(["credentials", "create", "--domain", "a.example.com", "--otp-secret-file", "/nonexistent"])).toEqual(
      usage("cannot read /nonexistent for --otp-secret-file: ENOENT"),
    );
    expect(await duvo(["credentials", "create", "--username", "u"])).toEqual(usage('missing required flag --domain for "duvo credentials create"'));
    expect(emulator.requests).toHaveLength(0);
  });

  test("update: changes what is given; nothing to change is exit 4", async () => {
    const id = json((await duvo(["credentials", "create", "--domain", "old.example.com", "--json"])).stdout).id;
    const updated = await duvo(["credentials", "update", id, "--domain", "new.example.com", "--username", "ops2", "--password-file", file("new-pass\n"), "--json"]);
    expect(updated.code).toBe(0);
    expectSent(last(), {
      method: "PATCH",
      path: `/v2/teams/${DEMO_TEAM_ID}/browser-agent/credentials/${DEMO_USER_ID}/${id}`,
      body: { domain: "new.example.com", username: "ops2", password: "new-pass" },
    });
    const login = json(updated.stdout);
    expect(responseProblem("updateCredential", 200, login)).toBeUndefined();
    expect(login).toMatchObject({ domain: "new.example.com", password: "***", otp_secret: null });
    emulator.clearRequests();
    expect((await duvo(["credentials", "update", id])).stderr).toStartWith("error: nothing to change");
    expect(await duvo(["credentials", "update", id, "--shared", "--personal"])).toEqual(usage("--shared and --personal cannot be used together"));
    expect(emulator.requests).toHaveLength(0);
  });

  test("delete: the confirmation comes before any request, even the profile's", async () => {
    const id = json((await duvo(["credentials", "create", "--domain", "gone.example.com", "--json"])).stdout).id;
    emulator.clearRequests();
    expect(await duvo(["credentials", "delete", id])).toEqual(usage("delete changes data and there is no terminal to ask on: add -y to confirm"));
    const declined = scriptedPrompter({ confirm: [false] });
    expect((await duvo(["credentials", "delete", id], { tty: true, prompter: declined.prompter })).code).toBe(4);
    expect(declined.asked).toEqual([`confirm: Delete browser login ${id}?`]);
    expect(emulator.requests).toHaveLength(0);
    expect(profileCalls()).toBe(0);
    const yes = await duvo(["credentials", "delete", id, "-y", "--json"]);
    expect(yes).toEqual({ code: 0, stdout: "null\n", stderr: "" });
    expect(last().status).toBe(204);
    expectSent(last(), { method: "DELETE", path: `/v2/teams/${DEMO_TEAM_ID}/browser-agent/credentials/${DEMO_USER_ID}/${id}` });
    expect((await duvo(["credentials", "get", id])).code).toBe(3);
    const other = json((await duvo(["credentials", "create", "--domain", "gone2.example.com", "--json"])).stdout).id;
    const accepted = scriptedPrompter({ confirm: [true] });
    expect(await duvo(["credentials", "delete", other], { tty: true, prompter: accepted.prompter })).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Deleted browser login ${other}.\n`,
    });
  });
});

describe("team", () => {
  test("current and get: the team's details; --json valid; --team chooses; another team is refused", async () => {
    const current = await duvo(["team", "current"]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}` });
    expect(current.stdout).toBe(
      [
        `ID            ${DEMO_TEAM_ID}`,
        "Name          Demo team",
        `Organization  ${DEMO_ORG_ID}`,
        "Slack team    -",
        "Discovery     request",
        "Created       2025-01-15T09:00:00.000Z",
        "",
      ].join("\n"),
    );
    emulator.clearRequests();
    const answer = json((await duvo(["team", "get", "--team", DEMO_TEAM_ID, "--json"])).stdout);
    expect(emulator.requests).toHaveLength(1);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}` });
    expect(responseProblem("getTeam", 200, answer)).toBeUndefined();
    expect(answer.team.name).toBe("Demo team");
    expect((await duvo(["team", "get", "--team", OTHER_TEAM_ID])).code).toBe(2);
    expect(await duvo(["team", "get", "--team", "nope"])).toEqual(usage('invalid --team "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
  });

  test("a key that sees several teams: exit 4 listing them, unless --team, DUVO_TEAM_ID or the profile's team says which", async () => {
    const env = { DUVO_API_KEY: MULTI_TEAM_KEY };
    expect((await duvo(["teams", "list"], { env })).stdout).toContain("Ops team");
    emulator.clearRequests();
    const refused = await duvo(["team", "current"], { env });
    expect(refused).toEqual(
      usage(
        `this API key sees 2 teams: ${MULTI_TEAM_ID} (Ops team), ${DEMO_TEAM_ID} (Demo team); choose one with --team <id>, DUVO_TEAM_ID, or \`duvo team use <id>\` for the profile`,
      ),
    );
    expect(sent()).toEqual(["GET /v2/teams"]);
    expect((await duvo(["secrets", "list"], { env })).code).toBe(4);
    expect(json((await duvo(["team", "current", "--json", "--team", DEMO_TEAM_ID], { env })).stdout).team.id).toBe(DEMO_TEAM_ID);
    expect(json((await duvo(["team", "current", "--json"], { env: { ...env, DUVO_TEAM_ID: MULTI_TEAM_ID } })).stdout).team.name).toBe("Ops team");
    expect((await duvo(["runs", "list", "--team", DEMO_TEAM_ID], { env })).code).toBe(0);
  });

  test("members: a table; --search and paging; --json valid", async () => {
    const table = await duvo(["team", "members"]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}/members` });
    expect(table.stdout.split("\n")).toEqual([
      "ID                                    NAME         EMAIL                ROLE    FROM ORG",
      `${DEMO_USER_ID}  Demo User    demo@example.com     owner   no`,
      "5e1f0c2a-7d3b-4c9e-8a20-000000000011  Ana Analyst  ana@example.com      member  no",
      "5e1f0c2a-7d3b-4c9e-8a20-000000000012  -            auditor@example.com  viewer  yes",
      "",
    ]);
    const page = json((await duvo(["team", "members", "--limit", "1", "--offset", "1", "--json"])).stdout);
    expect(responseProblem("listTeamMembers", 200, page)).toBeUndefined();
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1, members: [{ email: "ana@example.com" }] });
    expect(last().query).toEqual({ limit: "1", offset: "1" });
    expect(json((await duvo(["team", "members", "--search", "AUDITOR", "--all", "--json"])).stdout).members).toHaveLength(1);
    expect(await duvo(["team", "members", "--limit", "0"])).toEqual(usage('invalid value "0" for --limit: expected a whole number ≥ 1'));
  });

  test("use: sets the profile's team after checking the key sees it; local otherwise", async () => {
    const configDir = tempDir();
    const configFile = join(configDir, "config.json");
    writeFileSync(configFile, JSON.stringify({ defaultProfile: "default", profiles: { default: { apiKey: MULTI_TEAM_KEY, apiBaseUrl: emulator.url } } }));
    const env = { DUVO_CONFIG_DIR: configDir, DUVO_API_KEY: undefined };
    expect((await duvo(["team", "current"], { env })).code).toBe(4);
    expect(await duvo(["team", "use", DEMO_TEAM_ID], { env })).toEqual({ code: 0, stdout: "", stderr: `✓ Profile "default" now acts in team Demo team (${DEMO_TEAM_ID})\n` });
    expect(JSON.parse(await Bun.file(configFile).text()).profiles.default.teamId).toBe(DEMO_TEAM_ID);
    expect(json((await duvo(["team", "current", "--json"], { env })).stdout).team.id).toBe(DEMO_TEAM_ID);

    const before = await Bun.file(configFile).text();
    expect(await duvo(["team", "use", OTHER_TEAM_ID], { env })).toEqual(
      usage(`this API key cannot see team ${OTHER_TEAM_ID}; it sees: ${MULTI_TEAM_ID} (Ops team), ${DEMO_TEAM_ID} (Demo team)`),
    );
    expect(await duvo(["team", "use", "nope"], { env })).toEqual(usage('invalid team id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
    expect((await duvo(["team", "use", DEMO_TEAM_ID, "--profile", "nope"], { env })).code).toBe(2);
    expect(await Bun.file(configFile).text()).toBe(before);
    expect(await duvo(["team", "use", DEMO_TEAM_ID, "--json"], { env })).toEqual(usage('unknown flag --json for "duvo team use"; see "duvo team use --help"'));
  });
});

describe("teams: organizations", () => {
  test("orgs: your organizations; --json valid", async () => {
    const table = await duvo(["teams", "orgs"]);
    expectSent(last(), { method: "GET", path: "/v2/organizations/mine" });
    expect(table.stdout.split("\n")[1]).toBe(`${DEMO_ORG_ID}  Demo organization  organization:owner  4        2025-01-15T09:00:00.000Z`);
    const answer = json((await duvo(["teams", "orgs", "--json"])).stdout);
    expect(responseProblem("listMyOrganizations", 200, answer)).toBeUndefined();
    expect(json((await duvo(["teams", "orgs", "--json"], { env: { DUVO_API_KEY: "dv_other_9b3e7d1f5a2c8e4b0d6f1a3c5e7b9d2f" } })).stdout)).toEqual({ memberships: [] });
  });

  test("org and create-org-team: the organization's teams, and a new one among them", async () => {
    const created = await duvo(["teams", "create-org-team", DEMO_ORG_ID, "--name", "Finance ops", "--json"]);
    expect(created.code).toBe(0);
    const team = json(created.stdout);
    expect(responseProblem("createOrgTeam", 201, team)).toBeUndefined();
    expectSent(last(), { method: "POST", path: `/v2/organizations/${DEMO_ORG_ID}/teams`, body: { name: "Finance ops" } });
    const table = await duvo(["teams", "org", DEMO_ORG_ID]);
    expectSent(last(), { method: "GET", path: `/v2/organizations/${DEMO_ORG_ID}/teams` });
    expect(table.stdout).toContain(`${DEMO_TEAM_ID}  Demo team    3        6       yes     owner`);
    expect(table.stdout).toContain(`${team.id}  Finance ops`);
    const listing = json((await duvo(["teams", "org", DEMO_ORG_ID, "--json"])).stdout);
    expect(responseProblem("listOrgTeams", 200, listing)).toBeUndefined();
    expect(listing.total).toBe(3);
    expect((await duvo(["teams", "create-org-team", DEMO_ORG_ID, "--name", "finance OPS"])).code).toBe(1); // the API's 400: the name is taken
    expect(await duvo(["teams", "create-org-team", DEMO_ORG_ID])).toEqual(usage('missing required flag --name for "duvo teams create-org-team"'));
    expect(await duvo(["teams", "org", "nope"])).toEqual(usage('invalid organization id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
    expect((await duvo(["teams", "org", UNKNOWN])).code).toBe(2); // not your organization: 403
  });

  test("invite-org-member: email, role and team sent; the email asked for on a terminal", async () => {
    const invited = await duvo(["teams", "invite-org-member", DEMO_ORG_ID, "--email", "ana@example.com", "--role", "admin", "--team-id", DEMO_TEAM_ID, "--json"]);
    expect(invited.code).toBe(0);
    expectSent(last(), { method: "POST", path: `/v2/organizations/${DEMO_ORG_ID}/members`, body: { email: "ana@example.com", role: "organization:admin", teamId: DEMO_TEAM_ID } });
    expect(responseProblem("inviteOrgMember", 201, json(invited.stdout))).toBeUndefined();
    const asked = scriptedPrompter({ text: ["bo@example.com"] });
    const prompted = await duvo(["teams", "invite-org-member", DEMO_ORG_ID], { tty: true, prompter: asked.prompter });
    expect(prompted.code).toBe(0);
    expectSent(last(), { method: "POST", path: `/v2/organizations/${DEMO_ORG_ID}/members`, body: { email: "bo@example.com", role: "organization:member" } });
    emulator.clearRequests();
    expect(await duvo(["teams", "invite-org-member", DEMO_ORG_ID])).toEqual(usage("missing --email; pass --email <address>"));
    expect(await duvo(["teams", "invite-org-member", DEMO_ORG_ID, "--email", "x@example.com", "--role", "boss"])).toEqual(
      usage('invalid --role "boss": expected one of member, admin, owner, executive'),
    );
    expect(await duvo(["teams", "invite-org-member", DEMO_ORG_ID, "--email", "not-an-email"])).toEqual(usage('invalid request body.email: Invalid email: Received "not-an-email"'));
    expect(emulator.requests).toHaveLength(0);
  });

  test("org-insights, org-metrics and org-usage count the organization's runs in the window", async () => {
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.complete])).stdout.trim();
    expect(runId).not.toBe("");
    const headline = json((await duvo(["teams", "org-insights", DEMO_ORG_ID, "--json"])).stdout);
    expectSent(last(), { method: "GET", path: `/v2/organizations/${DEMO_ORG_ID}/insights/headline` });
    expect(responseProblem("getOrgInsightsHeadline", 200, headline)).toBeUndefined();
    expect(headline.headline.total_runs).toBeGreaterThanOrEqual(1);
    const human = await duvo(["teams", "org-insights", DEMO_ORG_ID, "--start-date", "2020-01-01", "--end-date", "2020-01-31"]);
    expect(last().query).toEqual({ startDate: "2020-01-01T00:00:00.000Z", endDate: "2020-01-31T23:59:59.999Z" });
    expect(human.stdout).toStartWith("Runs           0\n");

    const metrics = json((await duvo(["teams", "org-metrics", DEMO_ORG_ID, "--json"])).stdout);
    expectSent(last(), { method: "GET", path: `/v2/organizations/${DEMO_ORG_ID}/insights/metrics` });
    expect(responseProblem("getOrgInsightsMetrics", 200, metrics)).toBeUndefined();
    expect(metrics.teams.find((team: { team_id: string }) => team.team_id === DEMO_TEAM_ID).total_runs).toBeGreaterThanOrEqual(1);
    expect((await duvo(["teams", "org-metrics", DEMO_ORG_ID])).stdout.split("\n")[0]).toMatch(/^TEAM +NAME +MEMBERS +AGENTS +SCHEDULED +JOBS +FAILED +RUNS$/);

    const usage30 = await duvo(["teams", "org-usage", DEMO_ORG_ID, "--json"]);
    const chart = json(usage30.stdout);
    expectSent(last(), { method: "GET", path: `/v2/organizations/${DEMO_ORG_ID}/insights/usage-chart` });
    expect(responseProblem("getOrgInsightsUsageChart", 200, chart)).toBeUndefined();
    expect(last().query.granularity).toBe("day");
    expect(Date.parse(last().query.endDate!) - Date.parse(last().query.startDate!)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(chart.buckets.reduce((sum: number, bucket: { total_runs: number }) => sum + bucket.total_runs, 0)).toBeGreaterThanOrEqual(1);
    const monthly = await duvo([
      "teams",
      "org-usage",
      DEMO_ORG_ID,
      "--start-date",
      "2026-01-01",
      "--end-date",
      "2026-03-31",
      "--granularity",
      "month",
      "--timezone",
      "Europe/Prague",
    ]);
    expect(monthly.stdout.split("\n").slice(0, 4)).toEqual([
      "PERIOD      RUNS  SCHEDULED  ON DEMAND",
      "2026-01-01  0     0          0",
      "2026-02-01  0     0          0",
      "2026-03-01  0     0          0",
    ]);
    expect(last().query).toEqual({ startDate: "2026-01-01T00:00:00.000Z", endDate: "2026-03-31T23:59:59.999Z", granularity: "month", timezone: "Europe/Prague" });

    emulator.clearRequests();
    expect(await duvo(["teams", "org-insights", DEMO_ORG_ID, "--start-date", "yesterday"])).toEqual(
      usage('invalid --start-date "yesterday": expected an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:30:00Z'),
    );
    expect(await duvo(["teams", "org-metrics", DEMO_ORG_ID, "--start-date", "2026-02-01", "--end-date", "2026-01-01"])).toEqual(usage("--start-date is after --end-date"));
    expect((await duvo(["teams", "org-usage", DEMO_ORG_ID, "--granularity", "hour"])).code).toBe(4);
    expect(await duvo(["teams", "org-usage", DEMO_ORG_ID, "--timezone", "Mars/Olympus"])).toEqual(
      usage('invalid --timezone "Mars/Olympus": expected an IANA time zone such as Europe/Prague'),
    );
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("runs list: the official filters", () => {
  test("--user, --case-queue, --source and --has-issues become the API's query", async () => {
    const result = await duvo(["runs", "list", "--user", DEMO_USER_ID, "--source", "schedule", "--has-issues", "false", "--json"]);
    expect(result.code).toBe(0);
    expect(last().query).toEqual({ user_id: DEMO_USER_ID, source: "schedule", has_issues: "false" });
    expect(responseProblem("listRuns", 200, json(result.stdout))).toBeUndefined();
    const queue = "5e1f0c2a-7d3b-4c9e-8a70-000000000001";
    expect(json((await duvo(["runs", "list", "--case-queue", queue, "--json"])).stdout)).toEqual({ data: [], total: 0 });
    expect(last().query).toEqual({ case_queue_id: queue });
    emulator.clearRequests();
    expect(await duvo(["runs", "list", "--user", "me"])).toEqual(usage('invalid --user "me": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
    expect((await duvo(["runs", "list", "--has-issues", "maybe"])).code).toBe(4);
    expect(emulator.requests).toHaveLength(0);
  });
});
