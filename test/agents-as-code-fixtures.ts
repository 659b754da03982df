/**
 * Real resources for the operations the emulator keeps agents-as-code state for, so a test
 * that calls every operation of the document once (test/openapi.test.ts) reaches each one's
 * success: path ids that exist, bodies that name them, and a throwaway agent for the
 * operations that delete or move one.
 */
import { OTHER_TEAM_ID } from "../src/emulator/index.ts";

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export async function agentsAsCodeFixtures(call: Call, teamId: string, agentId: string) {
  const created = async (method: string, path: string, body: unknown) => {
    const answer = await call(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const agent = async (name: string) => (await created("POST", `/v2/teams/${teamId}/agents`, { name })).agent.id as string;
  const [doomed, moved, renamed] = [await agent("Doomed"), await agent("Moved"), await agent("Renamed")];
  const config = { version: "v2", data: { models: { agent: { model: "gpt-5" }, browsing: { provider: "google", model: "gemini-2.5-flash" } }, input: "Work." } };
  const build = (await created("POST", `/v2/agents/${agentId}/revisions`, { name: "draft", config })).build.id as string;
  const at = `/v2/agents/${agentId}`;
  const folder = async (name: string) => (await created("POST", `/v2/teams/${teamId}/agent-folders`, { name })).folder.id as string;
  const [kept, dropped] = [await folder("Kept"), await folder("Dropped")];
  const schedule = async () => (await created("POST", `${at}/schedules`, { enabled: true, frequency: "daily", time: "09:00", timezone: "UTC" })).id as string;
  const [schedule1, schedule2] = [await schedule(), await schedule()];
  const trigger = async (queue: string) => (await created("POST", `${at}/case-triggers`, { case_queue_id: queue, enabled: true })).case_trigger.id as string;
  const [trigger1, trigger2] = [await trigger("5e1f0c2a-7d3b-4c9e-8a70-0000000000a1"), await trigger("5e1f0c2a-7d3b-4c9e-8a70-0000000000a2")];
  const rubricBody = { title: "Totals match", description: "The reconciled total equals the invoice total." };
  const rubric = async () => (await created("POST", `/v2/agents/${agentId}/eval-rubrics`, rubricBody)).rubric.id as string;
  const [rubric1, rubric2] = [await rubric(), await rubric()];
  const catalog = (await created("GET", `/v2/teams/${teamId}/integrations`, undefined)).integrations as { id: string; type: string }[];
  const catalogId = (type: string) => catalog.find((entry) => entry.type === type)!.id;
  const revision = `${at}/revisions/${build}`;
  await created("POST", `${revision}/integrations`, { integration_ids: [catalogId("gmail"), catalogId("slack"), catalogId("case-queue-consumer")] });
  const slots = (await created("GET", `${revision}/integrations`, undefined)).integrations as { id: string; integration_type: string }[];
  const slot = (type: string) => slots.find((s) => s.integration_type === type)!.id;
  // Only a connection of the team can be pinned.
  const newConnection = async () =>
    (await created("POST", `/v2/teams/${teamId}/connections`, { name: "Gmail", type: "gmail", provider: "user", auth_method: "oauth", server_url: "https://mcp.example.com" }))
      .id as string;
  const [connection, unpinned] = [await newConnection(), await newConnection()];
  await created("POST", `${revision}/integrations/${slot("gmail")}/connections`, { connection_id: connection });
  const secret = "5e1f0c2a-7d3b-4c9e-8a90-0000000000a1";
  const login = "5e1f0c2a-7d3b-4c9e-8a91-0000000000a1";
  await created("POST", `${revision}/credentials`, { credentialId: secret });
  await created("POST", `${revision}/logins`, { exposedCredentialId: login });
  const suggestions = (await created("GET", `${at}/suggestions`, undefined)).data as { id: string }[];

  const ids = { build_id: build, buildId: build, integration_id: slot("gmail") };
  const overrides: Record<string, Record<string, string>> = {
    deleteAgent: { agent_id: doomed },
    moveAgent: { agent_id: moved },
    updateAgent: { agent_id: renamed },
    updateAgentFolder: { folder_id: kept },
    deleteAgentFolder: { folder_id: dropped },
    updateSchedule: { schedule_id: schedule1 },
    deleteSchedule: { schedule_id: schedule2 },
    getAgentCaseTrigger: { trigger_id: trigger1 },
    updateAgentCaseTrigger: { trigger_id: trigger1 },
    deleteAgentCaseTrigger: { trigger_id: trigger2 },
    updateEvalRubric: { rubricId: rubric1 },
    deleteEvalRubric: { rubricId: rubric2 },
    removeRevisionIntegration: { integration_id: slot("slack") },
    listRevisionIntegrationQueues: { integration_id: slot("case-queue-consumer") },
    replaceRevisionIntegrationQueues: { integration_id: slot("case-queue-consumer") },
    unpinRevisionIntegrationConnection: { connection_id: connection },
    detachRevisionSecret: { credentialId: secret },
    detachRevisionLogin: { exposedCredentialId: login },
    consumeAgentSuggestion: { id: suggestions[0]!.id },
    rejectAgentSuggestion: { id: suggestions[1]!.id },
    getAgentMemoryFile: { "*": "learnings/vendors.md" },
    // Replacing removes the rubrics above: it goes with the operations that run last.
    replaceEvalRubrics: {},
  };
  const bodies: Record<string, unknown> = {
    moveAgent: { target_team_id: OTHER_TEAM_ID },
    createAgentFolder: { name: "Ops", parent_folder_id: kept },
    updateAgentFolder: { name: "Kept too" },
    moveAgentsToFolder: { agent_ids: [agentId], folder_id: kept },
    updateSchedule: { time: "10:00", enabled: false },
    createSchedule: { enabled: true, frequency: "weekly", day: "monday", time: "08:00", timezone: "Europe/Prague" },
    createEvalRubric: rubricBody,
    replaceEvalRubrics: { rubrics: [rubricBody] },
    upsertAgentTrigger: { integration_slug: "gmail", trigger_type: "new_email" },
    pinRevisionIntegrationConnection: { connection_id: unpinned },
    updateRevision: { revision_name: "draft 2", config },
    attachRevisionIntegrations: { integration_ids: [catalogId("googlesheets")] },
  };
  return { ids, overrides, bodies };
}
