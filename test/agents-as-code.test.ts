/**
 * Agents as code, against the emulator through the real parser: every command of agents
 * (create … eval-rubrics), agent-folders, revisions, revision-integrations, revision-secrets,
 * revision-logins and suggestions. Each one's happy path prints the API's answer with --json
 * (valid against the document), one bad input is refused before anything is sent, and every
 * destructive one follows the confirmation rule.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_AGENTS, DEMO_TEAM_ID, OTHER_TEAM_ID } from "../src/emulator/index.ts";
import { expectSent, scriptedPrompter, tempDir, useEmulator } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";

const { emulator, duvo } = useEmulator();
const dir = tempDir("duvo-agents-as-code-");
const QUEUE = "5e1f0c2a-7d3b-4c9e-8a70-000000000001";
const OTHER_QUEUE = "5e1f0c2a-7d3b-4c9e-8a70-000000000002";
const SECRET = "5e1f0c2a-7d3b-4c9e-8a90-000000000001";
const LOGIN = "5e1f0c2a-7d3b-4c9e-8a91-000000000001";
const TEAM = DEMO_TEAM_ID;
/** The team catalog's Gmail and case-queue consumer entries (what attach sends for the slugs gmail and case-queue-consumer). */
const GMAIL = "5e1f0c2a-7d3b-4c9e-8ab0-000000001001";
const CONSUMER = "5e1f0c2a-7d3b-4c9e-8ab0-000000001005";
/** The request the latest command sent. */
const sent = () => emulator.requests.at(-1)!;

const config = (model = "claude-sonnet-4-6", input = "Match each new invoice to a ledger payment.") => ({
  version: "v2",
  data: { models: { agent: { model }, browsing: { provider: "google", model: "gemini-2.5-flash" } }, input },
});

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** Runs a command with --json: exit 0, nothing on stderr, the answer valid against the document for `operationId`. */
async function json(argv: string[], operationId: string, options: Parameters<typeof duvo>[1] = {}): Promise<any> {
  const result = await duvo([...argv, "--json"], options);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  const last = emulator.requests.at(-1)!;
  expect(last.operationId).toBe(operationId);
  const body = JSON.parse(result.stdout);
  expect(body).toEqual(last.responseBody as any);
  expect(responseProblem(operationId, last.status, body)).toBeUndefined();
  return body;
}

/** A usage error: exit 4, the exact line, nothing sent. */
async function refused(argv: string[], stderr: string, options: Parameters<typeof duvo>[1] = {}): Promise<void> {
  emulator.clearRequests();
  expect(await duvo(argv, options)).toEqual({ code: 4, stdout: "", stderr: `error: ${stderr}\n` });
  expect(emulator.requests).toHaveLength(0);
}

/** The confirmation rule: refused without a terminal, No on a terminal sends nothing, Yes sends it. */
async function confirmed(argv: string[], question: string, operationId: string): Promise<void> {
  const name = argv.find((word) => ["delete", "move", "unpin", "remove", "detach", "replace", "reject"].includes(word));
  await refused(argv, `${name} changes data and there is no terminal to ask on: add -y to confirm`);
  const declined = scriptedPrompter({ confirm: [false] });
  await refused(argv, "nothing changed: cancelled at the prompt", { tty: true, prompter: declined.prompter });
  expect(declined.asked).toEqual([`confirm: ${question}`]);
  const accepted = scriptedPrompter({ confirm: [true] });
  const result = await duvo(argv, { tty: true, prompter: accepted.prompter });
  expect(result.code).toBe(0);
  expect(emulator.requests.map((r) => r.operationId)).toEqual([operationId]);
}

/**
 * A new agent with one published revision made from `config()`: each test makes the agent
 * it changes, so any test runs alone or in any order.
 */
async function newAgent(name = "From file"): Promise<{ agentId: string; buildId: string }> {
  const created = await json(["agents", "create", "--name", name, "--config", file("agent.json", config())], "createAgent");
  return { agentId: created.agent.id, buildId: created.build.id };
}

/** A new agent and a draft revision of it (revision 2). */
async function newDraft(): Promise<{ agentId: string; buildId: string; draftId: string }> {
  const { agentId, buildId } = await newAgent();
  const { build } = await json(["revisions", "create", "--agent", agentId, "--name", "v2", "--config-file", file("v2.json", config("gpt-5"))], "createRevision");
  return { agentId, buildId, draftId: build.id };
}

