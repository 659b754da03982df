/**
 * Real resources for the Pulse and Clarity operations the emulator keeps state for, so a test
 * that calls every operation of the document once (test/openapi.test.ts) reaches each one's
 * success: a dashboard to move, a transformation proposal with a step that needs more evidence,
 * an uploaded artifact import, a chat with a pending patch, and bodies that name them.
 */
import { expect } from "bun:test";
import { MULTI_TEAM_ID } from "../src/emulator/index.ts";

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** The process and the snapshot the document's examples seed the store with. */
export const SEED_PROCESS = "00000000-0000-4000-8000-000000000114";
export const SEED_SNAPSHOT = "00000000-0000-4000-8000-000000000173";
export const PROCESS = `/v2/clarity-v2/processes/${SEED_PROCESS}`;

/** A step the document allows in a saved snapshot, that needs more evidence. */
export const STEP = {
  ...{ id: "receive", targetSteps: [], title: "Receive the invoice", action: null, role: "Clerk", system: "SAP", input: null, output: null, exception: null, handling: null },
  ...{ assumptions: null, openQuestions: null, confidence: "high", nodeType: "event", nodeSubtype: "start", description: null, rationale: null, sources: [], condition: null },
  extraCaptureNeeded: { id: "5e1f0c2a-7d3b-4c9e-8ac0-000000000001", gap: "How are disputed invoices handled?" },
};

export async function pulseClarityFixtures(call: Call) {
  const made = async (method: string, path: string, body?: unknown) => {
    const answer = await call(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const moved = (await made("POST", "/v2/artifacts", { message: "Dashboard to move" })).artifact_id as string;
  // A proposal generated from the live current process, then saved with a step that needs evidence.
  await made("POST", `${PROCESS}/snapshots/transformation_proposal/generate`, {});
  const generated = (await made("GET", `${PROCESS}/snapshots/transformation_proposal`)).snapshots.at(-1).id as string;
  const proposal = (await made("POST", `${PROCESS}/snapshots/transformation_proposal/save`, { steps: [STEP], baselineSnapshotId: generated })).snapshot.id as string;
  const upload = await made("POST", `${PROCESS}/artifact-imports/create-upload-url`, { file_name: "flow.png", content_type: "image/png" });
  expect((await fetch(upload.signed_url, { method: "PUT", body: new Uint8Array([137, 80, 78, 71]) })).status).toBe(200);
  const chatBody = { conversation_id: null, snapshot_kind: "current_process", baseline_snapshot_id: SEED_SNAPSHOT, content: "Invoices are matched daily." };
  const conversation = (await made("POST", `${PROCESS}/artifact-chat/messages`, chatBody)).conversation.id as string;
  const patch = (await made("GET", `${PROCESS}/artifact-chat/conversations/${conversation}/messages`)).messages[1].id as string;

  const ids = { transformation_proposal_id: proposal, capture_id: upload.capture_id as string, conversation_id: conversation, message_id: patch };
  const overrides: Record<string, Record<string, string>> = {
    movePulseDashboard: { artifactId: moved },
    assignClarityExtraCaptureRequest: { process_id: SEED_PROCESS, request_id: STEP.extraCaptureNeeded.id },
  };
  const bodies: Record<string, unknown> = {
    movePulseDashboard: { targetTeamId: MULTI_TEAM_ID },
    setClarityLandscapeNodePlacement: { parentId: null },
    proposeClarityLandscapeProcess: { name: "Dispute handling" },
    postprocessClaritySnapshot: { type: "current_process", current_process_id: SEED_SNAPSHOT },
    postClarityV2ProcessesArtifactChatMessages: chatBody,
    saveClarityProcessSnapshot: { steps: [STEP], baselineSnapshotId: SEED_SNAPSHOT },
    generateClarityProcessSnapshot: {},
    assignClarityProcessLabels: { labels: [{ value: "Finance" }] },
  };
  return { ids, overrides, bodies };
}
