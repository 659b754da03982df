/**
 * duvo export, plan and apply against the emulator through the real parser: the example
 * file (examples/declarative/duvo.yaml) applied to the demo team and exported back in the
 * canonical form for every resource kind; plans of create, change and remove of each kind;
 * a second apply that sends no change (the emulator's request log); an apply cut by an
 * injected fault, then converging; the compiled binary killed with SIGKILL mid-apply, then
 * converging with nothing doubled; one secret shared by two agents; a stale saved plan
 * refused; duplicate names refused; secret values never written or printed; and the round
 * trip to an empty team.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_USER_ID, MULTI_TEAM_ID, MULTI_TEAM_KEY, OTHER_TEAM_ID, OTHER_TEAM_KEY, type RecordedRequest } from "../src/emulator/index.ts";
import { printable } from "../src/printable.ts";
import { BINARY, emulatorEnv, eventually, exitOf, expectSent, ROOT, scriptedPrompter, spawnDuvo, tempDir, testEmulator, useEmulator } from "./helpers.ts";

// A new emulator for every test: each test makes the team it needs, so the file passes in any order.
const { emulator, duvo } = useEmulator({}, {}, { each: true });
const dir = tempDir("duvo-declarative-");
const EXAMPLE = join(ROOT, "examples", "declarative", "duvo.yaml");
const SECRETS = { LEDGER_TOKEN: "ledger-token-value-1", PORTAL_PASSWORD: "portal-password-value-2" };
const OPS = { env: { DUVO_API_KEY: MULTI_TEAM_KEY, DUVO_TEAM_ID: MULTI_TEAM_ID, ...SECRETS } };
const env = { env: SECRETS };

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Requests other than reads since the log was cleared. */
const changing = () => emulator.requests.filter((r) => r.method !== "GET").map((r) => r.operationId);

/** The requests of one operation since the log was cleared. */
const sentAs = (operation: string) => emulator.requests.filter((r) => r.operationId === operation);

/** The team-wide reads export, plan and apply start with (src/declarative/live.ts), each once and asserted whole: no body, the page asked for. */
async function expectTeamReads(): Promise<void> {
  const team = `/v2/teams/${emulator.teamId}`;
  const reads: [string, string, Record<string, string>][] = [
    ["getProfile", "/v2/profile", {}],
    ["listAgents", `${team}/agents`, { limit: "100", offset: "0" }],
    ["listAgentFolders", `${team}/agent-folders`, {}],
    ["listQueues", `${team}/queues`, { limit: "250", offset: "0" }],
    ["listSecrets", `${team}/credentials`, {}],
    ["listConnections", `${team}/connections`, { limit: "100", offset: "0" }],
    ["listIntegrations", `${team}/integrations`, { limit: "100", offset: "0" }],
    ["listCredentials", `${team}/browser-agent/credentials/${DEMO_USER_ID}`, {}],
  ];
  for (const [operation, path, query] of reads) {
    expect({ operation, times: sentAs(operation).length }).toEqual({ operation, times: 1 });
    expectSent(sentAs(operation)[0], { method: "GET", path });
    expect({ operation, query: sentAs(operation)[0]!.query }).toEqual({ operation, query });
  }
  const queues: { id: string }[] = (await api("GET", `${team}/queues?limit=250`)).queues;
  expect(
    sentAs("listQueueLabels")
      .map((r) => `${r.path}?limit=${r.query.limit}`)
      .sort(),
  ).toEqual(queues.map((q) => `/v2/queues/${q.id}/labels?limit=1000`).sort());
}

/** A direct request to the emulator as a team's key (for setting a team up behind duvo's back). */
async function api(method: string, path: string, body?: unknown, key = emulator.apiKey): Promise<any> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return response.json();
}

async function planJson(path: string, options: Parameters<typeof duvo>[1] = env, extra: string[] = []): Promise<any> {
  const result = await duvo(["plan", "-f", path, "--json", ...extra], options);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(result.stdout);
}

/** The changes of a plan, as `action kind name` lines with their fields. */
const summary = (plan: any) =>
  plan.changes.map((c: any) => ({ what: `${c.action} ${c.kind} ${c.parent ? `${c.parent} / ` : ""}${c.name}`, fields: c.fields.map((f: any) => f.field) }));

/** The example file's canonical form: what export writes for the agent and the team resources the example makes. */
const EXPORTED = `version: 1
folders:
  - name: Finance
  - name: Payables
    parent: Finance
queues:
  - name: Invoices
    description: Supplier invoices waiting to be matched
    labels:
      - value: disputed
        color_hue: 0
      - key: priority
        value: high
        color_hue: 30
secrets:
  - name: Ledger API
    service: netsuite
    shared: true
    variables:
      LEDGER_TOKEN: "\${env:LEDGER_TOKEN}"
  - name: Warehouse
    service: postgres
    shared: true
    variables:
      WAREHOUSE_PASSWORD: "\${env:WAREHOUSE_PASSWORD}"
      WAREHOUSE_USER: "\${env:WAREHOUSE_USER}"
logins:
  - domain: portal.example.com
    username: demo@example.com
    shared: false
    password: "\${env:LOGIN_PORTAL_EXAMPLE_COM_DEMO_EXAMPLE_COM_PASSWORD}"
agents:
  - name: Invoice Matcher
    folder: Payables
    config:
      data:
        files: []
        input: "Match each new invoice to a ledger payment, and flag the ones that do not match."
        models:
          agent:
            model: claude-sonnet-4-6
          browsing:
            model: gemini-2.5-flash
            provider: google
        plugins: []
        skills: []
        subAgents: []
      version: v2
    integrations:
      - type: case-queue-consumer
        queues:
          - Invoices
      - type: gmail
        connections:
          - Finance Gmail
    secrets:
      - Ledger API
    logins:
      - demo@example.com on portal.example.com
    rubrics:
      - title: Totals match
        description: The reconciled total equals the invoice total.
    schedules:
      - enabled: true
        frequency: workday
        time: 08:00
        timezone: Europe/Prague
    case_triggers:
      - queue: Invoices
        enabled: true
        concurrency: 1
    event_triggers:
      - integration: gmail
        type: new_email
        enabled: true
        filter:
          from: billing@acme.example
`;

let matcherId = "";

/** The connection the example pins (connections are made in the app: they need an authorization). */
const connect = () =>
  api("POST", `/v2/teams/${emulator.teamId}/connections`, { name: "Finance Gmail", provider: "user", auth_method: "apikey", server_url: "https://mcp.example.com" });