describe("agents", () => {
  test("create: a revision from the flags or from a config file checked before sending; --no-build; asked on a terminal", async () => {
    const created = await json(["agents", "create", "--name", "Reconciler", "--input", "Match invoices.", "--model", "gpt-5"], "createAgent");
    expect(created.build.config.data).toMatchObject({ input: "Match invoices.", models: { agent: { model: "gpt-5" } } });
    expectSent(sent(), {
      method: "POST",
      path: `/v2/teams/${TEAM}/agents`,
      body: {
        name: "Reconciler",
        build: {
          name: "Reconciler",
          config: { version: "v2", data: { models: { agent: { model: "gpt-5" }, browsing: { provider: "google", model: "gemini-2.5-flash" } }, input: "Match invoices." } },
        },
      },
    });
    const fromFile = await json(["agents", "create", "--name", "From file", "--config", file("agent.json", config())], "createAgent");
    expect(fromFile.build).toMatchObject({ status: "live", revision_number: 1, config: { data: { files: [], plugins: [] } } });
    const bare = await json(["agents", "create", "--name", "Scratch", "--no-build"], "createAgent");
    expect(bare.build).toBeUndefined();
    expectSent(sent(), { method: "POST", path: `/v2/teams/${TEAM}/agents`, body: { name: "Scratch" } });

    const asked = scriptedPrompter({ text: ["Asked", "Do things."], select: ["gpt-4o"] });
    const human = await duvo(["agents", "create"], { tty: true, prompter: asked.prompter });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("Model     gpt-4o");
    expect(emulator.requests.at(-1)!.body).toMatchObject({ name: "Asked", build: { name: "Asked", config: { data: { input: "Do things." } } } });

    const missing = join(dir, "missing.json");
    await refused(["agents", "create", "--name", "X", "--config", missing], `cannot read ${missing} for --config: ENOENT`);
    // An unknown model: one line naming the field, the models allowed (written out here, not computed by the code under test) and the value.
    emulator.clearRequests();
    const badModel = await duvo(["agents", "create", "--name", "X", "--config", file("bad.json", config("gpt-9"))]);
    expect({ code: badModel.code, stdout: badModel.stdout, requests: emulator.requests.length }).toEqual({ code: 4, stdout: "", requests: 0 });
    expect(badModel.stderr).toStartWith(`error: invalid config in --config ${join(dir, "bad.json")}: config.data.models.agent.model: Invalid type: Expected ("`);
    expect(badModel.stderr).toContain(' | "gpt-5" | ');
    expect(badModel.stderr).toContain(' | "claude-sonnet-4-6" | ');
    expect(badModel.stderr).toEndWith(') but received "gpt-9"\n');
    expect(badModel.stderr.split("\n")).toHaveLength(2);
    await refused(["agents", "create", "--input", "x"], "give --name (or run on a terminal to be asked)");
    await refused(["agents", "create", "--name", "X", "--no-build", "--model", "gpt-5"], "--no-build creates no revision: it cannot be used with --config, --input or --model");
  });

  test("update: the flags become the body; contradicting flags are refused", async () => {
    const { agentId } = await newAgent();
    const updated = await json(["agents", "update", agentId, "--name", "Renamed", "--enable-slack", "--pin"], "updateAgent");
    expect(updated.agent).toMatchObject({ name: "Renamed", slack_enabled: true });
    expect(updated.user_context.pinned_at).not.toBeNull();
    expectSent(sent(), { method: "PATCH", path: `/v2/agents/${agentId}`, body: { name: "Renamed", slack_enabled: true, pinned: true } });
    await json(["agents", "update", agentId, "--clear-thread", "--disable-agentic-memory"], "updateAgent");
    expectSent(sent(), { method: "PATCH", path: `/v2/agents/${agentId}`, body: { thread_id: null, agentic_memory_enabled: false } });
    await refused(["agents", "update", agentId, "--pin", "--unpin"], "--pin and --unpin cannot be used together");
  });

  test("models lists the document's models without a request; set-model changes only the model of the latest revision", async () => {
    const { agentId, buildId } = await newAgent();
    emulator.clearRequests();
    const models = await duvo(["agents", "models"]);
    expect(models.stdout.split("\n")).toContain("claude-sonnet-4-6");
    expect(JSON.parse((await duvo(["agents", "models", "--json"])).stdout).models).toContain("gpt-5");
    expect(emulator.requests).toHaveLength(0);

    const changed = await json(["agents", "set-model", agentId, "--model", "claude-opus-4-7"], "updateRevision");
    expect(changed.build.id).toBe(buildId);
    expect(changed.build.config).toEqual({ ...config("claude-opus-4-7"), data: { ...config("claude-opus-4-7").data, files: [], skills: [], plugins: [], subAgents: [] } });
    const stored = { ...config("claude-opus-4-7"), data: { ...config("claude-opus-4-7").data, files: [], skills: [], plugins: [], subAgents: [] } };
    expectSent(sent(), { method: "PATCH", path: `/v2/revisions/${buildId}`, body: { config: stored } });

    const picked = scriptedPrompter({ select: ["gpt-4.1"] });
    const human = await duvo(["agents", "set-model", agentId], { tty: true, prompter: picked.prompter });
    expect(human).toEqual({ code: 0, stdout: "", stderr: expect.stringContaining(`now runs on gpt-4.1 (revision ${buildId}, was claude-opus-4-7)`) });
    await refused(["agents", "set-model", agentId, "--model", "gpt-9"], 'unknown model "gpt-9"; see duvo agents models');
  });

  test("move: --dry-run asks nothing and changes nothing; a move asks first", async () => {
    const agent = DEMO_AGENTS[5]!.id;
    const preview = await json(["agents", "move", agent, "--to-team", OTHER_TEAM_ID, "--dry-run", "--skip-learnings"], "moveAgent");
    expect(preview).toMatchObject({ applied: false, options: { move_learnings: false } });
    expectSent(sent(), { method: "POST", path: `/v2/agents/${agent}/move`, body: { target_team_id: OTHER_TEAM_ID, move_learnings: false } });
    expect(sent().query).toEqual({ dry_run: "true" });
    await refused(["agents", "move", agent, "--to-team", "nope"], 'invalid team id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90');
    await confirmed(["agents", "move", agent, "--to-team", OTHER_TEAM_ID, "--all-together"], `Move agent ${agent} to team ${OTHER_TEAM_ID}?`, "moveAgent");
    expectSent(sent(), { method: "POST", path: `/v2/agents/${agent}/move`, body: { target_team_id: OTHER_TEAM_ID, bypass_standalone_gate: true } });
    expect((await duvo(["agents", "get", agent])).code).toBe(3); // gone from this team
  });

  test("delete follows the confirmation rule", async () => {
    const scratch = (await json(["agents", "create", "--name", "Doomed", "--no-build"], "createAgent")).agent.id;
    await confirmed(["agents", "delete", scratch], `Delete agent ${scratch}?`, "deleteAgent");
    expectSent(sent(), { method: "DELETE", path: `/v2/agents/${scratch}` });
    await json(["agents", "delete", (await json(["agents", "create", "--name", "Doomed 2", "--no-build"], "createAgent")).agent.id, "-y"], "deleteAgent");
    await refused(["agents", "delete", "x", "-y"], 'invalid agent id "x": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90');
  });

  test("schedules: create, list (also as agents schedules <agent-id>), update, delete", async () => {
    const { agentId, buildId } = await newAgent();
    const schedule = await json(
      ["agents", "schedules", "create", agentId, "--frequency", "weekly", "--day", "monday", "--time", "09:00", "--timezone", "Europe/Prague"],
      "createSchedule",
    );
    expect(schedule).toMatchObject({ frequency: "weekly", day: "monday", time: "09:00", enabled: true, build_id: buildId });
    expectSent(sent(), {
      method: "POST",
      path: `/v2/agents/${agentId}/schedules`,
      body: { frequency: "weekly", day: "monday", time: "09:00", timezone: "Europe/Prague", enabled: true },
    });
    expect((await json(["agents", "schedules", "list", agentId], "listAgentSchedules")).schedules).toEqual([schedule]);
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/schedules` });
    expect((await json(["agents", "schedules", agentId], "listAgentSchedules")).schedules).toEqual([schedule]);
    const table = await duvo(["agents", "schedules", agentId]);
    expect(table.stdout).toContain("weekly");
    const updated = await json(["agents", "schedules", "update", agentId, schedule.id, "--clear-time", "--disable", "--one-shot"], "updateSchedule");
    expect(updated).toMatchObject({ time: null, enabled: false, recurring: false });
    expectSent(sent(), { method: "PATCH", path: `/v2/agents/${agentId}/schedules/${schedule.id}`, body: { time: null, enabled: false, recurring: false } });
    await refused(
      ["agents", "schedules", "create", agentId, "--frequency", "sometimes", "--timezone", "UTC"],
      'invalid value "sometimes" for --frequency: expected every_5_minutes or every_15_minutes or hourly or daily or workday or weekly or monthly or custom',
    );
    await refused(["agents", "schedules", "update", agentId, schedule.id, "--time", "09:00", "--clear-time"], "--time and --clear-time cannot be used together");
    await confirmed(["agents", "schedules", "delete", agentId, schedule.id], `Delete schedule ${schedule.id} of agent ${agentId}?`, "deleteSchedule");
    expectSent(sent(), { method: "DELETE", path: `/v2/agents/${agentId}/schedules/${schedule.id}` });
  });

  test("case-triggers: create, get, list, update, preview, delete; concurrency any whole number from 1", async () => {
    const { agentId } = await newAgent();
    const { case_trigger: trigger } = await json(["agents", "case-triggers", "create", agentId, "--queue", QUEUE, "--enabled", "--concurrency", "1"], "createAgentCaseTrigger");
    expect(trigger).toMatchObject({ case_queue_id: QUEUE, enabled: true, concurrency: 1 });
    expectSent(sent(), { method: "POST", path: `/v2/agents/${agentId}/case-triggers`, body: { case_queue_id: QUEUE, enabled: true, concurrency: 1 } });
    expect((await json(["agents", "case-triggers", "get", agentId, trigger.id], "getAgentCaseTrigger")).case_trigger.id).toBe(trigger.id);
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/case-triggers/${trigger.id}` });
    expect((await json(["agents", "case-triggers", "list", agentId], "listAgentCaseTriggers")).case_triggers).toHaveLength(1);
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/case-triggers` });
    const updated = await json(["agents", "case-triggers", "update", agentId, trigger.id, "--queue", OTHER_QUEUE, "--disable", "--clear-concurrency"], "updateAgentCaseTrigger");
    expectSent(sent(), { method: "PATCH", path: `/v2/agents/${agentId}/case-triggers/${trigger.id}`, body: { case_queue_id: OTHER_QUEUE, enabled: false, concurrency: null } });
    expect(updated.case_trigger).toMatchObject({ case_queue_id: OTHER_QUEUE, enabled: false, concurrency: null });
    await json(["agents", "case-triggers", "create", DEMO_AGENTS[0]!.id, "--queue", QUEUE, "--enabled"], "createAgentCaseTrigger");
    const preview = await json(["agents", "case-triggers", "preview", agentId, "--queue", QUEUE], "previewAgentCaseTriggerConflicts");
    expect(preview).toEqual({ has_conflict: true, conflicting_agents: [{ id: DEMO_AGENTS[0]!.id, name: DEMO_AGENTS[0]!.name }] });
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/case-triggers/conflict-preview` });
    expect(sent().query).toEqual({ case_queue_id: QUEUE });
    // The document allows only 1 (enum: [1]); the fix-up layer corrects it (case-trigger-concurrency-enum).
    const three = await json(["agents", "case-triggers", "update", agentId, trigger.id, "--concurrency", "3"], "updateAgentCaseTrigger");
    expect(three.case_trigger.concurrency).toBe(3);
    await refused(["agents", "case-triggers", "update", agentId, trigger.id, "--concurrency", "0"], 'invalid value "0" for --concurrency: expected a whole number ≥ 1');
    await confirmed(["agents", "case-triggers", "delete", agentId, trigger.id], `Delete case trigger ${trigger.id} of agent ${agentId}?`, "deleteAgentCaseTrigger");
    expectSent(sent(), { method: "DELETE", path: `/v2/agents/${agentId}/case-triggers/${trigger.id}` });
  });

  test("triggers: types, set (an upsert), list", async () => {
    const { agentId } = await newAgent();
    const types = await json(["agents", "triggers", "types", agentId], "listAgentTriggerTypes");
    expect(types.trigger_types.map((t: any) => `${t.integration_slug}/${t.trigger_type}`)).toEqual(["gmail/new_email", "slack/new_message"]);
    expectSent(sent(), { method: "GET", path: `/v2/trigger-config/${agentId}` });
    const set = await json(
      ["agents", "triggers", "set", agentId, "--integration", "gmail", "--trigger-type", "new_email", "--filter-config", '{"from":"billing@acme.com"}'],
      "upsertAgentTrigger",
    );
    expect(set).toMatchObject({ filter_config: { from: "billing@acme.com" }, enabled: true });
    expectSent(sent(), {
      method: "PUT",
      path: `/v2/triggers/${agentId}`,
      body: { integration_slug: "gmail", trigger_type: "new_email", filter_config: { from: "billing@acme.com" }, enabled: true },
    });
    const again = await json(["agents", "triggers", "set", agentId, "--integration", "gmail", "--trigger-type", "new_email", "--disabled"], "upsertAgentTrigger");
    expect(again).toMatchObject({ id: set.id, enabled: false });
    expect((await json(["agents", "triggers", "list", agentId], "listAgentTriggers")).triggers).toHaveLength(1);
    expectSent(sent(), { method: "GET", path: `/v2/triggers/${agentId}` });
    await refused(
      ["agents", "triggers", "set", agentId, "--integration", "gmail", "--trigger-type", "new_email", "--filter-config", "[1]"],
      "--filter-config must be a JSON object",
    );
  });

  test("memory: files and file-get", async () => {
    const { agentId } = await newAgent();
    const { files } = await json(["agents", "memory", "files", agentId], "listAgentMemoryFiles");
    expect(files.map((f: any) => f.path)).toEqual(["learnings/vendors.md", "learnings/preferences.md"]);
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/memory/files` });
    expect((await json(["agents", "memory", "file-get", agentId, "learnings/vendors.md"], "getAgentMemoryFile")).path).toBe("learnings/vendors.md");
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/memory/files/learnings/vendors.md` });
    expect((await duvo(["agents", "memory", "file-get", agentId, "learnings/preferences.md"])).stdout).toBe("# Preferences\n\nSummaries go to #finance, in English.\n");
    expect((await duvo(["agents", "memory", "file-get", agentId, "nope.md"])).code).toBe(3);
    await refused(["agents", "memory", "files", "nope"], 'invalid agent id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90');
  });

  test("eval-scores: --since defaults to 30 days ago", async () => {
    const { agentId, buildId } = await newAgent();
    const scores = await json(["agents", "eval-scores", agentId, "--scope", "custom"], "getEvalScores");
    expect(scores).toEqual({ total_evaluated: 0, with_issues: 0, flag_distribution: [] });
    expectSent(sent(), { method: "GET", path: `/v2/agent/${agentId}/eval-scores` });
    const since = Date.parse(emulator.requests.at(-1)!.query.since!);
    expect(Math.abs(Date.now() - 30 * 86_400_000 - since)).toBeLessThan(3_600_000);
    await json(["agents", "eval-scores", agentId, "--since", "2026-01-01", "--revision-id", buildId], "getEvalScores");
    expect(emulator.requests.at(-1)!.query).toEqual({ since: "2026-01-01T00:00:00.000Z", revision_id: buildId });
    await refused(["agents", "eval-scores", agentId, "--since", "yesterday"], 'invalid value "yesterday" for --since: expected an ISO 8601 date or date-time');
  });

  test("eval-rubrics: add, list, update, replace from a file, remove", async () => {
    const { agentId, buildId } = await newAgent();
    const { rubric } = await json(
      ["agents", "eval-rubrics", "add", agentId, "--title", "Totals match", "--description", "The reconciled total equals the invoice total."],
      "createEvalRubric",
    );
    expectSent(sent(), {
      method: "POST",
      path: `/v2/agents/${agentId}/eval-rubrics`,
      body: { title: "Totals match", description: "The reconciled total equals the invoice total." },
    });
    expect((await json(["agents", "eval-rubrics", "list", agentId, "--build", buildId], "getEvalRubrics")).rubrics).toEqual([rubric]);
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/eval-rubrics` });
    expect(sent().query).toEqual({ build_id: buildId });
    const updated = await json(["agents", "eval-rubrics", "update", agentId, rubric.id, "--title", "Totals match exactly"], "updateEvalRubric");
    expect(updated.rubric.title).toBe("Totals match exactly");
    expectSent(sent(), { method: "PATCH", path: `/v2/agents/${agentId}/eval-rubrics/${rubric.id}`, body: { title: "Totals match exactly" } });
    await refused(
      ["agents", "eval-rubrics", "add", agentId, "--title", "ok", "--description", "too short"],
      "invalid request body.title: Invalid length: Expected >=3 but received 2",
    );

    const rubrics = file("rubrics.json", [{ title: "Currency", description: "Amounts are converted to the ledger's currency first." }]);
    await confirmed(["agents", "eval-rubrics", "replace", agentId, "--input", rubrics], `Replace every rubric of agent ${agentId}'s live revision?`, "replaceEvalRubrics");
    expectSent(sent(), {
      method: "PUT",
      path: `/v2/agents/${agentId}/eval-rubrics`,
      body: { rubrics: [{ title: "Currency", description: "Amounts are converted to the ledger's currency first." }] },
    });
    const replaced = await json(["agents", "eval-rubrics", "replace", agentId, "--input", "-", "-y"], "replaceEvalRubrics", {
      stdin: JSON.stringify({ rubrics: [{ title: "Totals", description: "The reconciled total equals the invoice total." }] }),
    });
    expect(replaced.rubrics.map((r: any) => r.title)).toEqual(["Totals"]);
    await refused(["agents", "eval-rubrics", "replace", agentId, "--input", join(dir, "none.json"), "-y"], `cannot read ${join(dir, "none.json")} for --input: ENOENT`);
    await confirmed(["agents", "eval-rubrics", "remove", agentId, replaced.rubrics[0].id], `Remove rubric ${replaced.rubrics[0].id} of agent ${agentId}?`, "deleteEvalRubric");
    expectSent(sent(), { method: "DELETE", path: `/v2/agents/${agentId}/eval-rubrics/${replaced.rubrics[0].id}` });
  });
});

