/**
 * login, logout, whoami and profiles against the emulator over HTTP: the config file
 * (format, modes, atomic writes, corrupt files), where the key comes from (env, file,
 * profile) and the precedence of --profile / --team, and a key that never shows.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { readHiddenLine } from "../src/cli/hidden-input.ts";
import { AGENT_IDS, DEMO_ORG_ID, DEMO_USER_ID, OTHER_TEAM_ID, OTHER_TEAM_KEY, OTHER_USER_ID, type Emulator } from "../src/emulator/index.ts";
import { DEMO_LOGIN_ID, DEMO_SECRET_ID } from "../src/emulator/platform/team-settings.ts";
import { InterruptedError, UsageError } from "../src/errors.ts";
import { allowInvalidRequests, expectSent, runDuvo, scriptedPrompter, tempDir, testEmulator } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.stop());

/** A fresh config folder (not yet created: login must create it) and env without a key. */
function account() {
  const configDir = join(tempDir("duvo-account-"), "nested", "duvo");
  const env: Record<string, string | undefined> = { DUVO_API_BASE_URL: emulator.url, DUVO_CONFIG_DIR: configDir, NO_COLOR: "1" };
  const configFile = join(configDir, "config.json");
  return {
    configDir,
    configFile,
    env,
    duvo: (argv: string[], options: Parameters<typeof runDuvo>[1] = {}) => runDuvo(argv, { ...options, env: { ...env, ...options.env } }),
    config: () => JSON.parse(readFileSync(configFile, "utf8")),
    write: (config: unknown) => {
      mkdirSync(configDir, { recursive: true, mode: 0o700 });
      writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
    },
  };
}

const mode = (path: string) => statSync(path).mode & 0o777;
const DEMO_MASKED = `dv_…${"dv_demo_4f8a2c9e1b7d3a5f6e0c2b8d9a1f7e3c".slice(-4)}`;
const OTHER_MASKED = `dv_…${OTHER_TEAM_KEY.slice(-4)}`;