/** The example applied to the demo team (requests cleared after); the Invoice Matcher's id. */
async function applied(): Promise<string> {
  await connect();
  expect((await duvo(["apply", "-f", EXAMPLE], env)).code).toBe(0);
  const agents = (await api("GET", `/v2/teams/${emulator.teamId}/agents?limit=100`)).agents;
  emulator.clearRequests();
  return agents.find((agent: { name: string }) => agent.name === "Invoice Matcher").id;
}

describe("invalid files: exit 4, the field named, nothing sent", () => {
  const cases: [string, string, string][] = [
    ["not YAML", "version: 1\nagents: [", "not valid YAML or JSON"],
    ["a list", "- 1\n- 2\n", "expected one mapping with version: 1 (one document)"],
    ["another version", "version: 2\n", "version: Invalid type: Expected 1 but received 2"],
    ["an unknown field", "version: 1\nagents:\n  - name: A\n    colour: red\n    config: {}\n", "agents[0].colour: unknown field"],
    ["a missing name", "version: 1\nqueues:\n  - description: x\n", "queues[0].name: required"],
    [
      "a config the API refuses",
      "version: 1\nagents:\n  - name: A\n    config: {version: v2, data: {models: {agent: {model: gpt-9}, browsing: {provider: google, model: gemini-2.5-flash}}, input: x}}\n",
      "agents[0].config.data.models.agent.model: Invalid type",
    ],
    [
      "a secret value written in the file",
      "version: 1\nsecrets:\n  - name: S\n    shared: true\n    variables: {TOKEN: hunter2}\n",
      `secrets[0].variables.TOKEN: must be $\{env:NAME} (secret values are never written in the file)`,
    ],
    ["two queues of one name", "version: 1\nqueues:\n  - name: Q\n  - name: Q\n", 'queues[1]: "Q" appears twice (names are how resources are matched)'],
    [
      "a schedule without a timezone",
      "version: 1\nagents:\n  - name: A\n    config: {}\n    schedules: [{enabled: true, frequency: daily}]\n",
      "agents[0].schedules[0].timezone: required",
    ],
  ];
  for (const [what, text, message] of cases) {
    test(what, async () => {
      const path = file("bad.yaml", text);
      emulator.clearRequests();
      for (const argv of [
        ["plan", "-f", path, "--detailed-exitcode"],
        ["apply", "-f", path, "-y"],
      ]) {
        const result = await duvo(argv);
        expect(result.code).toBe(4);
        expect(result.stdout).toBe("");
        expect(result.stderr.startsWith(`error: ${path}: ${message}`)).toBe(true);
        expect(result.stderr.split("\n")).toHaveLength(2);
        expect(result.stderr).not.toContain("hunter2");
      }
      expect(emulator.requests).toHaveLength(0);
    });
  }

  test("no file, or a file and a plan: exit 4", async () => {
    expect((await duvo(["apply"])).stderr).toBe("error: give the file with -f <file>, or a saved plan: duvo apply <plan.json>\n");
    expect((await duvo(["plan"])).code).toBe(4);
    expect((await duvo(["plan", "-f", join(dir, "missing.yaml")])).stderr).toBe(`error: cannot read ${join(dir, "missing.yaml")} for -f: ENOENT\n`);
  });
});