describe("agent-folders", () => {
  test("create, list, update, move-agents, delete (--force for a folder that holds agents)", async () => {
    const { agentId } = await newAgent();
    const { folder } = await json(["agent-folders", "create", "--name", "Finance"], "createAgentFolder");
    expectSent(sent(), { method: "POST", path: `/v2/teams/${TEAM}/agent-folders`, body: { name: "Finance" } });
    const { folder: child } = await json(["agent-folders", "create", "--name", "Payables", "--parent", folder.id], "createAgentFolder");
    expect(child.parent_folder_id).toBe(folder.id);
    expectSent(sent(), { method: "POST", path: `/v2/teams/${TEAM}/agent-folders`, body: { name: "Payables", parent_folder_id: folder.id } });
    expect((await json(["agent-folders", "update", child.id, "--move-to-root", "--name", "AP"], "updateAgentFolder")).folder).toMatchObject({ name: "AP", parent_folder_id: null });
    expectSent(sent(), { method: "PATCH", path: `/v2/agent-folders/${child.id}`, body: { name: "AP", parent_folder_id: null } });
    const moved = await json(["agent-folders", "move-agents", "--agent", agentId, "--agent", DEMO_AGENTS[0]!.id, "--folder", folder.id], "moveAgentsToFolder");
    expect(moved).toEqual({ success: true, moved_count: 2 });
    expectSent(sent(), { method: "POST", path: `/v2/teams/${TEAM}/agent-folders/move-agents`, body: { agent_ids: [agentId, DEMO_AGENTS[0]!.id], folder_id: folder.id } });
    const { folders } = await json(["agent-folders", "list"], "listAgentFolders");
    expectSent(sent(), { method: "GET", path: `/v2/teams/${TEAM}/agent-folders` });
    expect(folders.find((f: any) => f.id === folder.id)).toMatchObject({ agent_count: 2, subfolder_count: 0 });
    await refused(["agent-folders", "move-agents", "--agent", agentId], "give either --folder or --to-root");
    await refused(["agent-folders", "update", child.id, "--parent", folder.id, "--move-to-root"], "--parent and --move-to-root cannot be used together");

    expect((await duvo(["agent-folders", "delete", folder.id, "-y"])).code).toBe(1); // not empty
    await confirmed(["agent-folders", "delete", folder.id, "--force"], `Delete agent folder ${folder.id} and move what it holds to the top level?`, "deleteAgentFolder");
    expectSent(sent(), { method: "DELETE", path: `/v2/agent-folders/${folder.id}` });
    expect(sent().query).toEqual({ force: "true" });
    await json(["agent-folders", "move-agents", "--agent", agentId, "--to-root"], "moveAgentsToFolder");
    expectSent(sent(), { method: "POST", path: `/v2/teams/${TEAM}/agent-folders/move-agents`, body: { agent_ids: [agentId], folder_id: null } });
    await json(["agent-folders", "delete", child.id, "-y"], "deleteAgentFolder");
  });
});