describe("login", () => {
  test("checks the key with GET /v2/teams, then writes the profile: 0600 file in a 0700 folder", async () => {
    const { duvo, configDir, configFile, config } = account();
    emulator.clearRequests();
    const result = await duvo(["login", "--api-key", emulator.apiKey]);
    expect(result).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Logged in to team Demo team (${emulator.teamId}) with key ${DEMO_MASKED}; saved in profile "default" (the default)\n`,
    });
    expect(emulator.requests).toHaveLength(1);
    expectSent(emulator.requests[0], { method: "GET", path: "/v2/teams" });
    expect(emulator.requests[0]!.headers.authorization).toBe(`Bearer ${emulator.apiKey}`);
    expect(config()).toEqual({
      defaultProfile: "default",
      profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } },
    });
    expect(Object.keys(config())).toEqual(["defaultProfile", "profiles"]);
    if (process.platform !== "win32") {
      expect(mode(configFile)).toBe(0o600);
      expect(mode(configDir)).toBe(0o700);
    }
    expect(readdirSync(configDir)).toEqual(["config.json"]); // no temp file left behind
  });

  test("writes atomically: a new file is renamed over the old one, and a too-open folder is made 0700", async () => {
    const { duvo, configDir, configFile, write, config } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url } } });
    chmodSync(configDir, 0o755);
    chmodSync(configFile, 0o644);
    const before = statSync(configFile).ino;
    const result = await duvo(["login", "--api-key", emulator.apiKey]);
    expect(result.code).toBe(0);
    expect(statSync(configFile).ino).not.toBe(before); // replaced by rename, never rewritten in place
    expect(mode(configFile)).toBe(0o600);
    expect(mode(configDir)).toBe(0o700);
    expect(readdirSync(configDir)).toEqual(["config.json"]);
    expect(config().profiles.default).toEqual({ apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId });
  });

  test("a second login with --name adds a profile and keeps the default; unknown settings are kept", async () => {
    const { duvo, write, config } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } }, editor: "vim" });
    const result = await duvo(["login", "--name", "other", "--api-key", OTHER_TEAM_KEY]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`✓ Logged in to team Other team (${OTHER_TEAM_ID}) with key ${OTHER_MASKED}; saved in profile "other"\n`);
    expect(config()).toEqual({
      defaultProfile: "default",
      profiles: {
        default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId },
        other: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url, teamId: OTHER_TEAM_ID },
      },
      editor: "vim",
    });
  });

  test("--with-token reads the key from stdin; --base-url is stored (env otherwise)", async () => {
    const { duvo, config } = account();
    const result = await duvo(["login", "--with-token", "--base-url", `${emulator.url}/v2/`], {
      stdin: `${emulator.apiKey}\n`,
      env: { DUVO_API_BASE_URL: undefined },
    });
    expect(result.code).toBe(0);
    expect(config().profiles.default).toEqual({ apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId });
  });

  test("with neither flag it asks with hidden input when prompts are allowed", async () => {
    const { duvo, config } = account();
    const { prompter, asked } = scriptedPrompter({ password: [` ${emulator.apiKey} `] });
    const result = await duvo(["login", "--name", "work"], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(asked).toEqual(["password: Paste your Duvo API key (input is hidden):"]);
    expect(config()).toEqual({
      defaultProfile: "work",
      profiles: { work: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } },
    });
  });

  test("with neither flag and no prompts it is exit 4, before any request, and nothing is written", async () => {
    const { duvo, configDir } = account();
    for (const options of [{}, { tty: true, env: { DUVO_NO_INPUT: "1" } }]) {
      emulator.clearRequests();
      const result = await duvo(["login"], options);
      expect(result).toEqual({ code: 4, stdout: "", stderr: "error: no API key given; pass --api-key <key>, or --with-token to read it from stdin\n" });
      expect(emulator.requests).toHaveLength(0);
    }
    expect(existsSync(configDir)).toBe(false);
  });

  test("an invalid key is exit 2 and nothing is written (no file created, an existing file unchanged)", async () => {
    const fresh = account();
    const result = await fresh.duvo(["login", "--api-key", "dv_wrong_0000"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: the API key was rejected by ${emulator.url} (401); nothing was saved\nCheck the key in Duvo's settings and try again.\n`,
    });
    expect(existsSync(fresh.configDir)).toBe(false);

    const existing = account();
    existing.write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url } } });
    const before = readFileSync(existing.configFile, "utf8");
    expect((await existing.duvo(["login", "--with-token"], { stdin: "dv_wrong_1111\n" })).code).toBe(2);
    expect(readFileSync(existing.configFile, "utf8")).toBe(before);
  });

  test("--team must be a team the key sees", async () => {
    const { duvo, configDir } = account();
    const result = await duvo(["login", "--api-key", emulator.apiKey, "--team", OTHER_TEAM_ID]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: this API key cannot see team ${OTHER_TEAM_ID}; nothing was saved\n`);
    expect(existsSync(configDir)).toBe(false);
  });

  test.each([
    [["login", "--api-key", "dv_x", "--with-token"], "give --api-key or --with-token, not both"],
    [["login", "--api-key", "dv_x", "--name", "bad name"], 'invalid profile name "bad name" for --name: use letters, digits, ".", "_" or "-" (up to 64)'],
    [
      ["login", "--api-key", "dv_x", "--base-url", "http://api.example.com"],
      "refusing to send the API key over plain http to api.example.com: use https (http is allowed only for localhost)",
    ],
    [["login", "--api-key", "dv_x", "--json"], 'unknown flag --json for "duvo login"; see "duvo login --help"'],
    [["login", "--api-key", "   "], "the API key is empty"],
  ])("usage error %p: exit 4, no request, nothing written", async (argv, message) => {
    const { duvo, configDir } = account();
    emulator.clearRequests();
    const result = await duvo(argv);
    expect(result).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
    expect(existsSync(configDir)).toBe(false);
  });

  test("warns that DUVO_API_KEY takes precedence over the saved key", async () => {
    const { duvo } = account();
    const result = await duvo(["login", "--api-key", OTHER_TEAM_KEY], { env: { DUVO_API_KEY: emulator.apiKey } });
    expect(result.code).toBe(0);
    expect(result.stderr).toEndWith("! DUVO_API_KEY is set: it takes precedence over the key of this profile\n");
  });
});

describe("the config file", () => {
  test("a corrupt file is a clear error naming the path, for every command that reads it, and is never overwritten", async () => {
    const { duvo, configDir, configFile } = account();
    mkdirSync(configDir, { recursive: true });
    writeFileSync(configFile, '{"profiles": {', { mode: 0o600 });
    for (const argv of [["whoami"], ["login", "--api-key", emulator.apiKey], ["logout", "-y"], ["profiles", "list"], ["profiles", "use", "x"], ["agents", "list"]]) {
      emulator.clearRequests();
      const result = await duvo(argv, { env: { DUVO_API_KEY: undefined } });
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `error: config file ${configFile} is not valid JSON\nFix or remove the file, then run \`duvo login\` again.\n`,
      });
      expect(emulator.requests).toHaveLength(0);
    }
    expect(readFileSync(configFile, "utf8")).toBe('{"profiles": {');
  });

  test("a file of the wrong shape names the path and the place", async () => {
    const { duvo, write, configFile } = account();
    write({ profiles: { default: { apiKey: 42 } } });
    const result = await duvo(["whoami"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`error: config file ${configFile} is malformed at profiles.default.apiKey: `);
  });

  test("an unreadable file is an error naming the path", async () => {
    const { duvo, write, configFile } = account();
    if (process.platform === "win32" || process.getuid?.() === 0) {
      // Root reads any file (CI runs as root): a folder where the file should be is unreadable to all.
      mkdirSync(configFile, { recursive: true });
      const result = await duvo(["profiles", "list"]);
      expect(result).toEqual({ code: 1, stdout: "", stderr: `error: cannot read config file ${configFile}: EISDIR\n` });
      return;
    }
    write({ profiles: {} });
    chmodSync(configFile, 0o000);
    const result = await duvo(["profiles", "list"]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `error: cannot read config file ${configFile}: EACCES\n` });
  });
});

