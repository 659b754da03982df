/**
 * The API key never reaches stdout, stderr, logs or error messages: every command of the
 * tree, with --debug, on its error paths (a rejected key, a server that is down, ids that
 * do not exist, the key pasted where an argument goes).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DuvoArgsDef, DuvoCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";
import type { Emulator } from "../src/emulator/index.ts";
import { runDuvo, tempDir, testEmulator } from "./helpers.ts";

const SECRET = "dv_live_7Hq2mXk9Lp4sRt8vWy3zBn6cDf1gJh5k";
const UUID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
/** Commands that do not talk to the Duvo API with a key (or that would start serving). */
const SKIP = new Set(["emulator", "update", "completion", "__complete"]);
const LOCAL_ONLY = new Set(["logout", "profiles", "agents models", "guide"]);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.stop());

async function leafCommands(command: DuvoCommand, path: string[] = []): Promise<{ path: string[]; command: DuvoCommand }[]> {
  const subCommands = await subCommandsOf(command);
  if (!subCommands) return [{ path, command }];
  const leaves = [];
  for (const [name, entry] of Object.entries(subCommands)) {
    if (path.length === 0 && SKIP.has(name)) continue; // top-level words only: `secrets update` is tested
    leaves.push(...(await leafCommands(await resolveValue(entry), [...path, name])));
  }
  return leaves;
}

/** A plausible command line for a command: its positionals and required flags filled in. */
function argvFor(path: string[], command: DuvoCommand): string[] {
  const argv = [...path];
  for (const [name, def] of Object.entries((command.args ?? {}) as DuvoArgsDef)) {
    if (def.type === "positional") {
      if (def.required === false && name !== "name") continue; // `profiles use [name]` would take the stray key as its name
      argv.push(name === "method" ? "GET" : name === "path" ? `/v2/runs/${UUID}` : name === "name" ? "default" : UUID);
    } else if ("required" in def && def.required) {
      argv.push(`--${name}`, name === "message" ? "hello" : UUID);
    }
  }
  if (path[0] === "runs" && path[1] === "respond") argv.push("--approve");
  if (path[0] === "login") argv.push("--api-key", SECRET);
  // Secret values given as flags are as secret as the key: never echoed either.
  if (path.join(" ") === "secrets create") argv.push("--value", `TOKEN=${SECRET}`);
  if (path.join(" ") === "secrets update") argv.push("--set", `TOKEN=${SECRET}`);
  if (path[0] === "credentials" && (path[1] === "create" || path[1] === "update")) argv.push("--password", SECRET, "--otp-secret", SECRET.slice(3));
  if (path[0] === "connections" && (path[1] === "create" || path[1] === "update")) argv.push("--secret-header", `Authorization=${SECRET}`);
  if (path.join(" ") === "integrations custom create") argv.push("--oauth-client-secret", SECRET);
  if (path.join(" ") === "teams invite-org-member") argv.push("--email", "ana@example.com");
  return argv;
}

// Every leaf, found once; each gets its own test (about 170 commands run four ways: one test
// for all of them took over 30 s on a busy machine, and said less about which failed).
const leaves = await leafCommands(rootCommand);
const scenarios: [string, Record<string, string>][] = [
  ["rejected key", {}],
  ["server down", { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_RETRY_BUDGET: "0" }],
  ["plain http to a remote host", { DUVO_API_BASE_URL: "http://api.example.com" }],
];

test("every command of the tree is checked, the ones taking secrets among them", () => {
  expect(leaves.length).toBeGreaterThanOrEqual(40);
  for (const command of [
    "secrets create",
    "secrets update",
    "credentials create",
    "credentials update",
    "connections create",
    "connections update",
    "integrations custom create",
    "team use",
    "teams org-usage",
    "profiles rename",
  ]) {
    expect(leaves.map((leaf) => leaf.path.join(" "))).toContain(command);
  }
});

describe("no command prints the key on its error paths, even with --debug", () => {
  for (const { path, command } of leaves) {
    const argv = argvFor(path, command);
    test(path.join(" "), async () => {
      for (const [scenario, env] of scenarios) {
        const result = await runDuvo([...argv, "--debug"], {
          env: { DUVO_API_KEY: SECRET, DUVO_CONFIG_DIR: tempDir(), DUVO_TEAM_ID: emulator.teamId, DUVO_API_BASE_URL: emulator.url, ...env },
        });
        const context = `${argv.join(" ")} (${scenario}): exit ${result.code}\n${result.stderr}`;
        expect(result.stdout + result.stderr, context).not.toContain(SECRET);
        expect(result.stdout + result.stderr, context).not.toContain(SECRET.slice(3, 20));
        // Commands that only touch the local config may succeed; every API call must fail here.
        if (!LOCAL_ONLY.has(path[0]!) && !LOCAL_ONLY.has(path.join(" "))) expect(result.code, context).not.toBe(0);
      }
      // The key pasted where an argument goes is echoed masked.
      const stray = await runDuvo([...argv, SECRET], { env: { DUVO_CONFIG_DIR: tempDir() } });
      expect(stray.code, `${argv.join(" ")} <key>: ${stray.stderr}`).toBe(4);
      expect(stray.stderr).not.toContain(SECRET);
    });
  }
});

test("the key in a profile never shows, even when the profile's key is rejected", async () => {
  const config = tempDir();
  await Bun.write(`${config}/config.json`, JSON.stringify({ defaultProfile: "default", profiles: { default: { apiKey: SECRET, apiBaseUrl: emulator.url } } }));
  for (const argv of [["whoami"], ["whoami", "--json"], ["runs", "get", UUID], ["profiles", "list"], ["profiles", "list", "--json"], ["agents", "list", "--debug"]]) {
    const result = await runDuvo(argv, { env: { DUVO_CONFIG_DIR: config } });
    expect(result.stdout + result.stderr, argv.join(" ")).not.toContain(SECRET);
  }
});