describe("revisions", () => {
  test("create from a config file (or stdin), get, list, update, promote", async () => {
    const { agentId, buildId } = await newAgent();
    const { build } = await json(["revisions", "create", "--agent", agentId, "--name", "v2", "--config-file", file("v2.json", config("gpt-5"))], "createRevision");
    const draftId = build.id;
    expect(build).toMatchObject({ status: "draft", revision_number: 2, parent_build_id: buildId });
    expectSent(sent(), { method: "POST", path: `/v2/agents/${agentId}/revisions`, body: { name: "v2", config: config("gpt-5") } });
    expect((await json(["revisions", "get", draftId, "--agent", agentId], "getRevision")).build.config.data.models.agent.model).toBe("gpt-5");
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/revisions/${draftId}` });
    const list = await json(["revisions", "list", "--agent", agentId], "listAgentRevisions");
    expect(list.builds.map((b: any) => b.id)).toEqual([draftId, buildId]);
    expectSent(sent(), { method: "GET", path: `/v2/agents/${agentId}/revisions` });
    const updated = await json(["revisions", "update", draftId, "--config-file", "-"], "updateRevision", { stdin: JSON.stringify(config("gpt-4.1", "New instructions.")) });
    expect(updated.build.config.data).toMatchObject({ input: "New instructions.", models: { agent: { model: "gpt-4.1" } } });
    expectSent(sent(), { method: "PATCH", path: `/v2/revisions/${draftId}`, body: { config: config("gpt-4.1", "New instructions.") } });
    await json(["revisions", "promote", draftId, "--name", "March", "--description", "Converts currencies"], "promoteRevision");
    expectSent(sent(), { method: "POST", path: `/v2/revisions/${draftId}/promote`, body: { revision_name: "March", revision_description: "Converts currencies" } });
    expect((await json(["revisions", "get", draftId, "--agent", agentId], "getRevision")).build).toMatchObject({ status: "live", revision_name: "March" });
    expect((await duvo(["revisions", "promote", draftId])).code).toBe(1); // already live

    const wrong = file("wrong.json", { ...config(), data: { ...config().data, colour: "blue" } });
    await refused(
      ["revisions", "update", draftId, "--config-file", wrong],
      `invalid config in --config-file ${wrong}: config.data.colour: unknown field (not in the API's schema)`,
    );
    await refused(
      ["revisions", "create", "--agent", agentId, "--name", "v3", "--config-file", file("broken.json", "{")],
      `--config-file ${join(dir, "broken.json")} is not valid JSON (JSON Parse error: Expected '}')`,
    );
  });
});

