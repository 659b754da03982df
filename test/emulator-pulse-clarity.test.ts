/**
 * The Pulse and Clarity operations the store cannot answer alone keep state over HTTP: what
 * one request writes, the next reads; an id the emulator never made is a 404. Every answer is
 * checked against the document (test/preload.ts).
 */
import { describe, expect, test } from "bun:test";
import { DEMO_ORG_ID, MULTI_TEAM_ID, MULTI_TEAM_KEY, OTHER_TEAM_ID } from "../src/emulator/index.ts";
import { useEmulator } from "./helpers.ts";
import { PROCESS, SEED_PROCESS, SEED_SNAPSHOT, STEP } from "./pulse-clarity-fixtures.ts";

// A new emulator for every test: each reads back only what it wrote, in any order.
const { emulator } = useEmulator({}, {}, { each: true });
const unknown = "00000000-0000-4000-8000-00000000dead";

async function call(method: string, path: string, body?: unknown, key = emulator.apiKey) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

const dashboard = async (message: string) => (await call("POST", "/v2/artifacts", { message })).body.artifact_id as string;
const artifactOf = async (id: string, key?: string) => (await call("GET", `/v2/artifacts/${id}`, undefined, key)).body.artifact;

describe("Pulse", () => {
  test("publish, then the dashboard reads published; export serves its latest page in the theme asked", async () => {
    const id = await dashboard("Weekly revenue");
    expect((await call("POST", `/v2/artifacts/${id}/publish`, { visibility: "team", permission: "edit" })).body).toMatchObject({
      id,
      visibility: "team",
      publish_permission: "edit",
    });
    expect(await artifactOf(id)).toMatchObject({ visibility: "team", publish_permission: "edit" });
    const page = await call("GET", `/v2/artifacts/${id}/export/html?theme=dark`);
    expect(page.body).toStartWith('<!doctype html>\n<html data-theme="dark"><head><title>Weekly revenue</title>');
    expect((await call("POST", `/v2/artifacts/${unknown}/publish`, { visibility: "team" })).status).toBe(404);
    expect((await call("GET", `/v2/artifacts/${unknown}/export/html`)).status).toBe(404);
  });

  test("a message is listed and answered with a new version showing it; a question is answered once", async () => {
    const id = await dashboard("Weekly revenue");
    await artifactOf(id);
    const sent = (await call("POST", `/v2/artifacts/${id}/messages`, { message: "Split by region" })).body.user_message;
    expect(sent).toMatchObject({ artifact_id: id, role: "user", content: "Split by region" });
    const messages = (await call("GET", `/v2/artifacts/${id}/messages`)).body.data;
    expect(messages.map((message: any) => message.content)).toEqual(["Weekly revenue", "Version 1 is ready.", "Split by region", "Version 2 is ready."]);
    expect((await call("GET", `/v2/artifacts/${id}/render`)).body).toContain("<h1>Split by region</h1><p>Version 2");
    expect((await call("POST", `/v2/artifacts/${id}/answer`, { toolCallId: "t1", answers: { Region: "EMEA" } })).body).toEqual({ ok: true });
    expect((await call("GET", `/v2/artifacts/${id}/messages`)).body.data.at(-1)).toMatchObject({ role: "user", content: '{"Region":"EMEA"}' });
    expect((await call("POST", `/v2/artifacts/${id}/answer`, { toolCallId: "t1", answers: { Region: "US" } })).status).toBe(409);
    expect((await call("POST", `/v2/artifacts/${unknown}/messages`, { message: "x" })).status).toBe(404);
  });

  test("stop interrupts a refresh and keeps the partial text; a running dashboard takes no message", async () => {
    const id = await dashboard("Weekly revenue");
    await artifactOf(id);
    await call("POST", `/v2/artifacts/${id}/refresh`);
    expect((await call("POST", `/v2/artifacts/${id}/messages`, { message: "More" })).status).toBe(409);
    expect((await call("POST", `/v2/artifacts/${id}/stop`, { partial_text: "Half a chart" })).body.artifact.status).toBe("interrupted");
    expect((await artifactOf(id)).status).toBe("interrupted");
    expect((await call("GET", `/v2/artifacts/${id}/messages`)).body.data.at(-1)).toMatchObject({ role: "assistant", content: "Half a chart" });
  });

  test("restoring a version makes a new current version with its page", async () => {
    const id = await dashboard("First");
    await artifactOf(id);
    await call("POST", `/v2/artifacts/${id}/messages`, { message: "Second" });
    const first = (await call("GET", `/v2/artifacts/${id}/revisions`)).body.revisions[0];
    const restored = (await call("POST", `/v2/artifacts/${id}/revisions/${first.id}/restore`)).body;
    expect(restored).toMatchObject({ success: true, current_version: 3 });
    const versions = (await call("GET", `/v2/artifacts/${id}/revisions`)).body;
    expect(versions).toMatchObject({ current_revision_id: restored.current_revision_id, current_version: 3 });
    expect(versions.revisions[2].restored_from_version).toBe(1);
    expect((await call("GET", `/v2/artifacts/${id}/render`)).body).toContain("<h1>First</h1><p>Version 1");
    expect((await call("POST", `/v2/artifacts/${id}/revisions/${unknown}/restore`)).status).toBe(404);
  });

  test("a duplicate is a new dashboard of its own, listed, with the original's page", async () => {
    const id = await dashboard("Weekly revenue");
    await artifactOf(id);
    const copy = await call("POST", `/v2/artifacts/${id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ title: "Weekly revenue (copy)", visibility: "private", status: "completed" });
    expect(copy.body.id).not.toBe(id);
    expect(await artifactOf(copy.body.id)).toMatchObject({ id: copy.body.id, title: "Weekly revenue (copy)" });
    expect((await call("GET", "/v2/artifacts?limit=100")).body.artifacts.map((artifact: any) => artifact.id)).toContain(copy.body.id);
    expect((await call("GET", `/v2/artifacts/${copy.body.id}/render`)).body).toContain("<h1>Weekly revenue</h1>");
    expect((await call("POST", `/v2/artifacts/${unknown}/duplicate`)).status).toBe(404);
  });

  test("move to another team of the organization: a dry run changes nothing; then the target team has it", async () => {
    const id = await dashboard("Weekly revenue");
    const connection = "5e1f0c2a-7d3b-4c9e-8a92-0000000000b1";
    await call("POST", `/v2/artifacts/${id}/connections`, { connection_id: connection });
    await call("POST", `/v2/artifacts/${id}/publish`, { visibility: "team" });
    const path = `/v2/teams/${emulator.teamId}/artifacts/${id}/move`;
    const dry = (await call("POST", `${path}?dryRun=true`, { targetTeamId: MULTI_TEAM_ID })).body;
    expect(dry).toMatchObject({ artifactId: id, sourceTeamId: emulator.teamId, targetTeamId: MULTI_TEAM_ID, visibilityReset: true, applied: false });
    expect(dry.connections.disconnected).toEqual([
      { integrationType: expect.any(String), integrationName: expect.any(String), instanceName: connection, decision: "needs_reconnect" },
    ]);
    expect((await artifactOf(id)).team_id).toBe(emulator.teamId);
    expect((await call("POST", path, { targetTeamId: OTHER_TEAM_ID })).status).toBe(403);
    expect((await call("POST", path, { targetTeamId: emulator.teamId })).status).toBe(409);
    expect((await call("POST", path, { targetTeamId: MULTI_TEAM_ID })).body.applied).toBe(true);
    expect((await call("GET", `/v2/artifacts/${id}`)).status).toBe(404);
    expect(await artifactOf(id, MULTI_TEAM_KEY)).toMatchObject({ id, team_id: MULTI_TEAM_ID, visibility: "private" });
    expect((await call("POST", `/v2/teams/${emulator.teamId}/artifacts/${unknown}/move`, { targetTeamId: MULTI_TEAM_ID })).status).toBe(404);
  });
});

describe("Clarity snapshots", () => {
  const snapshots = (kind: string) => `${PROCESS}/snapshots/${kind}`;

  test("saved, then read back; promoted, then live and the one before historic", async () => {
    const saved = await call("POST", `${snapshots("current_process")}/save`, { steps: [STEP], baselineSnapshotId: SEED_SNAPSHOT, summary: "Invoices in" });
    expect(saved.status).toBe(201);
    const id = saved.body.snapshot.id;
    const got = (await call("GET", `${snapshots("current_process")}/${id}`)).body.snapshot;
    expect(got).toMatchObject({ id, process_id: SEED_PROCESS, parent_id: SEED_SNAPSHOT, status: "draft", kind: "current_process", data: { summary: "Invoices in" } });
    expect(got.data.steps).toEqual([STEP]);
    expect((await call("POST", `${snapshots("current_process")}/${id}/promote`)).body.snapshot.status).toBe("live");
    const listed = (await call("GET", snapshots("current_process"))).body.snapshots;
    expect(listed.map((s: any) => [s.id, s.status])).toEqual([
      [SEED_SNAPSHOT, "historic"],
      [id, "live"],
    ]);
    const summaries = (await call("GET", `/v2/teams/${emulator.teamId}/clarity-v2/processes/summaries`)).body.processes;
    expect(summaries[0]).toMatchObject({ id: SEED_PROCESS, current: { summary: "Invoices in", swot: null }, roles: ["Clerk"], systems: ["SAP"] });
    expect((await call("POST", `${snapshots("current_process")}/save`, { steps: [STEP], baselineSnapshotId: unknown })).status).toBe(404);
    expect((await call("POST", `${snapshots("current_process")}/${unknown}/promote`)).status).toBe(404);
    expect((await call("POST", `/v2/clarity-v2/processes/${unknown}/snapshots/current_process/save`, { steps: [STEP], baselineSnapshotId: id })).status).toBe(404);
  });

  test("generated: generating until the process is read, then a draft; stop ends a generation; postprocess touches it", async () => {
    expect((await call("POST", `${snapshots("transformation_proposal")}/generate`, { custom_guidance: "Automate matching" })).status).toBe(202);
    expect((await call("POST", `${snapshots("transformation_proposal")}/generate`, {})).status).toBe(409);
    expect((await call("GET", PROCESS)).body.process.status).toBe("review");
    const proposal = (await call("GET", snapshots("transformation_proposal"))).body.snapshots.at(-1);
    expect(proposal).toMatchObject({ status: "draft", creator_type: "ai", kind: "transformation_proposal" });
    expect((await call("GET", `${snapshots("transformation_proposal")}/${proposal.id}`)).body.snapshot.data.summary).toBe("Automate matching");
    await call("POST", `${snapshots("current_process")}/generate`, {});
    expect((await call("POST", `${snapshots("current_process")}/stop`)).body).toEqual({ success: true });
    expect((await call("POST", `${snapshots("current_process")}/stop`)).status).toBe(409);
    expect((await call("GET", snapshots("current_process"))).body.snapshots.some((s: any) => s.status === "generating")).toBe(false);
    const post = await call("POST", `${PROCESS}/postprocess`, { type: "transformation_proposal", transformation_proposal_id: proposal.id });
    expect(post).toEqual({ status: 202, body: { success: true } });
    expect((await call("POST", `${PROCESS}/postprocess`, { type: "current_process", current_process_id: unknown })).status).toBe(404);
  });

  test("a proposal's step that needs evidence is an extra capture request: assigned, then captured by an import", async () => {
    await call("POST", `${snapshots("transformation_proposal")}/generate`, {});
    const baseline = (await call("GET", snapshots("transformation_proposal"))).body.snapshots.at(-1).id;
    const proposal = (await call("POST", `${snapshots("transformation_proposal")}/save`, { steps: [STEP], baselineSnapshotId: baseline })).body.snapshot.id;
    const requests = `${PROCESS}/transformation-proposals/${proposal}/extra-capture-requests`;
    const request = STEP.extraCaptureNeeded.id;
    expect((await call("GET", requests)).body).toMatchObject({ requests: [{ id: request, step_id: "receive", status: "requested", requested_user_id: null }], total: 1 });
    const user = "5e1f0c2a-7d3b-4c9e-8a20-000000000001";
    expect((await call("PATCH", `${requests}/${request}/assign`, { user_id: user })).body.request.requested_user_id).toBe(user);
    const upload = (
      await call("POST", `${PROCESS}/artifact-imports/create-upload-url`, { file_name: "disputes.png", content_type: "image/png", extra_capture_request_id: request })
    ).body;
    const complete = `${PROCESS}/artifact-imports/${upload.capture_id}/complete`;
    expect((await call("POST", complete, { file_name: "disputes.png", content_type: "image/png" })).status).toBe(400);
    expect((await fetch(upload.signed_url, { method: "PUT", body: new Uint8Array([137, 80, 78, 71]) })).status).toBe(200);
    const capture = (await call("POST", complete, { file_name: "disputes.png", content_type: "image/png" })).body.capture;
    expect(capture).toMatchObject({ id: upload.capture_id, processId: SEED_PROCESS, type: "document", documentFileName: "disputes.png", status: "complete" });
    expect((await call("GET", requests)).body.requests[0]).toMatchObject({ requested_user_id: user, capture_id: upload.capture_id, status: "captured" });
    expect((await call("GET", PROCESS)).body.captures.map((c: any) => c.id)).toContain(upload.capture_id);
    const landscape = (await call("GET", `/v2/organizations/${DEMO_ORG_ID}/clarity/hierarchy/captures?includeTranscripts=true`)).body;
    expect(landscape.captures.find((c: any) => c.id === upload.capture_id)).toMatchObject({ title: "disputes.png", teamId: emulator.teamId, transcript: [] });
    expect((await call("POST", complete, { file_name: "disputes.png", content_type: "image/png" })).status).toBe(404);
    expect((await call("GET", `${PROCESS}/transformation-proposals/${unknown}/extra-capture-requests`)).status).toBe(404);
    expect((await call("PATCH", `${requests}/${unknown}/assign`, { user_id: null })).status).toBe(404);
  });

  test("a chat message is listed in its conversation with a proposed patch; accepted, it is a draft snapshot", async () => {
    const body = { conversation_id: null, snapshot_kind: "current_process", baseline_snapshot_id: SEED_SNAPSHOT, content: "Matching is daily." };
    const posted = (await call("POST", `${PROCESS}/artifact-chat/messages`, body)).body;
    expect(posted.conversation).toMatchObject({ process_id: SEED_PROCESS, status: "waiting_for_patch", title: "Matching is daily." });
    const conversation = posted.conversation.id;
    const listed = (await call("GET", `${PROCESS}/artifact-chat/conversations?snapshot_kind=current_process`)).body.conversations;
    expect(listed.map((c: any) => c.id)).toContain(conversation);
    expect((await call("GET", `${PROCESS}/artifact-chat/conversations?snapshot_kind=transformation_proposal`)).body.conversations).toEqual([]);
    const messages = (await call("GET", `${PROCESS}/artifact-chat/conversations/${conversation}/messages`)).body.messages;
    expect(messages.map((m: any) => [m.role, m.kind])).toEqual([
      ["user", "text"],
      ["assistant", "patch"],
    ]);
    const accepted = (await call("PUT", `${PROCESS}/artifact-chat/messages/${messages[1].id}`, { decision: "accept" })).body;
    const draftId: string = accepted.message.body.snapshot_id;
    expect(accepted.message.body.status).toBe("accepted");
    const draft = (await call("GET", `${PROCESS}/snapshots/current_process/${draftId}`)).body.snapshot;
    expect(draft).toMatchObject({ status: "draft", parent_id: SEED_SNAPSHOT, data: { summary: "Matching is daily." } });
    expect((await call("PUT", `${PROCESS}/artifact-chat/messages/${messages[1].id}`, { decision: "decline" })).status).toBe(409);
    expect((await call("PUT", `${PROCESS}/artifact-chat/messages/${unknown}`, { decision: "accept" })).status).toBe(404);
    expect((await call("GET", `${PROCESS}/artifact-chat/conversations/${unknown}/messages`)).status).toBe(404);
    expect((await call("POST", `${PROCESS}/artifact-chat/messages`, { ...body, conversation_id: unknown })).status).toBe(404);
  });

  test("an automation run and an invite link are kept per process", async () => {
    const run = (await call("POST", `${PROCESS}/automation`)).body.automation_run;
    expect((await call("POST", `${PROCESS}/automation`)).body.automation_run).toEqual(run);
    const link = (await call("POST", `${PROCESS}/invite-link`)).body.invite_link;
    expect(link.url).toBe(`${emulator.url}/clarity/invite/${link.id}`);
    expect((await call("POST", `${PROCESS}/invite-link`)).body.invite_link).toEqual(link);
    expect((await call("POST", `/v2/clarity-v2/processes/${unknown}/automation`)).status).toBe(404);
  });
});

describe("Clarity landscape and labels", () => {
  const org = `/v2/organizations/${DEMO_ORG_ID}/clarity`;

  test("nodes placed, then the tree and the landscape show them; never under their own", async () => {
    const node = async (name: string, parentId?: string) => (await call("POST", `${org}/hierarchy/nodes`, { name, parentId })).body.id as string;
    const [finance, payables] = [await node("Finance"), await node("Payables")];
    const proposed = (await call("POST", `${org}/hierarchy/proposed-processes`, { name: "Disputes", description: "Handle disputed invoices", parentId: finance })).body;
    expect(proposed).toMatchObject({ parentId: finance, existence: "proposed", source: "human" });
    expect((await call("PUT", `${org}/hierarchy/nodes/${payables}/placement`, { parentId: finance })).body).toMatchObject({ id: payables, parentId: finance });
    expect((await call("PUT", `${org}/hierarchy/nodes/${finance}/placement`, { parentId: payables })).status).toBe(409);
    const tree = (await call("GET", `${org}/hierarchy/tree?rootId=${finance}`)).body.nodes;
    expect(tree.map((n: any) => [n.name, n.depth])).toEqual([
      ["Finance", 0],
      ["Disputes", 1],
      ["Payables", 1],
    ]);
    const landscape = (await call("GET", `${org}/hierarchy/landscape?rootId=${finance}`)).body;
    expect(landscape.nodes.find((n: any) => n.id === proposed.id)).toMatchObject({ proposedSummary: "Handle disputed invoices", process: null, labels: [] });
    expect(landscape.stats).toMatchObject({ totalNodes: 3, proposedNodes: 3, unsortedProcesses: 1 });
    expect(landscape.unlinkedProcesses.map((p: any) => p.id)).toContain(SEED_PROCESS);
    expect(landscape.generation.status).toBe("idle");
    expect((await call("POST", `${org}/hierarchy/landscape/generate`)).status).toBe(202);
    expect((await call("GET", `${org}/hierarchy/landscape`)).body.generation.status).toBe("completed");
    expect((await call("PUT", `${org}/hierarchy/nodes/${payables}/placement`, { parentId: unknown })).status).toBe(404);
    expect((await call("PUT", `${org}/hierarchy/nodes/${unknown}/placement`, { parentId: null })).status).toBe(404);
    expect((await call("GET", `${org}/hierarchy/tree?rootId=${unknown}`)).status).toBe(404);
  });

  test("labels assigned by id and by value are listed, counted and no longer available; unlinked, they are again", async () => {
    const process = "/v2/clarity/processes/00000000-0000-4000-8000-000000000095";
    const urgent = (await call("POST", `${org}/process-labels`, { value: "Urgent", colorHue: 10 })).body.label.id;
    const assigned = (await call("POST", `${process}/labels/assign`, { labelIds: [urgent], labels: [{ value: "Quarterly" }] })).body.labels;
    expect(assigned.map((l: any) => [l.value, l.source])).toEqual([
      ["Urgent", "human"],
      ["Quarterly", "human"],
    ]);
    expect((await call("GET", `${process}/labels`)).body.labels).toEqual(assigned);
    const all = (await call("GET", `${org}/process-labels`)).body.data;
    expect(all.find((l: any) => l.id === urgent).processCount).toBe(1);
    const available = (await call("GET", `${process}/available-labels`)).body.data.map((l: any) => l.id);
    expect(available).not.toContain(urgent);
    expect((await call("POST", `${process}/labels/unlink`, { labelIds: [urgent] })).body.labels.map((l: any) => l.value)).toEqual(["Quarterly"]);
    expect((await call("GET", `${process}/available-labels?search=urg`)).body).toMatchObject({ data: [{ id: urgent, processCount: 0 }], total: 1 });
    expect((await call("POST", `${process}/labels/assign`, { labelIds: [unknown] })).status).toBe(404);
    expect((await call("GET", `/v2/clarity/processes/${unknown}/labels`)).status).toBe(404);
  });
});
