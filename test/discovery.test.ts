/** teams list, agents list|get, runs list and runs evaluation against the emulator over HTTP. */
import { beforeAll, describe, expect, test } from "bun:test";
import { collectPages } from "../src/api/paging.ts";
import { AGENT_IDS, DEMO_AGENTS, OTHER_AGENT_ID, OTHER_TEAM_ID, OTHER_TEAM_KEY } from "../src/emulator/index.ts";
import { emulatorEnv, eventually, expectSent, runDuvo, testEmulator, useEmulator } from "./helpers.ts";

const { emulator, duvo } = useEmulator();

const api = async (path: string) => (await fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${emulator.apiKey}` } })).json() as Promise<any>;
const requestsTo = (suffix: string) => emulator.requests.filter((request) => request.path.endsWith(suffix));
const UNKNOWN_ID = "5e1f0c2a-7d3b-4c9e-8a30-0000000000ff";

/** Starts a run straight through the API (fast), returning its id. */
async function startRun(agentId: string, message: string): Promise<string> {
  const response = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ agent_id: agentId, message }),
  });
  return ((await response.json()) as { run: { id: string } }).run.id;
}

describe("teams list", () => {
  test("a table of the key's team, and --json as the API returns it", async () => {
    emulator.clearRequests();
    const human = await duvo(["teams", "list"]);
    expect(emulator.requests).toHaveLength(1);
    expectSent(emulator.requests[0], { method: "GET", path: "/v2/teams" });
    expect(human).toEqual({
      code: 0,
      stderr: "",
      stdout: ["ID                                    NAME       ORGANIZATION", `${emulator.teamId}  Demo team  5e1f0c2a-7d3b-4c9e-8a50-000000000001`, ""].join("\n"),
    });
    const json = await duvo(["teams", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual(await api("/v2/teams"));
    expect((await duvo(["teams", "list", "--limit", "1"])).code).toBe(4);
  });
});

describe("agents list", () => {
  test("a table: id, name, last run, revision; the API's default page", async () => {
    emulator.clearRequests();
    const result = await duvo(["agents", "list"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(requestsTo("/agents")).toHaveLength(1);
    expectSent(requestsTo("/agents")[0], { method: "GET", path: `/v2/teams/${emulator.teamId}/agents` });
    const lines = result.stdout.split("\n");
    expect(lines[0]!.split(/\s{2,}/)).toEqual(["ID", "NAME", "LAST RUN", "REVISION"]);
    // Last run as the API says (other tests may have started runs), ISO off a terminal.
    const listed = (await api(`/v2/teams/${emulator.teamId}/agents`)).agents as { id: string; last_run_at: string | null }[];
    const lastRun = (id: string) => listed.find((agent) => agent.id === id)!.last_run_at ?? "-";
    expect(lines.slice(1, -1).map((line) => line.split(/\s{2,}/))).toEqual(DEMO_AGENTS.map((agent) => [agent.id, agent.name, lastRun(agent.id), "3"]));
    expect(requestsTo("/agents")[0]!.query).toEqual({});
  });

  test("--json prints {agents, total, limit, offset} as the API returns it", async () => {
    const result = await duvo(["agents", "list", "--json"]);
    const parsed = JSON.parse(result.stdout);
    // Compared with what the API itself answers (not re-checked with the schema the client used).
    expect(parsed).toEqual(await api(`/v2/teams/${emulator.teamId}/agents`));
    expect(Object.keys(parsed)).toEqual(["agents", "total", "limit", "offset"]);
    expect(parsed.agents.map((agent: { id: string; name: string }) => [agent.id, agent.name])).toEqual(DEMO_AGENTS.map((agent) => [agent.id, agent.name]));
    expect(parsed.total).toBe(DEMO_AGENTS.length);
    expect(parsed.agents[0].user_triggers).toEqual({ slack_mention: false, slack_channel: false, teams_mention: false }); // fields the CLI does not use are kept
  });

  test("--limit and --offset go to the API; a hint says how to see more", async () => {
    emulator.clearRequests();
    const result = await duvo(["agents", "list", "--limit", "2", "--offset", "1"]);
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .split("\n")
        .slice(1, -1)
        .map((line) => line.split("  ")[0]),
    ).toEqual([AGENT_IDS.approval, AGENT_IDS.question]);
    expect(result.stderr).toBe("Showing 2-3 of 6 agents; more with --offset 3, or --all.\n");
    expect(requestsTo("/agents").map((request) => request.query)).toEqual([{ limit: "2", offset: "1" }]);
  });

  test("--all joins every page into one document with the total", async () => {
    emulator.clearRequests();
    const result = await duvo(["agents", "list", "--all", "--offset", "4", "--json"]);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.agents.map((agent: { id: string }) => agent.id)).toEqual([AGENT_IDS.fail, AGENT_IDS.bulk]);
    expect([parsed.total, parsed.limit, parsed.offset]).toEqual([6, 2, 4]);
    expect(requestsTo("/agents").map((request) => request.query)).toEqual([{ limit: "100", offset: "4" }]);
  });

  test("shows the last run once an agent has run", async () => {
    await startRun(AGENT_IDS.fail, "go");
    const result = await duvo(["agents", "list"]);
    const row = result.stdout.split("\n").find((line) => line.startsWith(AGENT_IDS.fail))!;
    expect(row.split(/\s{2,}/)[2]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  test.each([
    [["agents", "list", "--all", "--limit", "5"], "--all and --limit cannot be used together"],
    [["agents", "list", "--limit", "0"], 'invalid value "0" for --limit: expected a whole number ≥ 1'],
    [["agents", "list", "--offset", "-1"], 'invalid value "-1" for --offset: expected a whole number'],
    [["agents", "list", "--offset", "x"], 'invalid value "x" for --offset: expected a whole number'],
    [["agents", "list", "--limit", "2", "--limit", "3"], 'flag --limit was given more than once for "duvo agents list"'],
    [["agents", "list", "--lmit", "2"], 'unknown flag --lmit for "duvo agents list"; did you mean --limit?'],
    [["agents", "get"], 'missing argument <agent-id|name> for "duvo agents get"'],
    [["agents", "list", "--team", "team-1"], 'invalid --team "team-1": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
  ])("usage error %p: exit 4 before any request", async (argv, message) => {
    emulator.clearRequests();
    expect(await duvo(argv)).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
  });

  test("another team's id with this key is refused (401, the document lists no 403 here): exit 2", async () => {
    const result = await duvo(["agents", "list", "--team", OTHER_TEAM_ID]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: GET /teams/${OTHER_TEAM_ID}/agents failed with 401: Unauthorized: This API key does not have access to that team\nCheck DUVO_API_KEY or run \`duvo login\`.\n`,
    );
    const other = await duvo(["agents", "list", "--team", emulator.teamId], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } });
    expect(other.code).toBe(2);
  });
});