describe("revision-integrations", () => {
  test("attach by slug, list, connections pin/list/unpin, queues set/list, case-queue-setup, remove", async () => {
    const { agentId, draftId } = await newDraft();
    const at = ["--agent", agentId, "--revision", draftId];
    expect(await json(["revision-integrations", "attach", ...at, "--integration", "gmail", "--integration", "case-queue-consumer"], "attachRevisionIntegrations")).toEqual({
      success: true,
      count: 2,
    });
    expect(emulator.requests.find((r) => r.operationId === "listIntegrations")).toBeDefined();
    const revision = `/v2/agents/${agentId}/revisions/${draftId}`;
    expectSent(sent(), { method: "POST", path: `${revision}/integrations`, body: { integration_ids: [GMAIL, CONSUMER] } });
    const { integrations } = await json(["revision-integrations", "list", ...at], "listRevisionIntegrations");
    expect(integrations.map((i: any) => i.integration_type)).toEqual(["gmail", "case-queue-consumer"]);
    expectSent(sent(), { method: "GET", path: `${revision}/integrations` });
    const [gmail, consumer] = integrations;

    // Only a connection of the team can be pinned: another is a 404, and nothing is pinned.
    const NOT_THERE = "5e1f0c2a-7d3b-4c9e-8a92-000000000009";
    expect((await duvo(["revision-integrations", "connections", "pin", NOT_THERE, ...at, "--integration", gmail.id])).code).toBe(3);
    const made = await fetch(`${emulator.url}/v2/teams/${emulator.teamId}/connections`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Gmail", type: "gmail", provider: "user", auth_method: "oauth", server_url: "https://mcp.example.com" }),
    });
    const CONNECTION: string = ((await made.json()) as { id: string }).id;
    await json(["revision-integrations", "connections", "pin", CONNECTION, ...at, "--integration", gmail.id], "pinRevisionIntegrationConnection");
    expectSent(sent(), { method: "POST", path: `${revision}/integrations/${gmail.id}/connections`, body: { connection_id: CONNECTION } });
    expect((await json(["revision-integrations", "connections", "list", ...at, "--integration", gmail.id], "listRevisionIntegrationConnections")).connections).toEqual([
      { connection_id: CONNECTION, created_at: expect.any(String) },
    ]);
    expectSent(sent(), { method: "GET", path: `${revision}/integrations/${gmail.id}/connections` });
    await confirmed(
      ["revision-integrations", "connections", "unpin", CONNECTION, ...at, "--integration", gmail.id],
      `Unpin connection ${CONNECTION} from integration ${gmail.id}?`,
      "unpinRevisionIntegrationConnection",
    );
    expectSent(sent(), { method: "DELETE", path: `${revision}/integrations/${gmail.id}/connections/${CONNECTION}` });

    expect((await json(["revision-integrations", "case-queue-setup", ...at], "getRevisionCaseQueueSetup")).configs).toEqual([
      { config_id: consumer.id, integration_type: "case-queue-consumer", linked_queue_count: 0 },
    ]);
    expectSent(sent(), { method: "GET", path: `${revision}/case-queue-validation` });
    expect((await json(["revision-integrations", "queues", "set", ...at, "--integration", consumer.id, "--queue", QUEUE], "replaceRevisionIntegrationQueues")).queues).toHaveLength(
      1,
    );
    expectSent(sent(), { method: "PUT", path: `${revision}/integrations/${consumer.id}/queues`, body: { queue_ids: [QUEUE] } });
    expect((await json(["revision-integrations", "queues", "list", ...at, "--integration", consumer.id], "listRevisionIntegrationQueues")).queues[0].id).toBe(QUEUE);
    expectSent(sent(), { method: "GET", path: `${revision}/integrations/${consumer.id}/queues` });
    expect((await json(["revision-integrations", "case-queue-setup", ...at], "getRevisionCaseQueueSetup")).configs[0].linked_queue_count).toBe(1);

    emulator.clearRequests();
    expect(await duvo(["revision-integrations", "attach", ...at, "--integration", "fax"])).toEqual({
      code: 3,
      stdout: "",
      stderr: 'error: no integration "fax" in the team\'s catalog; it has: gmail, slack, googlesheets, case-queue-producer, case-queue-consumer\n',
    });
    expect(emulator.requests.map((r) => r.operationId)).toEqual(["listMyTeams", "listIntegrations"]);
    await refused(
      ["revision-integrations", "queues", "set", ...at, "--integration", consumer.id, "--queue", "q1"],
      'invalid queue id "q1": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90',
    );
    await confirmed(["revision-integrations", "remove", gmail.id, ...at], `Remove integration ${gmail.id} from revision ${draftId}?`, "removeRevisionIntegration");
    expectSent(sent(), { method: "DELETE", path: `${revision}/integrations/${gmail.id}` });
  });
});