describe("the example file applied to a team", () => {
  test("a reference to something neither the file nor the team has: exit 1 naming the field, nothing sent", async () => {
    emulator.clearRequests();
    const result = await duvo(["plan", "-f", EXAMPLE]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: 'error: agents[0].integrations[1].connections[0]: no connection "Finance Gmail" in the file or the team\n' });
    expect(changing()).toEqual([]);
  });

  test("plan: everything to create, field by field; --detailed-exitcode 2", async () => {
    await connect();
    emulator.clearRequests();
    const result = await duvo(["plan", "-f", EXAMPLE, "--detailed-exitcode"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    await expectTeamReads(); // what plan sends: the reads, and no change (below)
    expect(sentAs("listAgentRevisions")).toEqual([]); // no agent of the file exists yet: none read in detail
    expect(result.stdout).toContain('+ create folder "Payables"\n    parent: "Finance"\n');
    expect(result.stdout).toContain('+ create label "priority: high" of "Invoices"\n    color_hue: 30\n');
    expect(result.stdout).toContain('+ create secret "Ledger API"\n    service: "netsuite"\n    shared: true\n    variables: ["LEDGER_TOKEN"]\n');
    expect(result.stdout).toContain('+ create schedule "workday 08:00 Europe/Prague" of "Invoice Matcher"\n');
    expect(result.stdout.endsWith("Plan: 10 to create, 0 to change, 0 to remove.\n")).toBe(true);
    expect(changing()).toEqual([]);
    const plan = await planJson(EXAMPLE);
    expect(summary(plan)).toEqual([
      { what: "create folder Finance", fields: [] },
      { what: "create folder Payables", fields: ["parent"] },
      { what: "create queue Invoices", fields: ["description"] },
      { what: "create label Invoices / disputed", fields: ["color_hue"] },
      { what: "create label Invoices / priority: high", fields: ["color_hue"] },
      { what: "create secret Ledger API", fields: ["service", "shared", "variables"] },
      { what: "create agent Invoice Matcher", fields: ["config", "folder", "integrations", "logins", "rubrics", "secrets"] },
      { what: "create schedule Invoice Matcher / workday 08:00 Europe/Prague", fields: ["enabled", "frequency", "time", "timezone"] },
      { what: "create case_trigger Invoice Matcher / Invoices", fields: ["concurrency", "enabled"] },
      { what: "create event_trigger Invoice Matcher / gmail/new_email", fields: ["enabled", "filter"] },
    ]);
    expect(plan).toMatchObject({ format: "duvo-plan/1", team: emulator.teamId, prune: false, summary: { create: 10, change: 0, remove: 0 } });
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a variable the file names is not set: exit 4 naming it, nothing sent", async () => {
    await connect();
    emulator.clearRequests();
    const result = await duvo(["apply", "-f", EXAMPLE], { env: { PORTAL_PASSWORD: "x" } });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe('error: secrets "Ledger API" variables.LEDGER_TOKEN: the environment variable LEDGER_TOKEN is not set\n');
    expect(changing()).toEqual([]);
  });

  test("apply makes it all, in order; the values reach the API and nothing else", async () => {
    await connect();
    emulator.clearRequests();
    const result = await duvo(["apply", "-f", EXAMPLE, "--debug"], env); // every request logged on stderr, never a body
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("→ POST /teams/");
    expect(result.stdout.endsWith("Applied: 10 created, 0 changed, 0 removed.\n")).toBe(true);
    expect(result.stderr).toContain('created agent "Invoice Matcher"\n');
    expect(changing()).toEqual([
      "createAgentFolder",
      "createAgentFolder",
      "createQueue",
      "createQueueLabel",
      "createQueueLabel",
      "createSecret",
      "createAgent",
      "moveAgentsToFolder",
      "attachRevisionIntegrations",
      "replaceRevisionIntegrationQueues",
      "pinRevisionIntegrationConnection",
      "attachRevisionSecret",
      "attachRevisionLogin",
      "replaceEvalRubrics",
      "createSchedule",
      "createAgentCaseTrigger",
      "upsertAgentTrigger",
    ]);
    // The team-wide writes whole, each id the one an earlier answer gave.
    const team = `/v2/teams/${emulator.teamId}`;
    const made = (operation: string, index = 0) => sentAs(operation)[index]!.responseBody as any;
    expectSent(sentAs("createAgentFolder")[0], { method: "POST", path: `${team}/agent-folders`, body: { name: "Finance", parent_folder_id: null } });
    expectSent(sentAs("createAgentFolder")[1], {
      method: "POST",
      path: `${team}/agent-folders`,
      body: { name: "Payables", parent_folder_id: made("createAgentFolder").folder.id },
    });
    expectSent(sentAs("createQueue")[0], { method: "POST", path: `${team}/queues`, body: { name: "Invoices", description: "Supplier invoices waiting to be matched" } });
    const queue = made("createQueue").queue.id;
    expectSent(sentAs("createQueueLabel")[0], { method: "POST", path: `/v2/queues/${queue}/labels`, body: { value: "disputed", color_hue: 0 } });
    expectSent(sentAs("createQueueLabel")[1], { method: "POST", path: `/v2/queues/${queue}/labels`, body: { key: "priority", value: "high", color_hue: 30 } });
    expectSent(sentAs("createSecret")[0], {
      method: "POST",
      path: `${team}/credentials`,
      body: { name: "Ledger API", service_slug: "netsuite", shared: true, values: { LEDGER_TOKEN: SECRETS.LEDGER_TOKEN } },
    });
    const input = "Match each new invoice to a ledger payment, and flag the ones that do not match.";
    const models = { agent: { model: "claude-sonnet-4-6" }, browsing: { provider: "google", model: "gemini-2.5-flash" } };
    expectSent(sentAs("createAgent")[0], {
      method: "POST",
      path: `${team}/agents`,
      body: { name: "Invoice Matcher", build: { name: "duvo apply", config: { version: "v2", data: { models, input } } } },
    });
    const agent = made("createAgent").agent.id;
    expectSent(sentAs("moveAgentsToFolder")[0], {
      method: "POST",
      path: `${team}/agent-folders/move-agents`,
      body: { agent_ids: [agent], folder_id: made("createAgentFolder", 1).folder.id },
    });
    expectSent(sentAs("createSchedule")[0], {
      method: "POST",
      path: `/v2/agents/${agent}/schedules`,
      body: { enabled: true, frequency: "workday", time: "08:00", timezone: "Europe/Prague", day: null, day_of_month: null, cron: null, recurring: true },
    });
    expectSent(sentAs("createAgentCaseTrigger")[0], { method: "POST", path: `/v2/agents/${agent}/case-triggers`, body: { case_queue_id: queue, enabled: true, concurrency: 1 } });
    expectSent(sentAs("upsertAgentTrigger")[0], {
      method: "PUT",
      path: `/v2/triggers/${agent}`,
      body: { integration_slug: "gmail", trigger_type: "new_email", filter_config: { from: "billing@acme.example" }, enabled: true },
    });
    for (const value of Object.values(SECRETS)) expect(result.stdout + result.stderr).not.toContain(value);
    matcherId = (emulator.requests.find((r) => r.operationId === "createAgent")!.responseBody as any).agent.id;
  });

  test("a second apply sends no request that changes anything", async () => {
    await applied();
    const result = await duvo(["apply", "-f", EXAMPLE], env);
    expect(result).toEqual({ code: 0, stdout: "No changes: the team matches the file.\n", stderr: "" });
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(changing()).toEqual([]);
    expect(await duvo(["plan", "-f", EXAMPLE, "--detailed-exitcode"])).toEqual({ code: 0, stdout: "No changes: the team matches the file.\n", stderr: "" });
  });

  test("export writes every kind in its canonical form, by name, with no secret value", async () => {
    matcherId = await applied();
    const result = await duvo(["export", "--agent", matcherId]);
    expect(result).toEqual({ code: 0, stdout: EXPORTED, stderr: "" });
    // What export sends: the team-wide reads, then only the agent asked for in detail; no change.
    expect(changing()).toEqual([]);
    await expectTeamReads();
    const build = (sentAs("listAgentRevisions")[0]!.responseBody as any).builds.find((b: { status: string }) => b.status === "live").id;
    for (const [operation, path] of [
      ["listAgentRevisions", `/v2/agents/${matcherId}/revisions`],
      ["listAgentSchedules", `/v2/agents/${matcherId}/schedules`],
      ["listAgentCaseTriggers", `/v2/agents/${matcherId}/case-triggers`],
      ["listAgentTriggers", `/v2/triggers/${matcherId}`],
      ["listRevisionIntegrations", `/v2/agents/${matcherId}/revisions/${build}/integrations`],
      ["listRevisionSecrets", `/v2/agents/${matcherId}/revisions/${build}/credentials`],
      ["listRevisionLogins", `/v2/agents/${matcherId}/revisions/${build}/logins`],
      ["getEvalRubrics", `/v2/agents/${matcherId}/eval-rubrics`],
    ] as const) {
      expect({ operation, times: sentAs(operation).length }).toEqual({ operation, times: 1 });
      expectSent(sentAs(operation)[0], { method: "GET", path });
    }
    const json = await duvo(["export", "--agent", matcherId, "-o", join(dir, "team.json")]);
    expect(json).toEqual({ code: 0, stdout: "", stderr: `Wrote ${join(dir, "team.json")}: 1 agent.\n` });
    expect(JSON.parse(readFileSync(join(dir, "team.json"), "utf8"))).toEqual(Bun.YAML.parse(EXPORTED) as any);
    const all = await duvo(["export", "--format", "json"]);
    const names = JSON.parse(all.stdout).agents.map((a: any) => a.name);
    expect(names).toEqual(["Broken Importer", "Bulk Exporter", "Customer Follow-up", "Invoice Matcher", "Invoice Reconciler", "Release Planner", "Vendor Payment Approval"]);
    expect(all.stdout).not.toContain("demo-not-a-secret"); // the demo login's password, which the API keeps
    expect(all.stdout).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no ids
    expect((await duvo(["export", "--agent", "5e1f0c2a-7d3b-4c9e-8a30-0000000000ff"])).code).toBe(3);
  });
});

describe("plans of one change each", () => {
  beforeEach(async () => {
    matcherId = await applied();
  });
  const example = () => readFileSync(EXAMPLE, "utf8");
  const variants: [string, (text: string) => string, { what: string; fields: string[] }[]][] = [
    ["the agent's config", (t) => t.replace("and flag the ones", "and report the ones"), [{ what: "change agent Invoice Matcher", fields: ["config.data.input"] }]],
    ["the agent's folder", (t) => t.replace("folder: Payables", "folder: Finance"), [{ what: "change agent Invoice Matcher", fields: ["folder"] }]],
    [
      "a pinned connection dropped",
      (t) => t.replace("        connections: [Finance Gmail]\n", ""),
      [{ what: "change agent Invoice Matcher", fields: ["integrations.gmail.connections"] }],
    ],
    ["a secret detached", (t) => t.replace("    secrets: [Ledger API]\n", ""), [{ what: "change agent Invoice Matcher", fields: ["secrets"] }]],
    ["a rubric", (t) => t.replace("equals the invoice total", "equals the invoice total, tax included"), [{ what: "change agent Invoice Matcher", fields: ["rubrics"] }]],
    ["a schedule's time", (t) => t.replace('time: "08:00"', 'time: "09:30"'), [{ what: "change schedule Invoice Matcher / workday 09:30 Europe/Prague", fields: ["time"] }]],
    [
      "a case trigger turned off",
      (t) => t.replace("        enabled: true\n        concurrency: 1", "        enabled: false\n        concurrency: 1"),
      [{ what: "change case_trigger Invoice Matcher / Invoices", fields: ["enabled"] }],
    ],
    [
      "an event trigger's filter",
      (t) => t.replace("from: billing@acme.example", "from: ap@acme.example"),
      [{ what: "change event_trigger Invoice Matcher / gmail/new_email", fields: ["filter.from"] }],
    ],
    ["a queue's description", (t) => t.replace("waiting to be matched", "to match"), [{ what: "change queue Invoices", fields: ["description"] }]],
    ["a label's colour", (t) => t.replace("color_hue: 30", "color_hue: 200"), [{ what: "change label Invoices / priority: high", fields: ["color_hue"] }]],
    ["a folder's parent", (t) => t.replace("  - name: Payables\n    parent: Finance\n", "  - name: Payables\n"), [{ what: "change folder Payables", fields: ["parent"] }]],
    [
      "a secret's variables",
      (t) => t.replace(`      LEDGER_TOKEN: $\{env:LEDGER_TOKEN}\n`, `      LEDGER_TOKEN: $\{env:LEDGER_TOKEN}\n      LEDGER_ACCOUNT: $\{env:LEDGER_ACCOUNT}\n`),
      [{ what: "change secret Ledger API", fields: ["variables"] }],
    ],
    [
      "a login's sharing",
      (t) => t.replace("    shared: false\n    password", "    shared: true\n    password"),
      [{ what: "change login demo@example.com on portal.example.com", fields: ["shared"] }],
    ],
    [
      "new ones of each kind",
      (t) =>
        t
          .replace("folders:\n", "folders:\n  - name: Archive\n")
          .replace("queues:\n", "queues:\n  - name: Refunds\n")
          .replace("    labels:\n", "    labels:\n      - value: new\n")
          .replace("secrets:\n", `secrets:\n  - name: Bank\n    shared: true\n    variables: {BANK_KEY: '$\{env:BANK_KEY}'}\n`)
          .replace("logins:\n", "logins:\n  - domain: bank.example.com\n    shared: true\n")
          .replace("    schedules:\n", "    schedules:\n      - {enabled: true, frequency: weekly, day: monday, time: '07:00', timezone: UTC}\n")
          .replace("    case_triggers:\n", "    case_triggers:\n      - {queue: Refunds, enabled: false}\n")
          .replace("    event_triggers:\n", "    event_triggers:\n      - {integration: slack, type: new_message, enabled: true, filter: {channel: '#ap'}}\n"),
      [
        { what: "create folder Archive", fields: [] },
        { what: "create queue Refunds", fields: [] },
        { what: "create label Invoices / new", fields: [] },
        { what: "create secret Bank", fields: ["shared", "variables"] },
        { what: "create login bank.example.com", fields: ["shared"] },
        { what: "create schedule Invoice Matcher / weekly monday 07:00 UTC", fields: ["enabled", "frequency", "day", "time", "timezone"].sort() },
        { what: "create case_trigger Invoice Matcher / Refunds", fields: ["enabled"] },
        { what: "create event_trigger Invoice Matcher / slack/new_message", fields: ["enabled", "filter"] },
      ],
    ],
  ];
  for (const [what, edit, expected] of variants) {
    test(what, async () => {
      const changed = edit(example());
      expect(changed).not.toBe(example());
      const plan = await planJson(file("variant.yaml", changed));
      expect(summary(plan)).toEqual(expected);
    });
  }

  test("a new agent, and one removed from the file: removed only with --prune", async () => {
    const text = example().replace("  - name: Invoice Matcher", "  - name: Invoice Matcher 2");
    const plain = await planJson(file("renamed.yaml", text));
    expect(summary(plain).map((c: any) => c.what)).toEqual([
      "create agent Invoice Matcher 2",
      "create schedule Invoice Matcher 2 / workday 08:00 Europe/Prague",
      "create case_trigger Invoice Matcher 2 / Invoices",
      "create event_trigger Invoice Matcher 2 / gmail/new_email",
    ]);
    const pruned = await planJson(file("renamed.yaml", text), env, ["--prune"]);
    const removals = summary(pruned)
      .map((c: any) => c.what)
      .filter((w: string) => w.startsWith("remove"));
    expect(removals).toEqual([
      "remove agent Broken Importer",
      "remove agent Bulk Exporter",
      "remove agent Customer Follow-up",
      "remove agent Invoice Matcher",
      "remove agent Invoice Reconciler",
      "remove agent Release Planner",
      "remove agent Vendor Payment Approval",
      "remove secret Warehouse",
    ]);
  });

  test("--prune removes schedules, triggers and labels the file does not name (an event trigger is disabled)", async () => {
    const text = example()
      .replace(/ {4}schedules:[\s\S]*$/, "")
      .replace(/ {4}labels:[\s\S]*?secrets:/, "secrets:");
    const plan = await planJson(file("bare.yaml", text), env, ["--prune"]);
    expect(summary(plan).map((c: any) => c.what)).toEqual([
      "remove label Invoices / disputed",
      "remove label Invoices / priority: high",
      "remove schedule Invoice Matcher / workday 08:00 Europe/Prague",
      "remove case_trigger Invoice Matcher / Invoices",
      "remove event_trigger Invoice Matcher / gmail/new_email",
      "remove agent Broken Importer",
      "remove agent Bulk Exporter",
      "remove agent Customer Follow-up",
      "remove agent Invoice Reconciler",
      "remove agent Release Planner",
      "remove agent Vendor Payment Approval",
      "remove secret Warehouse",
    ]);
    expect(plan.changes.find((c: any) => c.kind === "event_trigger").note).toBe("disabled (the API cannot delete an event trigger)");
  });
});

describe("changes applied", () => {
  beforeEach(async () => {
    matcherId = await applied();
  });
  test("a config change: a new revision with everything attached, promoted; then nothing to do", async () => {
    const path = file("changed.yaml", readFileSync(EXAMPLE, "utf8").replace("and flag the ones", "and report the ones"));
    const before = (await api("GET", `/v2/agents/${matcherId}/revisions`)).builds.length;
    emulator.clearRequests();
    const result = await duvo(["apply", "-f", path], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ change agent "Invoice Matcher"\n    (a new revision with this config, made live)\n    config.data.input: ');
    expect(changing()).toEqual([
      "createRevision",
      "attachRevisionIntegrations",
      "replaceRevisionIntegrationQueues",
      "pinRevisionIntegrationConnection",
      "attachRevisionSecret",
      "attachRevisionLogin",
      "replaceEvalRubrics",
      "promoteRevision",
    ]);
    const config = (Bun.YAML.parse(readFileSync(path, "utf8")) as any).agents[0].config;
    expectSent(sentAs("createRevision")[0], { method: "POST", path: `/v2/agents/${matcherId}/revisions`, body: { name: "duvo apply", config } });
    expectSent(sentAs("promoteRevision")[0], { method: "POST", path: `/v2/revisions/${(sentAs("createRevision")[0]!.responseBody as any).build.id}/promote`, body: {} });
    expect((await api("GET", `/v2/agents/${matcherId}/revisions`)).builds.length).toBe(before + 1);
    emulator.clearRequests();
    expect((await duvo(["apply", "-f", path], env)).stdout).toBe("No changes: the team matches the file.\n");
    expect(changing()).toEqual([]);
  });

  test("contents changed with the same config: the live revision changed in place", async () => {
    const path = file("unpinned.yaml", readFileSync(EXAMPLE, "utf8").replace("        connections: [Finance Gmail]\n", ""));
    emulator.clearRequests();
    expect((await duvo(["apply", "-f", path], env)).code).toBe(0);
    expect(changing()).toEqual(["unpinRevisionIntegrationConnection"]);
    const build = (await api("GET", `/v2/agents/${matcherId}/revisions`)).builds.find((b: { status: string }) => b.status === "live").id;
    const slot = (await api("GET", `/v2/agents/${matcherId}/revisions/${build}/integrations`)).integrations.find(
      (i: { integration_type: string }) => i.integration_type === "gmail",
    ).id;
    const gmail = (await api("GET", `/v2/teams/${emulator.teamId}/connections?limit=100`)).integrations.find((c: { name: string }) => c.name === "Finance Gmail").id;
    expectSent(sentAs("unpinRevisionIntegrationConnection")[0], { method: "DELETE", path: `/v2/agents/${matcherId}/revisions/${build}/integrations/${slot}/connections/${gmail}` });
  });

  test("interrupted by a fault before the promote, the next apply finishes the draft and converges", async () => {
    const path = file("interrupted.yaml", readFileSync(EXAMPLE, "utf8").replace("and flag the ones", "and quietly fix the ones"));
    const before = (await api("GET", `/v2/agents/${matcherId}/revisions`)).builds.length;
    emulator.setFaults({ rates: { "500": 1 }, operations: ["promoteRevision"] });
    try {
      const cut = await duvo(["apply", "-f", path], env);
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain("(after 0 of 1 changes)\nRun the same apply again: it continues from what the team has now (duvo plan shows what is left).\n");
    } finally {
      emulator.setFaults(undefined);
    }
    const plan = await planJson(path);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0].note).toMatch(/^finishes draft revision \d+ \(left by an earlier apply\) and promotes it$/);
    emulator.clearRequests();
    expect((await duvo(["apply", "-f", path], env)).code).toBe(0);
    expect(changing()).toEqual(["promoteRevision"]); // the draft already had everything
    expect((await api("GET", `/v2/agents/${matcherId}/revisions`)).builds.length).toBe(before + 1);
    expect((await duvo(["plan", "-f", path, "--detailed-exitcode"])).code).toBe(0);
  });

  test("cut mid-way through a new agent's attachments, the next apply converges", async () => {
    const path = file("cut.yaml", readFileSync(EXAMPLE, "utf8").replace("  - name: Invoice Matcher", "  - name: Invoice Checker"));
    emulator.setFaults({ rates: { "stored-cut": 1 }, operations: ["attachRevisionSecret"] });
    try {
      expect((await duvo(["apply", "-f", path], env)).code).toBe(1);
    } finally {
      emulator.setFaults(undefined);
    }
    const left = await planJson(path);
    expect(summary(left)).toEqual(
      [{ what: "change agent Invoice Checker", fields: ["logins", "rubrics"] }].concat(
        [
          "create schedule Invoice Checker / workday 08:00 Europe/Prague",
          "create case_trigger Invoice Checker / Invoices",
          "create event_trigger Invoice Checker / gmail/new_email",
        ].map((what) => ({
          what,
          fields: expect.any(Array) as any,
        })),
      ),
    );
    expect((await duvo(["apply", "-f", path], env)).code).toBe(0);
    expect((await duvo(["plan", "-f", path, "--detailed-exitcode"])).code).toBe(0);
  });
});