describe("agents get", () => {
  test("by id: aligned key/value lines; --json as the API returns it", async () => {
    emulator.clearRequests();
    const result = await duvo(["agents", "get", AGENT_IDS.questions]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        `ID               ${AGENT_IDS.questions}`,
        "Name             Release Planner",
        `Team             ${emulator.teamId}`,
        "Folder           -",
        "Created          2025-01-15T09:00:00.000Z by Demo User",
        "Updated          2025-03-02T14:30:00.000Z by Demo User",
        "Pinned           -",
        "Slack            off",
        "Microsoft Teams  off",
        "Agentic memory   off",
        "",
      ].join("\n"),
    });
    expect(emulator.requests).toHaveLength(1);
    expectSent(emulator.requests[0], { method: "GET", path: `/v2/agents/${AGENT_IDS.questions}` });
    const json = JSON.parse((await duvo(["agents", "get", AGENT_IDS.complete, "--json"])).stdout);
    expect(json).toEqual(await api(`/v2/agents/${AGENT_IDS.complete}`));
    expect(Object.keys(json).sort()).toEqual(["agent", "user_context"]);
    expect(json.agent).toMatchObject({ id: AGENT_IDS.complete, name: DEMO_AGENTS.find((agent) => agent.id === AGENT_IDS.complete)!.name });
  });

  test("by name, case-insensitively", async () => {
    const result = await duvo(["agents", "get", "invoice RECONCILER", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agent.id).toBe(AGENT_IDS.complete);
    expect((await duvo(["agents", "get", "Invoice Reconciler"])).stdout).toContain("Pinned           2025-03-02T14:30:00.000Z");
  });

  test("an unknown name is exit 4 listing candidates; an unknown id, or another team's, is exit 3", async () => {
    const byName = await duvo(["agents", "get", "Reconciler"]);
    expect(byName).toEqual({
      code: 4,
      stdout: "",
      stderr: `error: no agent named "Reconciler"; did you mean: Invoice Reconciler (${AGENT_IDS.complete})\n`,
    });
    for (const id of [UNKNOWN_ID, OTHER_AGENT_ID]) {
      const result = await duvo(["agents", "get", id]);
      expect(result).toEqual({ code: 3, stdout: "", stderr: `error: GET /agents/${id} failed with 404: Not Found: Agent ${id} not found\n` });
    }
  });
});