describe("revision-secrets and revision-logins", () => {
  test("attach, list, detach", async () => {
    const { agentId, draftId } = await newDraft();
    const at = ["--agent", agentId, "--revision", draftId];
    const revision = `/v2/agents/${agentId}/revisions/${draftId}`;
    expect(await json(["revision-secrets", "attach", ...at, "--secret", SECRET], "attachRevisionSecret")).toEqual({ success: true });
    expectSent(sent(), { method: "POST", path: `${revision}/credentials`, body: { credentialId: SECRET } });
    expect((await json(["revision-secrets", "list", ...at], "listRevisionSecrets")).map((s: any) => s.id)).toEqual([SECRET]);
    expectSent(sent(), { method: "GET", path: `${revision}/credentials` });
    expect((await duvo(["revision-secrets", "list", ...at])).stdout).toContain(SECRET);
    await refused(["revision-secrets", "attach", ...at], 'missing required flag --secret for "duvo revision-secrets attach"');
    await confirmed(["revision-secrets", "detach", SECRET, ...at], `Detach secret ${SECRET} from revision ${draftId}?`, "detachRevisionSecret");
    expectSent(sent(), { method: "DELETE", path: `${revision}/credentials/${SECRET}` });

    expect(await json(["revision-logins", "attach", ...at, "--credential", LOGIN], "attachRevisionLogin")).toEqual({ success: true });
    expectSent(sent(), { method: "POST", path: `${revision}/logins`, body: { exposedCredentialId: LOGIN } });
    expect((await json(["revision-logins", "list", ...at], "listRevisionLogins")).map((l: any) => l.id)).toEqual([LOGIN]);
    expectSent(sent(), { method: "GET", path: `${revision}/logins` });
    await refused(["revision-logins", "attach", ...at, "--credential", "c1"], 'invalid credential id "c1": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90');
    await confirmed(["revision-logins", "detach", LOGIN, ...at], `Detach login ${LOGIN} from revision ${draftId}?`, "detachRevisionLogin");
    expectSent(sent(), { method: "DELETE", path: `${revision}/logins/${LOGIN}` });
  });

  test("one secret and one login on two revisions: each revision keeps its own, listed with the real fields", async () => {
    const { agentId, buildId, draftId } = await newDraft();
    const secret = await json(["secrets", "create", "--name", "Ledger", "--service-slug", "postgres", "--value", "LEDGER_TOKEN=not-shown"], "createSecret");
    // The login as the API answered it (the CLI masks its password).
    expect((await duvo(["credentials", "create", "--domain", "ledger.example.com", "--username", "ops@example.com", "--password", "not-shown-either"])).code).toBe(0);
    const login = emulator.requests.at(-1)!.responseBody as any;
    const revisions = [buildId, draftId].map((id) => ["--agent", agentId, "--revision", id]);
    for (const at of revisions) {
      expect(await json(["revision-secrets", "attach", ...at, "--secret", secret.id], "attachRevisionSecret")).toEqual({ success: true });
      expect(await json(["revision-logins", "attach", ...at, "--credential", login.id], "attachRevisionLogin")).toEqual({ success: true });
    }
    const shownSecret = { ...secret };
    const shownLogin = { id: login.id, user_id: login.user_id, team_id: login.team_id, domain: "ledger.example.com", username: "ops@example.com" };
    for (const at of revisions) {
      expect(await json(["revision-secrets", "list", ...at], "listRevisionSecrets")).toEqual([shownSecret]);
      expect(await json(["revision-logins", "list", ...at], "listRevisionLogins")).toEqual([{ ...shownLogin, created_at: login.created_at, updated_at: login.updated_at }]);
    }
    // The same one twice on one revision is a conflict; the lists are unchanged.
    const again = await duvo(["revision-secrets", "attach", ...revisions[1]!, "--secret", secret.id]);
    expect({ code: again.code, status: emulator.requests.at(-1)!.status }).toEqual({ code: 1, status: 409 });
    expect(await json(["revision-secrets", "list", ...revisions[1]!], "listRevisionSecrets")).toEqual([shownSecret]);

    // A renamed secret is listed under its new name.
    const renamed = await json(["secrets", "update", secret.id, "--name", "Ledger (prod)"], "updateSecret");
    expect((await json(["revision-secrets", "list", ...revisions[0]!], "listRevisionSecrets")).map((s: any) => s.name)).toEqual(["Ledger (prod)"]);

    // Detaching from one revision leaves the other's.
    expect((await duvo(["revision-secrets", "detach", secret.id, ...revisions[1]!, "-y"])).code).toBe(0);
    expect((await duvo(["revision-logins", "detach", login.id, ...revisions[1]!, "-y"])).code).toBe(0);
    expect(await json(["revision-secrets", "list", ...revisions[1]!], "listRevisionSecrets")).toEqual([]);
    expect(await json(["revision-logins", "list", ...revisions[1]!], "listRevisionLogins")).toEqual([]);
    expect(await json(["revision-secrets", "list", ...revisions[0]!], "listRevisionSecrets")).toEqual([renamed]);
    expect((await json(["revision-logins", "list", ...revisions[0]!], "listRevisionLogins")).map((l: any) => l.id)).toEqual([login.id]);
    // Detached already: a 404, and the other revision still has it.
    expect((await duvo(["revision-secrets", "detach", secret.id, ...revisions[1]!, "-y"])).code).toBe(3);
    expect((await json(["revision-secrets", "list", ...revisions[0]!], "listRevisionSecrets")).map((s: any) => s.id)).toEqual([secret.id]);
  });
});