describe("whoami and where the key comes from", () => {
  const demoUser = { id: DEMO_USER_ID, name: "Demo User", email: "demo@example.com" };

  test("--json has exactly the documented shape", async () => {
    const { duvo, write } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } } });
    emulator.clearRequests();
    const result = await duvo(["whoami", "--json"]);
    expect(result.code).toBe(0);
    // The user and the team's name, read at once (in either order).
    expect(emulator.requests.map((request) => request.operationId).sort()).toEqual(["getProfile", "listMyTeams"]);
    expectSent(
      emulator.requests.find((request) => request.operationId === "getProfile"),
      { method: "GET", path: "/v2/profile" },
    );
    expectSent(
      emulator.requests.find((request) => request.operationId === "listMyTeams"),
      { method: "GET", path: "/v2/teams" },
    );
    expect(JSON.parse(result.stdout)).toEqual({
      profile: "default",
      authSource: "profile",
      apiBaseUrl: emulator.url,
      team: { id: emulator.teamId, name: "Demo team" },
      user: demoUser,
      apiKey: DEMO_MASKED,
    });
    expect(result.stdout).toEndWith("}\n");
    expect(result.stdout.split("\n")).toHaveLength(2); // compact off a TTY
  });

  test("human output: aligned lines", async () => {
    const { duvo, write } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } } });
    const result = await duvo(["whoami"]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Profile  default",
        `Key      ${DEMO_MASKED} (from the profile)`,
        `API      ${emulator.url}`,
        `Team     Demo team (${emulator.teamId})`,
        `User     Demo User <demo@example.com> (${DEMO_USER_ID})`,
        "",
      ].join("\n"),
    });
  });

  test("DUVO_API_KEY overrides the profile's key; the profile's base URL still applies", async () => {
    const { duvo, write } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url } } });
    emulator.clearRequests();
    const result = await duvo(["whoami", "--json"], { env: { DUVO_API_KEY: emulator.apiKey, DUVO_API_BASE_URL: undefined } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      profile: "default",
      authSource: "env",
      apiBaseUrl: emulator.url,
      team: { id: emulator.teamId, name: "Demo team" },
      user: demoUser,
      apiKey: DEMO_MASKED,
    });
    expect(new Set(emulator.requests.map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${emulator.apiKey}`]));
  });

  test("env wins even with --profile, while that profile's team still applies", async () => {
    const { duvo, write } = account();
    write({ profiles: { ci: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url, teamId: OTHER_TEAM_ID } } });
    const result = await duvo(["--profile", "ci", "whoami", "--json"], { env: { DUVO_API_KEY: emulator.apiKey } });
    const identity = JSON.parse(result.stdout);
    expect([identity.profile, identity.authSource, identity.user.id, identity.team]).toEqual(["ci", "env", DEMO_USER_ID, { id: OTHER_TEAM_ID, name: null }]);
  });

  test("DUVO_API_KEY_FILE reads the key from a file (trimmed); a missing file is exit 2", async () => {
    const { duvo } = account();
    const keyFile = join(tempDir(), "key");
    writeFileSync(keyFile, `${emulator.apiKey}\n`);
    const result = await duvo(["whoami", "--json"], { env: { DUVO_API_KEY_FILE: keyFile } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ profile: null, authSource: "file", apiKey: DEMO_MASKED, user: demoUser });

    const human = await duvo(["whoami"], { env: { DUVO_API_KEY_FILE: keyFile } });
    expect(human.stdout).toContain(`Key      ${DEMO_MASKED} (from DUVO_API_KEY_FILE)`);

    const missing = await duvo(["whoami"], { env: { DUVO_API_KEY_FILE: join(tempDir(), "absent") } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toStartWith("error: cannot read DUVO_API_KEY_FILE ");
  });

  test("--profile beats DUVO_PROFILE, which beats the default profile", async () => {
    const { duvo, write } = account();
    write({
      defaultProfile: "default",
      profiles: {
        default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url },
        other: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url },
      },
    });
    const who = async (argv: string[], env: Record<string, string> = {}) => JSON.parse((await duvo([...argv, "whoami", "--json"], { env })).stdout);
    expect((await who([])).user.id).toBe(DEMO_USER_ID);
    expect((await who([], { DUVO_PROFILE: "other" })).user.id).toBe(OTHER_USER_ID);
    expect((await who(["--profile", "default"], { DUVO_PROFILE: "other" })).profile).toBe("default");
    expect((await who(["--profile", "other"])).profile).toBe("other");
    // The global flag also works after the subcommand.
    expect(JSON.parse((await duvo(["whoami", "--json", "--profile", "other"])).stdout).user.id).toBe(OTHER_USER_ID);
  });

  test("the team: --team beats DUVO_TEAM_ID, which beats the profile's teamId", async () => {
    const { duvo, write } = account();
    const flagTeam = "5e1f0c2a-7d3b-4c9e-8a10-000000000101";
    const envTeam = "5e1f0c2a-7d3b-4c9e-8a10-000000000102";
    const profileTeam = "5e1f0c2a-7d3b-4c9e-8a10-000000000103";
    write({ profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: profileTeam } } });
    const teamAsked = async (argv: string[], env: Record<string, string> = {}) => {
      emulator.clearRequests();
      await duvo(argv, { env });
      return emulator.requests.find((request) => request.path.endsWith("/agents"))?.path;
    };
    expect(await teamAsked(["agents", "list", "--team", flagTeam], { DUVO_TEAM_ID: envTeam })).toBe(`/v2/teams/${flagTeam}/agents`);
    expect(await teamAsked(["--team", flagTeam, "agents", "list"], { DUVO_TEAM_ID: envTeam })).toBe(`/v2/teams/${flagTeam}/agents`);
    expect(await teamAsked(["agents", "list"], { DUVO_TEAM_ID: envTeam })).toBe(`/v2/teams/${envTeam}/agents`);
    expect(await teamAsked(["agents", "list"])).toBe(`/v2/teams/${profileTeam}/agents`);
    // Without any of them, GET /v2/teams says (once).
    write({ profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url } } });
    emulator.clearRequests();
    expect((await duvo(["agents", "list"])).code).toBe(0);
    expect(emulator.requests.map((request) => request.path)).toEqual(["/v2/teams", `/v2/teams/${emulator.teamId}/agents`]);
  });

  test("an unknown profile is exit 2, before any request", async () => {
    const { duvo, write } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url } } });
    for (const [argv, env] of [
      [["--profile", "nope", "whoami"], {}],
      [["whoami"], { DUVO_PROFILE: "nope" }],
      [["agents", "list", "--profile", "nope"], { DUVO_API_KEY: emulator.apiKey }],
    ] as [string[], Record<string, string>][]) {
      emulator.clearRequests();
      const result = await duvo(argv, { env });
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr: 'error: unknown profile "nope" (profiles: default)\nRun `duvo login --name nope` to create it.\n',
      });
      expect(emulator.requests).toHaveLength(0);
    }
  });

  test("no key anywhere is exit 2", async () => {
    const { duvo } = account();
    const result = await duvo(["whoami"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "error: no API key\nSet DUVO_API_KEY (or DUVO_API_KEY_FILE), or run `duvo login`.\n" });
  });

  test("a rejected key is exit 2", async () => {
    const { duvo } = account();
    const result = await duvo(["whoami"], { env: { DUVO_API_KEY: "dv_revoked_5555" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("failed with 401");
  });
});

describe("logout", () => {
  const loggedIn = () => {
    const setup = account();
    setup.write({
      defaultProfile: "default",
      profiles: {
        default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId },
        other: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url },
      },
    });
    return setup;
  };

  test("without a TTY it needs -y (nothing changes without it); it removes the key of the default profile, base URL and team stay", async () => {
    const { duvo, config, configFile } = loggedIn();
    const before = readFileSync(configFile, "utf8");
    expect(await duvo(["logout"])).toEqual({ code: 4, stdout: "", stderr: "error: logout changes data and there is no terminal to ask on: add -y to confirm\n" });
    expect(readFileSync(configFile, "utf8")).toBe(before);
    const result = await duvo(["logout", "-y"]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: '✓ Logged out: removed the API key of profile "default"\n' });
    expect(config().profiles).toEqual({
      default: { apiBaseUrl: emulator.url, teamId: emulator.teamId },
      other: { apiKey: OTHER_TEAM_KEY, apiBaseUrl: emulator.url },
    });
    expect((await duvo(["whoami"])).code).toBe(2); // no key now
  });

  test("--name picks the profile; on a TTY it asks first (and -y skips the question)", async () => {
    const { duvo, config } = loggedIn();
    const declined = scriptedPrompter({ confirm: [false] });
    const no = await duvo(["logout", "--name", "other"], { tty: true, prompter: declined.prompter });
    expect(no).toEqual({ code: 4, stdout: "", stderr: "error: nothing changed: cancelled at the prompt\n" });
    expect(declined.asked).toEqual([`confirm: Remove the API key ${OTHER_MASKED} of profile "other"?`]);
    expect(config().profiles.other.apiKey).toBe(OTHER_TEAM_KEY);

    const accepted = scriptedPrompter({ confirm: [true] });
    expect((await duvo(["logout", "--name", "other"], { tty: true, prompter: accepted.prompter })).code).toBe(0);
    expect(config().profiles.other.apiKey).toBeUndefined();

    const silent = scriptedPrompter({});
    expect((await duvo(["logout", "-y"], { tty: true, prompter: silent.prompter })).code).toBe(0);
    expect(silent.asked).toEqual([]);
    expect(config().profiles.default.apiKey).toBeUndefined();
  });

  test("an unknown profile is exit 2; a profile without a key, or no profiles at all, is nothing to do", async () => {
    const { duvo, config } = loggedIn();
    expect(await duvo(["logout", "--name", "nope"])).toEqual({ code: 2, stdout: "", stderr: 'error: unknown profile "nope" (profiles: default, other)\n' });
    await duvo(["logout", "-y"]);
    expect(await duvo(["logout"])).toEqual({ code: 0, stdout: "", stderr: 'Profile "default" holds no API key; nothing to do.\n' });
    expect(config().profiles.other.apiKey).toBe(OTHER_TEAM_KEY);

    const empty = account();
    expect(await empty.duvo(["logout"])).toEqual({ code: 0, stdout: "", stderr: `Not logged in: ${empty.configFile} has no profiles.\n` });
    expect(existsSync(empty.configDir)).toBe(false);
  });

  test("says when DUVO_API_KEY will still be used", async () => {
    const { duvo } = loggedIn();
    const result = await duvo(["logout", "-y"], { env: { DUVO_API_KEY: emulator.apiKey } });
    expect(result.stderr).toEndWith("! DUVO_API_KEY is still set, and duvo will keep using it\n");
  });
});

describe("profiles", () => {
  const twoProfiles = () => {
    const setup = account();
    setup.write({
      defaultProfile: "default",
      profiles: {
        default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId },
        ci: { apiBaseUrl: "https://api.duvo.ai" },
      },
    });
    return setup;
  };

  test("list: a table (* marks the default, keys masked) and --json", async () => {
    const { duvo } = twoProfiles();
    const human = await duvo(["profiles", "list"]);
    expect(human.code).toBe(0);
    const urlWidth = Math.max(3, emulator.url.length, "https://api.duvo.ai".length);
    expect(human.stdout).toBe(
      [
        `   NAME     ${"API".padEnd(urlWidth)}  TEAM                                  KEY`,
        `*  default  ${emulator.url.padEnd(urlWidth)}  ${emulator.teamId}  ${DEMO_MASKED}`,
        `   ci       ${"https://api.duvo.ai".padEnd(urlWidth)}  -                                     (logged out)`,
        "",
      ].join("\n"),
    );
    const json = await duvo(["profiles", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      defaultProfile: "default",
      profiles: [
        { name: "default", default: true, apiBaseUrl: emulator.url, teamId: emulator.teamId, apiKey: DEMO_MASKED },
        { name: "ci", default: false, apiBaseUrl: "https://api.duvo.ai", teamId: null, apiKey: null },
      ],
    });
  });

  test("list without a config file says how to start", async () => {
    const { duvo, configFile } = account();
    expect(await duvo(["profiles", "list"])).toEqual({ code: 0, stdout: "", stderr: `No profiles in ${configFile} yet: create one with \`duvo login\`.\n` });
    expect(JSON.parse((await duvo(["profiles", "list", "--json"])).stdout)).toEqual({ defaultProfile: null, profiles: [] });
  });

  test("use makes a profile the default; an unknown one is exit 2", async () => {
    const { duvo, config } = twoProfiles();
    expect(await duvo(["profiles", "use", "ci"])).toEqual({ code: 0, stdout: "", stderr: '✓ The default profile is now "ci"\n' });
    expect(config().defaultProfile).toBe("ci");
    const json = await duvo(["profiles", "use", "default", "--json"]);
    expect(JSON.parse(json.stdout).defaultProfile).toBe("default");
    const unknown = await duvo(["profiles", "use", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error: unknown profile "nope" (profiles: default, ci)\nRun `duvo login --name nope` to create it.\n');
    expect(config().defaultProfile).toBe("default");
  });

  test("remove deletes a profile and its key; removing the default hands it to the one left", async () => {
    const { duvo, config } = twoProfiles();
    const result = await duvo(["profiles", "remove", "default", "-y"]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: '✓ Removed profile "default"\nThe default profile is now "ci".\n' });
    expect(config()).toEqual({ defaultProfile: "ci", profiles: { ci: { apiBaseUrl: "https://api.duvo.ai" } } });
    expect((await duvo(["profiles", "remove", "default", "-y"])).code).toBe(2);
    expect(JSON.parse((await duvo(["profiles", "remove", "ci", "--json", "-y"])).stdout)).toEqual({ defaultProfile: null, profiles: [] });
  });

  test("remove asks on a terminal (No changes nothing), refuses without one unless -y", async () => {
    const { duvo, configFile } = twoProfiles();
    const before = readFileSync(configFile, "utf8");
    expect(await duvo(["profiles", "remove", "ci"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: profiles remove changes data and there is no terminal to ask on: add -y to confirm\n",
    });
    const declined = scriptedPrompter({ confirm: [false] });
    expect((await duvo(["profiles", "remove", "ci"], { tty: true, prompter: declined.prompter })).code).toBe(4);
    expect(declined.asked).toEqual(['confirm: Remove profile "ci" and its API key?']);
    expect(readFileSync(configFile, "utf8")).toBe(before);
    const accepted = scriptedPrompter({ confirm: [true] });
    expect((await duvo(["profiles", "remove", "ci"], { tty: true, prompter: accepted.prompter })).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(configFile, "utf8")).profiles)).toEqual(["default"]);
  });

  test("use without a name: a picker on a terminal, exit 4 without one", async () => {
    const { duvo, config } = twoProfiles();
    const picker = scriptedPrompter({ select: ["ci"] });
    expect(await duvo(["profiles", "use"], { tty: true, prompter: picker.prompter })).toEqual({ code: 0, stdout: "", stderr: '✓ The default profile is now "ci"\n' });
    expect(picker.asked).toEqual(["select: Default profile:"]);
    expect(config().defaultProfile).toBe("ci");
    expect(await duvo(["profiles", "use"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: no profile named; give its name (duvo profiles use <name>), or run it on a terminal to pick one\n",
    });
  });

  test("rename keeps the key, the order and the default; clashes and unknown names are refused", async () => {
    const { duvo, config } = twoProfiles();
    expect(await duvo(["profiles", "rename", "default", "work"])).toEqual({ code: 0, stdout: "", stderr: '✓ Renamed profile "default" to "work" (the default)\n' });
    expect(config()).toEqual({
      defaultProfile: "work",
      profiles: { work: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId }, ci: { apiBaseUrl: "https://api.duvo.ai" } },
    });
    expect((await duvo(["whoami", "--json"])).code).toBe(0); // the default still works under its new name
    const json = JSON.parse((await duvo(["profiles", "rename", "ci", "ci-eu", "--json"])).stdout);
    expect(json.profiles.map((profile: { name: string }) => profile.name)).toEqual(["work", "ci-eu"]);
    expect(await duvo(["profiles", "rename", "work", "ci-eu"])).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: a profile called "ci-eu" exists already: remove it first (duvo profiles remove ci-eu)\n',
    });
    expect((await duvo(["profiles", "rename", "nope", "x"])).code).toBe(2);
    expect((await duvo(["profiles", "rename", "work", "bad name"])).stderr).toStartWith('error: invalid profile name "bad name" for the new name');
    expect((await duvo(["profiles", "rename", "work"])).code).toBe(4);
  });

  test("usage errors: exit 4", async () => {
    const { duvo } = twoProfiles();
    expect(await duvo(["profiles", "remove"])).toEqual({ code: 4, stdout: "", stderr: 'error: missing argument <name> for "duvo profiles remove"\n' });
    expect(await duvo(["profiles", "list", "extra"])).toEqual({ code: 4, stdout: "", stderr: 'error: unexpected argument "extra" for "duvo profiles list"\n' });
    expect((await duvo(["profiles", "lst"])).stderr).toBe('error: unknown command "lst" for "duvo profiles"; did you mean "list"?\n');
  });
});