/**
 * An emulator of the test's own (its team-wide secrets and resources would change what other
 * tests export and prune), with the env to reach it and a direct request as its demo key.
 */
async function ownEmulator() {
  const own = await testEmulator();
  const call = async (method: string, path: string): Promise<any> => {
    const response = await fetch(`${own.url}${path}`, { method, headers: { authorization: `Bearer ${own.apiKey}` } });
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return response.json();
  };
  const writes = () => own.requests.filter((r) => r.method !== "GET").map((r) => r.operationId);
  return { own, call, writes, env: { ...emulatorEnv(own), ...SECRETS } };
}

describe("one secret and one login shared by two agents", () => {
  test("both live revisions carry them; a second apply sends no change", async () => {
    const { own, call, writes, env } = await ownEmulator();
    try {
      const agent = (name: string) =>
        `  - name: ${name}\n    config: {version: v2, data: {models: {agent: {model: gpt-4o}, browsing: {provider: google, model: gemini-2.5-flash}}, input: Reconcile.}}\n    secrets: [Shared ledger]\n    logins: [clerk@example.com on shared.example.com]\n`;
      const path = file(
        "shared.yaml",
        `version: 1\nsecrets:\n  - {name: Shared ledger, shared: true, variables: {LEDGER_TOKEN: "\${env:LEDGER_TOKEN}"}}\nlogins:\n  - {domain: shared.example.com, username: clerk@example.com, shared: true, password: "\${env:PORTAL_PASSWORD}"}\nagents:\n${agent("Shared A")}${agent("Shared B")}`,
      );
      expect((await duvo(["apply", "-f", path], { env })).code).toBe(0);
      expect(writes().filter((id) => id?.startsWith("attachRevision"))).toEqual(["attachRevisionSecret", "attachRevisionLogin", "attachRevisionSecret", "attachRevisionLogin"]);
      const agents = (await call("GET", `/v2/teams/${own.teamId}/agents?limit=100`)).agents.filter((a: any) => a.name.startsWith("Shared "));
      expect(agents.map((a: any) => a.name).sort()).toEqual(["Shared A", "Shared B"]);
      for (const { id } of agents) {
        const live = (await call("GET", `/v2/agents/${id}/revisions`)).builds.filter((b: any) => b.status === "live");
        expect(live).toHaveLength(1);
        expect((await call("GET", `/v2/agents/${id}/revisions/${live[0].id}/credentials`)).map((s: any) => s.name)).toEqual(["Shared ledger"]);
        expect((await call("GET", `/v2/agents/${id}/revisions/${live[0].id}/logins`)).map((l: any) => `${l.username} on ${l.domain}`)).toEqual([
          "clerk@example.com on shared.example.com",
        ]);
      }
      own.clearRequests();
      expect(await duvo(["apply", "-f", path], { env })).toEqual({ code: 0, stdout: "No changes: the team matches the file.\n", stderr: "" });
      expect(writes()).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});

describe("killed with kill -9", () => {
  test("the binary killed while a new agent's creation is answered; the next apply finishes, nothing doubled, then nothing to do", async () => {
    const { own, call, writes, env } = await ownEmulator();
    try {
      const agent = (name: string) =>
        `  - name: ${name}\n    config: {version: v2, data: {models: {agent: {model: gpt-4o}, browsing: {provider: google, model: gemini-2.5-flash}}, input: Sort mail.}}\n    schedules: [{enabled: false, frequency: daily, time: '06:00', timezone: UTC}]\n    case_triggers: [{queue: Killed queue, enabled: false}]\n`;
      const names = ["Killed A", "Killed B", "Killed C"];
      const path = file("killed.yaml", `version: 1\nqueues:\n  - name: Killed queue\nagents:\n${names.map(agent).join("")}`);
      // Each agent's creation takes effect at once and is answered 5 s later: the kill lands while
      // "Killed B" exists on the server but the client has not heard its id (and before "Killed C" is sent).
      own.setFaults({ rates: { slow: 1 }, slowMs: 5_000, operations: ["createAgent"] });
      const child = applyInBackground(path, env);
      const madeB = (r: RecordedRequest) => r.operationId === "createAgent" && (r.body as any)?.name === "Killed B" && r.status === 201;
      await eventually(() => own.requests.some(madeB));
      child.kill("SIGKILL");
      expect(await exitOf(child)).toEqual({ code: 137, killedBy: "SIGKILL" });
      own.setFaults(undefined);
      // Some, not all, of the changes were sent.
      const sent = writes();
      expect(sent.slice(0, 2)).toEqual(["createQueue", "createAgent"]);
      expect(sent.filter((id) => id === "createAgent")).toHaveLength(2);
      expect(own.requests.some((r) => (r.body as any)?.name === "Killed C")).toBe(false);
      const left = await duvo(["plan", "-f", path, "--detailed-exitcode"], { env });
      expect(left.code).toBe(2);

      own.clearRequests();
      const again = await spawnDuvo(["apply", "-f", path, "-y"], { env });
      expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('created agent "Killed C"\n') });
      expect(writes().filter((id) => id === "createAgent")).toEqual(["createAgent"]); // only Killed C
      expect((await duvo(["plan", "-f", path, "--detailed-exitcode"], { env })).code).toBe(0);

      // Nothing doubled: each name once, each agent with one revision, one schedule and one case trigger.
      const queues = (await call("GET", `/v2/teams/${own.teamId}/queues?limit=100`)).queues.filter((q: any) => q.name === "Killed queue");
      expect(queues).toHaveLength(1);
      const agents = (await call("GET", `/v2/teams/${own.teamId}/agents?limit=100`)).agents.filter((a: any) => names.includes(a.name));
      expect(agents.map((a: any) => a.name).sort()).toEqual(names);
      for (const { id } of agents) {
        expect((await call("GET", `/v2/agents/${id}/revisions?limit=100`)).builds.map((b: any) => b.status)).toEqual(["live"]);
        expect((await call("GET", `/v2/agents/${id}/schedules`)).schedules).toHaveLength(1);
        expect((await call("GET", `/v2/agents/${id}/case-triggers`)).case_triggers.map((t: any) => t.case_queue_id)).toEqual([queues[0].id]);
      }

      own.clearRequests();
      expect(await spawnDuvo(["apply", "-f", path, "-y"], { env })).toEqual({ code: 0, stdout: "No changes: the team matches the file.\n", stderr: "" });
      expect(writes()).toEqual([]);
    } finally {
      await own.stop();
    }
  });
  test("the binary killed while a changed config's new revision is answered; the next apply promotes that draft, no revision doubled", async () => {
    const { own, call, writes, env } = await ownEmulator();
    try {
      const manifest = (input: string) =>
        `version: 1\nagents:\n  - name: Killed D\n    config: {version: v2, data: {models: {agent: {model: gpt-4o}, browsing: {provider: google, model: gemini-2.5-flash}}, input: ${input}}}\n`;
      expect((await duvo(["apply", "-f", file("killed-d1.yaml", manifest("Sort mail."))], { env })).code).toBe(0);
      const path = file("killed-d2.yaml", manifest("Sort mail by sender."));
      const agentId = (await call("GET", `/v2/teams/${own.teamId}/agents?limit=100`)).agents.find((a: any) => a.name === "Killed D").id;
      own.clearRequests();
      own.setFaults({ rates: { slow: 1 }, slowMs: 5_000, operations: ["createRevision"] });
      const child = applyInBackground(path, env);
      await eventually(() => own.requests.some((r) => r.operationId === "createRevision" && r.status === 201));
      child.kill("SIGKILL");
      expect(await exitOf(child)).toEqual({ code: 137, killedBy: "SIGKILL" });
      own.setFaults(undefined);
      expect(writes()).toEqual(["createRevision"]); // the draft was made, never promoted
      const statuses = async () => (await call("GET", `/v2/agents/${agentId}/revisions?limit=100`)).builds.map((b: any) => b.status).sort();
      expect(await statuses()).toEqual(["draft", "live"]);

      own.clearRequests();
      expect((await spawnDuvo(["apply", "-f", path, "-y"], { env })).code).toBe(0);
      expect(writes()).toEqual(["promoteRevision"]); // the draft finished, no new revision
      expect(await statuses()).toEqual(["archived", "live"]);
      own.clearRequests();
      expect(await spawnDuvo(["apply", "-f", path, "-y"], { env })).toEqual({ code: 0, stdout: "No changes: the team matches the file.\n", stderr: "" });
      expect(writes()).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});

describe("interrupted with Ctrl-C", () => {
  test("stopped after the first of three new agents, the next apply makes the other two, each once", async () => {
    const agent = (name: string) =>
      `  - name: ${name}\n    config: {version: v2, data: {models: {agent: {model: gpt-4o}, browsing: {provider: google, model: gemini-2.5-flash}}, input: Sort mail.}}\n    schedules: [{enabled: false, frequency: daily, time: '06:00', timezone: UTC}]\n`;
    const path = file("three.yaml", `version: 1\nagents:\n${agent("Sorter A")}${agent("Sorter B")}${agent("Sorter C")}`);
    // Each agent's creation answers after 500 ms, so Ctrl-C always lands before the last one is made.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 500, operations: ["createAgent"] });
    let cut: Awaited<ReturnType<typeof duvo>>;
    try {
      cut = await duvo(["apply", "-f", path], { ...env, interruptWhen: ({ stderr }) => stderr.includes('created agent "Sorter A"') });
    } finally {
      emulator.setFaults(undefined);
    }
    expect(cut.code).toBe(130);
    expect(cut.stderr).toMatch(/Stopped after \d of 6 changes: run the same apply again to finish \(duvo plan shows what is left\)\.\n$/);
    const left = await planJson(path);
    expect(left.summary.create).toBeGreaterThan(0);
    expect(left.summary.create).toBeLessThan(6);
    expect((await duvo(["apply", "-f", path], env)).code).toBe(0);
    const agents = (await api("GET", `/v2/teams/${emulator.teamId}/agents?limit=100`)).agents.map((a: any) => a.name).filter((n: string) => n.startsWith("Sorter"));
    expect(agents.sort()).toEqual(["Sorter A", "Sorter B", "Sorter C"]);
    expect((await duvo(["plan", "-f", path, "--detailed-exitcode"])).code).toBe(0);
  });
});

describe("saved plans", () => {
  beforeEach(async () => {
    matcherId = await applied();
  });
  test("the example applied again: the team as the file says", async () => {
    expect((await duvo(["apply", "-f", EXAMPLE], env)).code).toBe(0);
    expect((await duvo(["plan", "-f", EXAMPLE, "--detailed-exitcode"])).code).toBe(0);
  });

  test("duvo plan -o then duvo apply plan.json applies exactly that plan", async () => {
    const path = file("saved.yaml", readFileSync(EXAMPLE, "utf8").replace('time: "08:00"', 'time: "07:45"'));
    const planFile = join(dir, "plan.json");
    const planned = await duvo(["plan", "-f", path, "-o", planFile, "--detailed-exitcode"]);
    expect(planned.code).toBe(2);
    const saved = JSON.parse(readFileSync(planFile, "utf8"));
    expect(summary(saved)).toEqual([{ what: "change schedule Invoice Matcher / workday 07:45 Europe/Prague", fields: ["time"] }]);
    expect(JSON.stringify(saved)).not.toContain(SECRETS.LEDGER_TOKEN);
    emulator.clearRequests();
    const applied = await duvo(["apply", planFile, "--json"], env);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toEqual({ applied: saved.changes, summary: saved.summary });
    expect(changing()).toEqual(["updateSchedule"]);
  });

  test("a plan made before the team changed is refused: exit 1, nothing sent", async () => {
    const path = file("stale.yaml", readFileSync(EXAMPLE, "utf8").replace('time: "08:00"', 'time: "06:00"'));
    const planFile = join(dir, "stale.json");
    expect((await duvo(["plan", "-f", path, "-o", planFile])).code).toBe(0);
    const queue = (await api("GET", `/v2/teams/${emulator.teamId}/queues`)).queues.find((q: any) => q.name === "Invoices");
    await api("PATCH", `/v2/queues/${queue.id}`, { description: "Changed in the app" });
    emulator.clearRequests();
    const result = await duvo(["apply", planFile, "-y"], env);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: the team changed since the plan was made: nothing applied\nMake a new plan (duvo plan -f <file> -o plan.json) and review it.\n",
    });
    expect(changing()).toEqual([]);
    await api("PATCH", `/v2/queues/${queue.id}`, { description: "Supplier invoices waiting to be matched" });
  });

  test("a plan for another team, or not a plan: refused", async () => {
    const planFile = join(dir, "plan-for-the-demo-team.json");
    expect((await duvo(["plan", "-f", EXAMPLE, "-o", planFile])).code).toBe(0);
    const other = await duvo(["apply", planFile], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } });
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(`error: the plan was made for team ${emulator.teamId}, not ${OTHER_TEAM_ID}: nothing applied\n`);
    expect(await duvo(["apply", EXAMPLE])).toEqual({ code: 4, stdout: "", stderr: `error: ${printable(EXAMPLE)}: not a plan (not JSON); a manifest is given with -f\n` });
    expect((await duvo(["apply", planFile, "--prune"])).stderr).toBe("error: --prune cannot be given with a saved plan: the plan says whether it prunes\n");
  });
});