describe("suggestions", () => {
  test("list pending, consume, reject, history", async () => {
    const agent = DEMO_AGENTS[0]!.id;
    const last = () => emulator.requests.at(-1);
    const pending = await json(["suggestions", "list", agent], "listAgentSuggestions");
    expectSent(last(), { method: "GET", path: `/v2/agents/${agent}/suggestions` });
    expect(last()!.query).toEqual({}); // pending is the API's default
    expect(pending.pending_count).toBe(2);
    const [aop, connection] = pending.data;
    const revision = DEMO_AGENTS[0]!.id.replace("-8a30-", "-8a40-");
    expect((await json(["suggestions", "consume", aop.id, "--revision-id", revision], "consumeAgentSuggestion")).data.status).toBe("consumed");
    expectSent(last(), { method: "POST", path: `/v2/agents/suggestions/${aop.id}/consume`, body: { revision_id: revision } });
    await confirmed(["suggestions", "reject", connection.id], `Reject suggestion ${connection.id}?`, "rejectAgentSuggestion");
    expectSent(last(), { method: "POST", path: `/v2/agents/suggestions/${connection.id}/reject` });
    const history = await json(["suggestions", "list", agent, "--status", "history", "--limit", "10"], "listAgentSuggestions");
    expect(last()!.query).toEqual({ status: "history", limit: "10" });
    expect(history.data.map((s: any) => s.status)).toEqual(["consumed", "rejected"]);
    expect((await duvo(["suggestions", "reject", aop.id, "-y"])).code).toBe(1); // already resolved
    await refused(["suggestions", "list", agent, "--status", "old"], 'invalid value "old" for --status: expected pending or history');
  });
});