describe("hidden input", () => {
  const fakeTerminal = () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[] });
    const setRawMode = (mode: boolean) => input.rawModes.push(mode);
    const written: string[] = [];
    const output = { write: (text: string) => written.push(text) > 0 };
    return { input: Object.assign(input, { setRawMode }), output, written };
  };

  test("reads a line without echoing it; Backspace and Ctrl-U edit; raw mode is restored", async () => {
    const terminal = fakeTerminal();
    const line = readHiddenLine("Key:", terminal);
    terminal.input.write("wrong\x15dv_se");
    terminal.input.write("cretX\x7f\r");
    expect(await line).toBe("dv_secret");
    expect(terminal.written).toEqual(["? Key: ", "\n"]);
    expect(terminal.input.rawModes).toEqual([true, false]);
  });

  test("Ctrl-C is an interruption (exit 130); Ctrl-D on an empty line cancels", async () => {
    const interrupted = fakeTerminal();
    const first = readHiddenLine("Key:", interrupted);
    interrupted.input.write("dv_\x03");
    await expect(first).rejects.toBeInstanceOf(InterruptedError);
    expect(interrupted.input.rawModes).toEqual([true, false]);

    const cancelled = fakeTerminal();
    const second = readHiddenLine("Key:", cancelled);
    cancelled.input.write("\x04");
    await expect(second).rejects.toBeInstanceOf(UsageError);
  });
});