describe("names", () => {
  test("two live resources with a name the file uses: an error listing them, nothing sent", async () => {
    const a = await api("POST", `/v2/teams/${OTHER_TEAM_ID}/queues`, { name: "Dup" }, OTHER_TEAM_KEY);
    const b = await api("POST", `/v2/teams/${OTHER_TEAM_ID}/queues`, { name: "Dup" }, OTHER_TEAM_KEY);
    const path = file("dup.yaml", "version: 1\nqueues:\n  - name: Dup\n");
    emulator.clearRequests();
    const result = await duvo(["apply", "-f", path, "-y"], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: the team has resources with the same name, so a name cannot pick one: 2 queues named "Dup": ${a.queue.id}, ${b.queue.id}\nRename or delete all but one of them, then try again.\n`,
    );
    expect(changing()).toEqual([]);
    // A name the file does not use may be doubled: the file does not ask for it.
    expect((await duvo(["plan", "-f", file("other.yaml", "version: 1\nqueues:\n  - name: Single\n")], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } })).code).toBe(0);
    expect((await duvo(["export"], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } })).code).toBe(1);
  });
});

describe("--prune", () => {
  test("asks on a terminal, refuses without one unless -y, then removes", async () => {
    await api("POST", `/v2/teams/${OTHER_TEAM_ID}/agent-folders`, { name: "Old" }, OTHER_TEAM_KEY);
    const path = file("prune.yaml", "version: 1\nfolders:\n  - name: New\n");
    const options = { env: { DUVO_API_KEY: OTHER_TEAM_KEY } };
    // Two queues of one name, which the file does not name: pruned too, and the team's agent.
    for (let i = 0; i < 2; i++) await api("POST", `/v2/teams/${OTHER_TEAM_ID}/queues`, { name: "Dup" }, OTHER_TEAM_KEY);
    emulator.clearRequests();
    const refused = await duvo(["apply", "-f", path, "--prune"], options);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toBe("error: apply --prune changes data and there is no terminal to ask on: add -y to confirm\n");
    expect(changing()).toEqual([]);
    const declined = scriptedPrompter({ confirm: [false] });
    expect((await duvo(["apply", "-f", path, "--prune"], { ...options, tty: true, prompter: declined.prompter })).code).toBe(4);
    expect(declined.asked).toEqual(["confirm: Remove 4 resources the file does not name?"]);
    expect(changing()).toEqual([]);
    const done = await duvo(["apply", "-f", path, "--prune", "-y"], options);
    expect(done.code).toBe(0);
    expect(changing()).toEqual(["createAgentFolder", "deleteAgent", "deleteQueue", "deleteQueue", "deleteAgentFolder"]);
    expect((await duvo(["plan", "-f", path, "--prune", "--detailed-exitcode"], options)).code).toBe(0);
  });
});

describe("documentation", () => {
  test("docs/declarative.md shows the example file and the workflow as they are in examples/", () => {
    const docs = readFileSync(join(ROOT, "docs", "declarative.md"), "utf8");
    expect(docs).toContain(`\`\`\`yaml\n${readFileSync(EXAMPLE, "utf8")}\`\`\``);
    expect(docs).toContain(`\`\`\`yaml\n${readFileSync(join(ROOT, "examples", "declarative", "duvo.yml"), "utf8")}\`\`\``);
  });
});

