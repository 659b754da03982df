/**
 * Every command group loads from the compiled binary's embedded chunks: one command of each
 * runs through dist/duvo against the emulator, exit 0, and sends the request it should
 * (method and path, from the emulator's log). The list is checked against the command tree,
 * so a new group fails here until it has a line (or an allowance, with why).
 */
import { describe, expect, test } from "bun:test";
import { subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";
import { AGENT_IDS, DEMO_ORG_ID } from "../src/emulator/index.ts";
import { DEMO_SECRET_ID } from "../src/emulator/platform/team-settings.ts";
import { spawnDuvo, useEmulator } from "./helpers.ts";

const { emulator, env } = useEmulator();
const AGENT = AGENT_IDS.complete;
const TEAM = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";

/** Top-level commands that send no request, or do not run here; each with why. A group added to the tree needs a line here or in ONE_OF_EACH. */
const ALLOWED_WITHOUT_REQUEST: Record<string, string> = {
  profiles: "local: reads the config file (run below, no request expected)",
  guide: "local: the guides are embedded (run below, no request expected)",
  completion: "local: prints a shell script (run below, no request expected)",
  __complete: "hidden: the shells' completion callback (run below, no request expected)",
  logout: "local: removes a profile (run below, no request expected)",
  emulator: "serves until Ctrl-C; spawned from the binary in test/environment.test.ts",
  update: "reaches the release host, not the API; test/update.test.ts runs it against a fake release host",
};

/**
 * One command per top-level command and the request it must send: argv (a function when it
 * needs an id made first) and "METHOD /v2/path" of a request it must send, or null for local ones.
 */
const ONE_OF_EACH: Record<string, { argv: string[] | (() => Promise<string[]>); sends: string | null }> = {
  whoami: { argv: ["whoami"], sends: "GET /v2/profile" },
  login: { argv: () => Promise.resolve(["login", "--api-key", emulator.apiKey]), sends: "GET /v2/teams" },
  api: { argv: ["api", "GET", "/v2/teams"], sends: "GET /v2/teams" },
  runs: { argv: ["runs", "list", "--agent", AGENT], sends: `GET /v2/teams/${TEAM}/runs` },
  agents: { argv: ["agents", "get", AGENT], sends: `GET /v2/agents/${AGENT}` },
  "agent-folders": { argv: ["agent-folders", "list"], sends: `GET /v2/teams/${TEAM}/agent-folders` },
  revisions: { argv: ["revisions", "list", "--agent", AGENT], sends: `GET /v2/agents/${AGENT}/revisions` },
  "revision-integrations": { argv: async () => ["revision-integrations", "list", ...(await liveRevision())], sends: `GET /v2/agents/${AGENT}/revisions/{build}/integrations` },
  "revision-secrets": { argv: async () => ["revision-secrets", "list", ...(await liveRevision())], sends: `GET /v2/agents/${AGENT}/revisions/{build}/credentials` },
  "revision-logins": { argv: async () => ["revision-logins", "list", ...(await liveRevision())], sends: `GET /v2/agents/${AGENT}/revisions/{build}/logins` },
  suggestions: { argv: ["suggestions", "list", AGENT], sends: `GET /v2/agents/${AGENT}/suggestions` },
  queues: { argv: ["queues", "create", "--name", "From the binary"], sends: `POST /v2/teams/${TEAM}/queues` },
  "queue-labels": { argv: async () => ["queue-labels", "list", "--queue", await newQueue()], sends: "GET /v2/queues/{queue}/labels" },
  cases: { argv: async () => ["cases", "create", "--queue", await newQueue(), "--title", "From the binary"], sends: "POST /v2/queues/{queue}/cases" },
  sandboxes: { argv: ["sandboxes", "create"], sends: "POST /v2/sandboxes" },
  files: { argv: ["files", "list"], sends: `GET /v2/teams/${TEAM}/files` },
  secrets: { argv: ["secrets", "get", DEMO_SECRET_ID], sends: `GET /v2/credentials/${DEMO_SECRET_ID}` },
  credentials: { argv: ["credentials", "list"], sends: `GET /v2/teams/${TEAM}/browser-agent/credentials/{user}` },
  skills: { argv: ["skills", "list"], sends: `GET /v2/teams/${TEAM}/skills` },
  pulse: { argv: ["pulse", "create", "--message", "Open cases per queue"], sends: "POST /v2/artifacts" },
  team: { argv: ["team", "get"], sends: `GET /v2/teams/${TEAM}` },
  teams: { argv: ["teams", "org", DEMO_ORG_ID], sends: `GET /v2/organizations/${DEMO_ORG_ID}/teams` },
  profiles: { argv: ["profiles", "list"], sends: null },
  guide: { argv: ["guide", "list"], sends: null },
  completion: { argv: ["completion", "bash"], sends: null },
  __complete: { argv: ["__complete", "runs", ""], sends: null },
  integrations: { argv: ["integrations", "list"], sends: `GET /v2/teams/${TEAM}/integrations` },
  connections: { argv: ["connections", "list"], sends: `GET /v2/teams/${TEAM}/connections` },
  oauth: { argv: ["oauth", "mcp", "check", "--url", "https://mcp.example.com"], sends: "POST /v2/connections/oauth/mcp/check" },
  plugins: { argv: ["plugins", "list"], sends: "GET /v2/plugins/catalog" },
  export: { argv: ["export", "--format", "json"], sends: `GET /v2/teams/${TEAM}/agents` },
  plan: { argv: ["plan", "--help"], sends: null },
  apply: { argv: ["apply", "--help"], sends: null },
  logout: { argv: ["logout", "-y"], sends: null },
};

let queue: string | undefined;
async function newQueue(): Promise<string> {
  const made = await spawnDuvo(["queues", "create", "--name", `Binary ${crypto.randomUUID().slice(0, 8)}`, "--json"], { env });
  queue = JSON.parse(made.stdout).queue.id;
  return queue!;
}

let build: string | undefined;
async function liveRevision(): Promise<string[]> {
  build = JSON.parse((await spawnDuvo(["revisions", "list", "--agent", AGENT, "--json"], { env })).stdout).builds[0].id;
  return ["--agent", AGENT, "--revision", build!];
}

/** "GET /v2/revisions/{build}/x" with the ids made on the way filled in. */
function expected(sends: string): string {
  return sends
    .replace("{build}", build ?? "?")
    .replace("{queue}", queue ?? "?")
    .replace("{user}", "5e1f0c2a-7d3b-4c9e-8a20-000000000001");
}

describe("every group from the binary", () => {
  test("the table names every top-level command of the tree, or allows it with why", async () => {
    const names = Object.keys((await subCommandsOf(rootCommand)) ?? {}).sort();
    const listed = [...new Set([...Object.keys(ONE_OF_EACH), ...Object.keys(ALLOWED_WITHOUT_REQUEST)])].sort();
    expect(listed).toEqual(names);
  });

  test.each(Object.keys(ONE_OF_EACH))("%s", async (name) => {
    const { argv, sends } = ONE_OF_EACH[name]!;
    const args = typeof argv === "function" ? await argv() : argv;
    const before = emulator.requests.length;
    const result = await spawnDuvo(args, { env });
    expect({ code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual({ code: 0, stderr: "" });
    const requests = emulator.requests.slice(before).map((request) => `${request.method} ${request.path}`);
    if (sends === null) expect(requests).toEqual([]);
    else expect(requests).toContain(expected(sends));
  });
});