describe("the key never shows", () => {
  test("no command, on success or failure, with --debug, prints the key or most of it", async () => {
    allowInvalidRequests(); // `duvo api --no-validate` sends a bad agent id on purpose
    const keys = [emulator.apiKey, OTHER_TEAM_KEY, "dv_wrong_7f3e9a1c5b2d4f6a8c0e"];
    const { duvo, write } = account();
    write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } } });
    const keyFile = join(tempDir(), "key");
    writeFileSync(keyFile, `${OTHER_TEAM_KEY}\n`);
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.complete])).stdout.trim();
    const unknownId = "5e1f0c2a-7d3b-4c9e-8a30-0000000000ff";
    const invocations: [string[], Parameters<typeof runDuvo>[1]?][] = [
      [["whoami"]],
      [["whoami", "--json"]],
      [["whoami"], { env: { DUVO_API_KEY: keys[2] } }],
      [["whoami", "--json"], { env: { DUVO_API_KEY_FILE: keyFile } }],
      [["login", "--api-key", keys[2]!]],
      [["login", "--with-token", "--name", "second"], { stdin: OTHER_TEAM_KEY }],
      [["login", "--name", "third"], { tty: true, prompter: scriptedPrompter({ password: [emulator.apiKey] }).prompter }],
      [["profiles", "list"]],
      [["profiles", "list", "--json"]],
      [["profiles", "use", "second", "--json"]],
      [["profiles", "use", "default"]],
      [["teams", "list"]],
      [["teams", "list", "--json"]],
      [["teams", "list"], { env: { DUVO_API_KEY: keys[2] } }],
      [["agents", "list", "--all"]],
      [["agents", "list", "--json"]],
      [["agents", "get", "invoice reconciler"]],
      [["agents", "get", unknownId]],
      [["agents", "get", "No Such Agent"]],
      [["runs", "list"]],
      [["runs", "list", "--json", "--agent", AGENT_IDS.complete]],
      [["runs", "list", "--team", OTHER_TEAM_ID]],
      [["runs", "evaluation", runId]],
      [["runs", "evaluation", unknownId]],
      [["api", "GET", "/v2/teams"]],
      [["api", "GET", "/v2/profile"]],
      [["api", "GET", `/v2/runs/${unknownId}`]],
      [["api", "GET", `/v2/teams/${OTHER_TEAM_ID}/agents`]],
      [["api", "POST", "/v2/teams/{teamId}/runs", "-f", "agent_id=nope"]],
      [["api", "POST", "/v2/teams/{teamId}/runs", "-f", "agent_id=nope", "--no-validate"]],
      [["api", "GET", "/v2/teams"], { env: { DUVO_API_KEY: keys[2] } }],
      [["secrets", "list"]],
      [["secrets", "create", "--name", "Leaky", "--value", `TOKEN=${keys[2]}`]],
      [["secrets", "create", "--name", "Leaky", "--value-file", "-"], { stdin: `TOKEN=${keys[1]}\n` }],
      [["secrets", "update", DEMO_SECRET_ID, "--set", `TOKEN=${keys[2]}`, "--json"]],
      [["secrets", "get", unknownId]],
      [["secrets", "delete", unknownId, "-y"]],
      [["credentials", "create", "--domain", "leak.example.com", "--password", keys[2]!, "--otp-secret", keys[1]!.slice(3)]],
      [["credentials", "create", "--domain", "leak.example.com", "--password-stdin", "--json"], { stdin: `${keys[2]}\n` }],
      [["credentials", "update", DEMO_LOGIN_ID, "--password-file", keyFile, "--json"]],
      [["credentials", "get", DEMO_LOGIN_ID]],
      [["credentials", "list", "--json"]],
      [["credentials", "create", "--domain", "x", "--password", keys[2]!, "--password-stdin"]],
      [["team", "current", "--json"]],
      [["team", "members"]],
      [["team", "use", emulator.teamId]],
      [["teams", "orgs", "--json"]],
      [["teams", "org", DEMO_ORG_ID]],
      [["teams", "org-usage", DEMO_ORG_ID, "--json"]],
      [["profiles", "rename", "third", "fourth"]],
      [["profiles", "remove", "fourth", "-y"]],
      [["logout", "--name", "second", "-y"]],
      [["logout", "-y"]],
      [["whoami"]],
    ];
    const codes: number[] = [];
    const sentNothing: string[] = [];
    for (const [argv, options = {}] of invocations) {
      const before = emulator.requests.length;
      const result = await duvo([...argv, "--debug"], options);
      codes.push(result.code);
      // A command that sent a request went through --debug's request lines, which must not show the key either.
      if (emulator.requests.length > before) expect(result.stderr).toMatch(/^→ (GET|POST|PATCH|PUT|DELETE) \//m);
      else sentNothing.push(argv.join(" "));
      const output = result.stdout + result.stderr;
      for (const key of keys) {
        expect(output).not.toContain(key);
        expect(output).not.toContain(key.slice(0, -4)); // the masked form shows only the last four
      }
    }
    // Both paths ran: successes, and auth, not-found, usage and API failures.
    expect(new Set(codes)).toEqual(new Set([0, 1, 2, 3, 4]));
    // Only these send nothing (local commands and usage errors): every other one was seen with --debug on the wire.
    expect(sentNothing).toEqual([
      "profiles list",
      "profiles list --json",
      "profiles use second --json",
      "profiles use default",
      "api POST /v2/teams/{teamId}/runs -f agent_id=nope", // refused before sending: the body breaks the document
      `credentials create --domain x --password ${keys[2]} --password-stdin`, // two sources of one password
      "profiles rename third fourth",
      "profiles remove fourth -y",
      "logout --name second -y",
      "logout -y",
      "whoami", // logged out: no key
    ]);
  });
});

test("profile names are names, not object keys: constructor and __proto__ are unknown profiles", async () => {
  const { duvo, write, configFile } = account();
  write({ defaultProfile: "default", profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url } } });
  const before = readFileSync(configFile, "utf8");
  for (const name of ["constructor", "__proto__", "toString"]) {
    const use = await duvo(["profiles", "use", name]);
    expect(use.code).toBe(2);
    const whoami = await duvo(["whoami", "--profile", name]);
    expect(whoami.code).toBe(2);
    expect(whoami.stderr).toStartWith(`error: unknown profile "${name}"`);
  }
  expect(readFileSync(configFile, "utf8")).toBe(before);
});