describe("round trip", () => {
  test("export a team, apply it to an empty team, export again: the same file; one changed field is one change", async () => {
    matcherId = await applied();
    const exported = await duvo(["export", "--agent", matcherId]);
    const path = file("roundtrip.yaml", exported.stdout);
    // Connections are made in the app (they need an authorization), so the empty team gets its own first.
    await api(
      "POST",
      `/v2/teams/${MULTI_TEAM_ID}/connections`,
      { name: "Finance Gmail", provider: "user", auth_method: "apikey", server_url: "https://mcp.example.com" },
      MULTI_TEAM_KEY,
    );
    const secrets = { ...OPS.env, WAREHOUSE_USER: "wu", WAREHOUSE_PASSWORD: "wp", LOGIN_PORTAL_EXAMPLE_COM_DEMO_EXAMPLE_COM_PASSWORD: "lp" };
    const onEmpty = await duvo(["apply", "-f", path], { env: secrets });
    expect(onEmpty.code).toBe(0);
    expect(onEmpty.stderr).not.toContain("warn");
    const again = await duvo(["export"], OPS);
    expect(again).toEqual({ code: 0, stdout: exported.stdout, stderr: "" });
    const oneField = await planJson(file("roundtrip-1.yaml", exported.stdout.replace("color_hue: 30", "color_hue: 31")), OPS);
    expect(summary(oneField)).toEqual([{ what: "change label Invoices / priority: high", fields: ["color_hue"] }]);
    for (const value of Object.values(secrets)) if (value.length > 3) expect(again.stdout + onEmpty.stdout + onEmpty.stderr).not.toContain(value);
  });
});

/** `duvo apply -f path -y` from the binary, in the background with a fresh HOME, to be killed mid-way. */
function applyInBackground(path: string, env: Record<string, string>) {
  return Bun.spawn([BINARY, "apply", "-f", path, "-y"], {
    env: { PATH: process.env.PATH, HOME: tempDir("duvo-home-"), ...env } as Record<string, string>,
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
  });
}
