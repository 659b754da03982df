/**
 * Every leaf command has a test that asserts a request THAT command sent (method, path and
 * body), computed from the emulator's request log: each `duvo` a test runs names its command in
 * every request (X-Duvo-Test-Command, set under DUVO_TEST_TAG_REQUESTS by test/helpers.ts), and
 * `expectSent` appends, for each request a test wrote out, its operation id and the command that
 * sent it to the file named by DUVO_ASSERTED_LOG. After the whole suite,
 * `bun scripts/check-asserted.ts <that file>` walks the command tree and fails, listing every
 * leaf with no asserted request of its own among its operations: another leaf asserted on the
 * same operation does not count. The record is a set, so the order the test files ran in
 * (`--randomize`) does not matter; a partial run (one file) is not a run of the suite, and the
 * check says so by failing on what it did not see.
 *
 * A declarative command names its operation (`duvoOperation`); a hand-written one is listed
 * in HAND_WRITTEN with the operations it sends (covered when it sent one of them and a test asserted it).
 */
import { readFileSync } from "node:fs";
import type { DuvoCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";

/** Leaves that send no request to the API, each with why. */
export const NO_REQUEST: Record<string, string> = {
  emulator: "serves the emulator; it is the server, not a client",
  update: "talks to the release host, not the API (test/update.test.ts, a fake release host)",
  logout: "removes a profile from the config file",
  "profiles list": "reads the config file",
  "profiles use": "writes the config file",
  "profiles rename": "writes the config file",
  "profiles remove": "writes the config file",
  "team use": "writes the default team to the config file",
  "agents models": "the models are the enum of the revision config's schema in the document (test/agents-as-code.test.ts asserts it sends nothing)",
  "guide list": "the guides are embedded",
  "guide get": "the guides are embedded",
  "guide path": "the guides are embedded",
  completion: "prints a shell script",
  __complete: "the shells' completion callback; reads the tree (and a list at most, through the declarative commands' own operations)",
  "skills generate": "the public API has no operation for it: exits 1 before any request (test/skills.test.ts checks nothing is sent)",
  api: "sends what it is told: any operation; test/api-command.test.ts asserts those requests",
};

/** What export and plan read (src/declarative/live.ts): the team-wide lists, then each agent of the file in detail. */
const DECLARATIVE_READS = [
  "getProfile",
  "listAgents",
  "listAgentFolders",
  "listQueues",
  "listSecrets",
  "listConnections",
  "listIntegrations",
  "listCredentials",
  "listQueueLabels",
  "listAgentRevisions",
  "listAgentSchedules",
  "listAgentCaseTriggers",
  "listAgentTriggers",
  "listRevisionIntegrations",
  "listRevisionSecrets",
  "listRevisionLogins",
  "getEvalRubrics",
  "listRevisionIntegrationConnections",
  "listRevisionIntegrationQueues",
];

/** The changes apply can send (src/declarative/plan.ts), after the same reads; they are what defines it. */
const APPLY_WRITES = [
  "createAgentFolder",
  "updateAgentFolder",
  "deleteAgentFolder",
  "createQueue",
  "updateQueue",
  "deleteQueue",
  "createQueueLabel",
  "updateQueueLabel",
  "deleteQueueLabel",
  "createSecret",
  "updateSecret",
  "deleteSecret",
  "createCredential",
  "updateCredential",
  "deleteCredential",
  "createAgent",
  "moveAgentsToFolder",
  "deleteAgent",
  "createRevision",
  "promoteRevision",
  "attachRevisionIntegrations",
  "removeRevisionIntegration",
  "pinRevisionIntegrationConnection",
  "unpinRevisionIntegrationConnection",
  "replaceRevisionIntegrationQueues",
  "attachRevisionSecret",
  "detachRevisionSecret",
  "attachRevisionLogin",
  "detachRevisionLogin",
  "replaceEvalRubrics",
  "createSchedule",
  "updateSchedule",
  "deleteSchedule",
  "createAgentCaseTrigger",
  "updateAgentCaseTrigger",
  "deleteAgentCaseTrigger",
  "upsertAgentTrigger",
];

/** Hand-written leaves and the operations they send (read from their code). */
export const HAND_WRITTEN: Record<string, string[]> = {
  "runs start": ["startRun"],
  "runs get": ["getRun"],
  "runs messages": ["listRunMessages"],
  "runs send-message": ["postRunMessage"],
  "runs respond": ["respondToHumanRequest"],
  "runs stop": ["stopRun"],
  "runs list": ["listRuns"],
  "runs evaluation": ["getRunEvaluation"],
  "runs wait": ["getRun"],
  login: ["listMyTeams"],
  whoami: ["getProfile"],
  "teams list": ["listMyTeams"],
  "agents list": ["listAgents"],
  "agents get": ["getAgent"],
  "agents create": ["createAgent"],
  "agents set-model": ["updateRevision"],
  "agents memory file-get": ["getAgentMemoryFile"],
  "queues link-agent": ["createAgentCaseTrigger", "updateAgentCaseTrigger", "attachRevisionIntegrations", "replaceRevisionIntegrationQueues"],
  "queues unlink-agent": ["deleteAgentCaseTrigger", "removeRevisionIntegration", "replaceRevisionIntegrationQueues"],
  "cases create": ["createCases"],
  "cases wait": ["listCases"],
  "cases runs": ["listCaseRuns", "listCaseRunRecentMessages"],
  "sandboxes upload": ["createSandboxUploadUrl"], // then a PUT of the bytes to the storage host, not an API operation
  "files content": ["getFileContent"],
  "pulse get": ["getPulseDashboard", "listPulseDashboardVersions"],
  "pulse html": ["getPulseDashboardHtml", "getPulseDashboardVersionHtml"],
  "pulse pdf": ["getPulseDashboardPdf"],
  "pulse refresh": ["refreshPulseDashboard"],
  "connections probe": ["probeMcpServer"],
  "oauth native start": ["startNativeOAuth"],
  "oauth mcp probe": ["probeMcpServer"],
  "oauth mcp authorize": ["authorizeMcpOAuth"],
  "skills list": ["listSkills", "listSystemSkills"],
  "skills install": ["listSystemSkills", "listSkillFiles", "getSkillFileContent", "uploadSkill"], // no install operation: read the system skill, upload it as a ZIP
  "skills upload": ["uploadSkill"],
  "skills file-get": ["getSkillFileContent"],
  "skills download": ["downloadSkill"],
  // Composites: any one of their operations covers them here, and each has its own test that asserts
  // what defines it (test/declarative.test.ts: export's and plan's reads, apply's writes for one change).
  export: DECLARATIVE_READS,
  plan: DECLARATIVE_READS,
  apply: APPLY_WRITES,
};

/**
 * Leaves whose request no test asserts yet: a backlog, not an allowance. The check fails when
 * one of them becomes asserted (so the list only shrinks) as well as when another leaf is not.
 */
export const NOT_YET_ASSERTED: string[] = [];

/** Every leaf of the tree, hidden ones too, as "group sub", with its command. */
export async function leaves(command: DuvoCommand = rootCommand, path: string[] = []): Promise<[string, DuvoCommand][]> {
  const subs = await subCommandsOf(command);
  if (!subs) return [[path.join(" "), command]];
  const found: [string, DuvoCommand][] = [];
  for (const [name, entry] of Object.entries(subs)) found.push(...(await leaves(await resolveValue(entry), [...path, name])));
  return found;
}

/** One asserted request: its operation and the command that sent it (`runs get`). */
export interface Assertion {
  operation: string;
  command: string;
}

/** What is wrong, given the requests asserted over the suite: one line per leaf. */
export async function problems(asserted: Assertion[], backlog: string[] = NOT_YET_ASSERTED): Promise<string[]> {
  const found: string[] = [];
  const tree = await leaves();
  const names = new Set(tree.map(([name]) => name));
  const byCommand = new Map<string, Set<string>>();
  for (const { operation, command } of asserted) byCommand.set(command, (byCommand.get(command) ?? new Set()).add(operation));
  for (const [name, command] of tree) {
    if (name in NO_REQUEST) continue;
    const operations = command.duvoOperation ? [command.duvoOperation] : HAND_WRITTEN[name];
    if (!operations) {
      found.push(`${name}: a hand-written leaf with no line in HAND_WRITTEN (or NO_REQUEST)`);
      continue;
    }
    const own = byCommand.get(name);
    const covered = operations.some((operation) => own?.has(operation));
    if (!covered && !backlog.includes(name)) {
      // Say when the operation was asserted, but only on another command's request: the mistake the check exists for.
      const others = [...byCommand].filter(([other, seen]) => other !== name && operations.some((operation) => seen.has(operation))).map(([other]) => other);
      const elsewhere = others.length ? `; asserted only as sent by ${others.sort().slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""}` : "";
      found.push(`${name}: no test asserts a request it sent (${operations.join(" or ") || "operation not named"})${elsewhere}`);
    }
    if (covered && backlog.includes(name)) found.push(`${name}: asserted now; remove it from NOT_YET_ASSERTED`);
  }
  for (const name of [...Object.keys(NO_REQUEST), ...Object.keys(HAND_WRITTEN), ...backlog]) {
    if (!names.has(name)) found.push(`${name}: listed here but not a leaf of the tree`);
  }
  return found;
}

/** The requests a record written by expectSent lists (`<file>\t<operation>\t<command>` lines); a line with no command is no assertion of a command's request. */
export function readRecord(text: string): Assertion[] {
  const found = new Map<string, Assertion>();
  for (const line of text.split("\n")) {
    const [, operation, command] = line.split("\t");
    if (operation && command) found.set(`${operation}\t${command}`, { operation, command });
  }
  return [...found.values()];
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: bun scripts/check-asserted.ts <the file DUVO_ASSERTED_LOG named during the whole suite>\n");
    process.exit(2);
  }
  const found = await problems(readRecord(readFileSync(file, "utf8")));
  if (found.length) {
    process.stderr.write(`${found.length} leaf command(s) without an asserted request of their own:\n${found.map((line) => `  ${line}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write("every leaf command has a test that asserts a request it sent (or is listed with why)\n");
}