describe("runs list", () => {
  let runIds: string[];
  beforeAll(async () => {
    runIds = [];
    runIds.push(await startRun(AGENT_IDS.complete, "Reconcile March"));
    runIds.push(await startRun(AGENT_IDS.complete, "Reconcile April"));
    runIds.push(await startRun(AGENT_IDS.approval, "Pay ACME"));
  });

  test("a table: id, status, agent, title, created (newest first); --json as the API returns it", async () => {
    const result = await duvo(["runs", "list", "--limit", "3"]);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .split("\n")
      .slice(1, -1)
      .map((line) => line.split(/\s{2,}/));
    expect(result.stdout.split("\n")[0]).toMatch(/^ID {36}STATUS +AGENT +TITLE +CREATED$/);
    expect(rows.map((row) => [row[0], row[2], row[3]])).toEqual([
      [runIds[2], "Vendor Payment Approval", "Pay ACME"],
      [runIds[1], "Invoice Reconciler", "Reconcile April"],
      [runIds[0], "Invoice Reconciler", "Reconcile March"],
    ]);
    expect(rows.every((row) => /^\d{4}-\d{2}-\d{2}T/.test(row[4]!))).toBe(true);
    const json = JSON.parse((await duvo(["runs", "list", "--json"])).stdout);
    expect(Object.keys(json)).toEqual(["data", "total"]);
    expect(json.total).toBe((await api(`/v2/teams/${emulator.teamId}/runs`)).total);
    expect(json.data.map((run: { id: string }) => run.id).slice(0, 3)).toEqual(runIds.slice().reverse());
  });

  test("every filter goes to the API; --agent takes a name; --since is sent as UTC", async () => {
    emulator.clearRequests();
    const argv = ["runs", "list", "--agent", "invoice reconciler", "--status", "pending", "--sort-order", "asc"];
    const result = await duvo([...argv, "--since", "2025-06-01", "--search", "march", "--limit", "5", "--offset", "0", "--json"]);
    expect(result.code).toBe(0);
    expect(requestsTo("/runs")).toHaveLength(1);
    expectSent(requestsTo("/runs")[0], { method: "GET", path: `/v2/teams/${emulator.teamId}/runs` });
    expect(requestsTo("/runs").map((request) => request.query)).toEqual([
      {
        status: "pending",
        agent_id: AGENT_IDS.complete,
        sort_order: "asc",
        since: "2025-06-01T00:00:00.000Z",
        search: "march",
        limit: "5",
        offset: "0",
      },
    ]);
    emulator.clearRequests();
    await duvo(["runs", "list", "--since", "2025-06-01T12:30:00+02:00"]);
    expect(requestsTo("/runs")[0]!.query.since).toBe("2025-06-01T10:30:00.000Z");
  });

  test("filters narrow the list; none matching says so on stderr", async () => {
    const byAgent = JSON.parse((await duvo(["runs", "list", "--agent", AGENT_IDS.approval, "--json"])).stdout);
    // Other tests of this file may have started runs of this agent too (in any order): only its runs, ours among them.
    expect(byAgent.data.map((run: { id: string }) => run.id)).toContain(runIds[2]);
    expect(byAgent.data.map((run: { id: string }) => run.id)).not.toContain(runIds[1]);
    expect(new Set(byAgent.data.map((run: { agent_id: string }) => run.agent_id))).toEqual(new Set([AGENT_IDS.approval]));
    const searched = JSON.parse((await duvo(["runs", "list", "--search", "april", "--json"])).stdout);
    expect(searched).toMatchObject({ total: 1, data: [{ id: runIds[1] }] });
    const none = await duvo(["runs", "list", "--status", "needs_attention"]);
    expect(none).toEqual({ code: 0, stdout: "", stderr: "No runs match.\n" });
    expect(JSON.parse((await duvo(["runs", "list", "--since", "2999-01-01", "--json"])).stdout)).toEqual({ data: [], total: 0 });
  });

  test("--all and a --limit above 100 read page after page", async () => {
    const fresh = await testEmulator();
    try {
      const freshEnv = emulatorEnv(fresh);
      const ids: string[] = [];
      for (let index = 0; index < 205; index++) {
        const response = await fetch(`${fresh.url}/v2/teams/${fresh.teamId}/runs`, {
          method: "POST",
          headers: { authorization: `Bearer ${fresh.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ agent_id: AGENT_IDS.complete, message: `run ${index}` }),
        });
        ids.push(((await response.json()) as { run: { id: string } }).run.id);
      }
      fresh.clearRequests();
      const all = await runDuvo(["runs", "list", "--all", "--sort-order", "asc", "--json"], { env: freshEnv });
      const parsed = JSON.parse(all.stdout);
      expect(parsed.total).toBe(205);
      expect(parsed.data.map((run: { id: string }) => run.id)).toEqual(ids);
      expect(fresh.requests.filter((request) => request.path.endsWith("/runs")).map((request) => request.query)).toEqual([
        { sort_order: "asc", limit: "100", offset: "0" },
        { sort_order: "asc", limit: "100", offset: "100" },
        { sort_order: "asc", limit: "100", offset: "200" },
      ]);

      fresh.clearRequests();
      const limited = await runDuvo(["runs", "list", "--limit", "150", "--offset", "10", "--sort-order", "asc", "--json"], { env: freshEnv });
      expect(JSON.parse(limited.stdout).data.map((run: { id: string }) => run.id)).toEqual(ids.slice(10, 160));
      expect(fresh.requests.filter((request) => request.path.endsWith("/runs")).map((request) => request.query)).toEqual([
        { sort_order: "asc", limit: "100", offset: "10" },
        { sort_order: "asc", limit: "50", offset: "110" },
      ]);

      const human = await runDuvo(["runs", "list", "--all"], { env: freshEnv });
      expect(human.stdout.split("\n")).toHaveLength(205 + 2);
      expect(human.stderr).toBe("");
    } finally {
      await fresh.stop();
    }
  });

  test.each([
    [["runs", "list", "--since", "yesterday"], 'invalid --since "yesterday": expected an ISO 8601 date or date-time, e.g. 2025-06-01 or 2025-06-01T09:30:00Z'],
    [["runs", "list", "--since", "2025-13-45"], 'invalid --since "2025-13-45": expected an ISO 8601 date or date-time, e.g. 2025-06-01 or 2025-06-01T09:30:00Z'],
    [["runs", "list", "--sort-order", "up"], 'invalid value "up" for --sort-order: expected asc or desc'],
    [["runs", "list", "--status", "Not Started"], 'invalid --status "Not Started": expected a run status such as running, waiting or failed'],
    [["runs", "list", "--agent", ""], "--agent is empty"],
    [["runs", "list", "--all", "--limit", "3"], "--all and --limit cannot be used together"],
    [["runs", "list", "--limit", "many"], 'invalid value "many" for --limit: expected a whole number ≥ 1'],
  ])("usage error %p: exit 4 before any request", async (argv, message) => {
    emulator.clearRequests();
    expect(await duvo(argv)).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
  });

  test("an unknown agent name is exit 4 and lists no runs", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "list", "--agent", "Nobody"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toStartWith('error: no agent named "Nobody"; agents are: Invoice Reconciler');
    expect(requestsTo("/runs")).toHaveLength(0);
  });

  test("another team's key: exit 2", async () => {
    const result = await duvo(["runs", "list", "--team", emulator.teamId], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("failed with 401");
  });
});

describe("runs evaluation", () => {
  let completed: string;
  beforeAll(async () => {
    completed = await startRun(AGENT_IDS.complete, "Evaluate me");
    await eventually(() => emulator.getRun(completed)?.status === "completed", 10_000);
  });

  test("reads the agent from the run, then prints the evaluation as key/value lines", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "evaluation", completed]);
    expect(result.code).toBe(0);
    expect(emulator.requests).toHaveLength(2);
    expectSent(emulator.requests[0], { method: "GET", path: `/v2/runs/${completed}` });
    expectSent(emulator.requests[1], { method: "GET", path: `/v2/agent/${AGENT_IDS.complete}/runs/${completed}/evaluation` });
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`Run         ${completed}`);
    expect(lines[1]).toMatch(/^Evaluation {2}[0-9a-f-]{36}$/);
    expect(lines.slice(3)).toEqual([
      "Source      automatic",
      "Schema      run-quality v1",
      "passed      true",
      "score       0.92",
      "summary     Invoice Reconciler finished its task.",
      "",
    ]);
  });

  test("--agent skips reading the run; --json prints {data} as the API returns it", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "evaluation", completed, "--agent", AGENT_IDS.complete, "--json"]);
    expect(emulator.requests.map((request) => request.path)).toEqual([`/v2/agent/${AGENT_IDS.complete}/runs/${completed}/evaluation`]);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toEqual(await api(`/v2/agent/${AGENT_IDS.complete}/runs/${completed}/evaluation`));
    expect(parsed.data.output.data.score).toBe("0.92");
  });

  test("a run without an evaluation yet: data null, exit 0", async () => {
    const waiting = await startRun(AGENT_IDS.approval, "Pay");
    expect(await duvo(["runs", "evaluation", waiting])).toEqual({
      code: 0,
      stdout: "",
      stderr: `Run ${waiting} has no evaluation (yet): runs are evaluated once they complete.\n`,
    });
    expect((await duvo(["runs", "evaluation", waiting, "--json"])).stdout).toBe('{"data":null}\n');
  });

  test("an unknown run or the wrong agent is exit 3; malformed ids are exit 4 before any request", async () => {
    expect((await duvo(["runs", "evaluation", UNKNOWN_ID])).code).toBe(3);
    const wrongAgent = await duvo(["runs", "evaluation", completed, "--agent", AGENT_IDS.fail]);
    expect(wrongAgent.code).toBe(3);
    expect(wrongAgent.stderr).toContain("failed with 404");
    emulator.clearRequests();
    expect((await duvo(["runs", "evaluation", "run-1"])).stderr).toBe('error: invalid run id "run-1": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n');
    expect((await duvo(["runs", "evaluation", completed, "--agent", "Invoice Reconciler"])).code).toBe(4);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("collectPages", () => {
  const source = Array.from({ length: 7 }, (_, index) => index);
  const pagesOf = (pageSize: number, offset: number, limit: number | undefined, total = source.length) => {
    const asked: [number, number][] = [];
    const result = collectPages({
      offset,
      limit,
      pageSize,
      fetchPage: async (page) => {
        asked.push([page.offset, page.limit]);
        return { items: source.slice(page.offset, page.offset + page.limit), total };
      },
    });
    return result.then((value) => ({ ...value, asked }));
  };

  test("everything, a limit across pages, an offset, and a total that shrinks meanwhile", async () => {
    expect(await pagesOf(3, 0, undefined)).toEqual({
      items: source,
      total: 7,
      asked: [
        [0, 3],
        [3, 3],
        [6, 3],
      ],
    });
    expect(await pagesOf(3, 1, 4)).toEqual({
      items: [1, 2, 3, 4],
      total: 7,
      asked: [
        [1, 3],
        [4, 1],
      ],
    });
    expect(await pagesOf(3, 6, undefined)).toEqual({ items: [6], total: 7, asked: [[6, 3]] });
    expect(await pagesOf(3, 0, undefined, 3)).toEqual({ items: [0, 1, 2], total: 3, asked: [[0, 3]] });
    expect(await pagesOf(3, 9, undefined)).toEqual({ items: [], total: 7, asked: [[9, 3]] });
  });
});
