/**
 * Clarity, beyond the store (which keeps processes, snapshots, landscape nodes, links and labels):
 * snapshots saved, promoted, generated (done by the process's next read) and stopped; the tree
 * and landscape drawn from the store; captures from artifact imports uploaded to the emulator's
 * storage; a proposal's steps needing evidence as extra capture requests; chat patches that,
 * accepted, become draft snapshots; labels assigned to legacy processes.
 */ import type * as C from "../../api/generated/clarity.ts";
import type * as V from "../../api/generated/clarity-v2.ts";
import type * as O from "../../api/generated/organizations.ts";
import { ApiError, beforeStore, now, checkedQuery, checkedRequest, familyAt, ok, pageOf, storedAt, worldSlot, type Context, type Plugins } from "../kernel.ts";
import { iso } from "../state.ts";
import { presign } from "./storage.ts";

type Json = Record<string, any>;
type Chat = { conversation: Json; messages: Json[] };

const PROCESSES = familyAt("/v2/clarity-v2/processes/{process_id}");
const SNAPSHOTS = familyAt("/v2/clarity-v2/processes/{process_id}/snapshots/{kind}/{snapshot_id}");
const NODES = familyAt("/v2/organizations/{orgId}/clarity/hierarchy/nodes/{nodeId}");
const LINKS = familyAt("/v2/organizations/{orgId}/clarity/hierarchy/process-links/{process_link_id}");
const LABELS = familyAt("/v2/organizations/{orgId}/clarity/process-labels/{labelId}");
const clarity = worldSlot(() => ({
  captures: [] as Json[],
  uploads: new Map<string, { processId: string; requestId?: string; uploaded: boolean }>(),
  /** What was done about an extra capture request (itself a step of a proposal), by its id. */
  requests: new Map<string, Json>(),
  chats: new Map<string, Chat>(),
  /** A legacy process's label ids, by process id. */
  labels: new Map<string, string[]>(),
  generatedLandscapes: new Set<string>(),
}));
/** An object with these keys (space-separated): the values given, null for the others. */
const record = (keys: string, values: Json): Json => Object.fromEntries(keys.split(" ").map((key) => [key, values[key] ?? null]));
const processOf = (c: Context) => storedAt(c, "process_id");
const proposing = (kind: string) => kind === "transformation_proposal";
const nodesOf = (c: Context) => c.store.resources(NODES, c.team.id, { orgId: c.params.orgId! });
const capturesOf = (c: Context, processId?: string) =>
  clarity(c.state).captures.filter((kept) => kept.teamId === c.team.id && (!processId || kept.capture.processId === processId));
/** The process's snapshots of a kind, oldest first; the live one; the one an id names (else a 404). */
const snapshotsOf = (c: Context, kind: string, process_id = processOf(c).id): Json[] =>
  c.store.list(SNAPSHOTS, c.team.id, { process_id, kind }).flatMap(({ resource }) => (resource.kind === kind ? [resource] : []));
const liveOf = (c: Context, kind: string, processId?: string) => snapshotsOf(c, kind, processId).findLast((snapshot) => snapshot.status === "live");
function snapshotAt(c: Context, kind: string, id: string): Json {
  const snapshot = snapshotsOf(c, kind).find((candidate) => candidate.id === id.toLowerCase());
  if (!snapshot) throw new ApiError(404, `Snapshot ${id} not found`);
  return snapshot;
}
function addSnapshot(c: Context, kind: string, fields: Json): Json {
  const keys = "id process_id source_snapshot_id parent_id created_at updated_at status creator_type user_id sandbox_id last_session_id kind data";
  const at = now(c);
  const snapshot = record(keys, { id: crypto.randomUUID(), process_id: processOf(c).id, created_at: at, updated_at: at, status: "draft", creator_type: "human", kind, ...fields });
  if (!("user_id" in fields)) snapshot.user_id = c.team.user.id;
  c.store.seed(SNAPSHOTS, c.team.id, snapshot, { process_id: snapshot.process_id, kind });
  return snapshot;
}
/** Generation is done by the process's next read: its generating snapshots become drafts. */
function settle(c: Context): void {
  for (const snapshot of [...snapshotsOf(c, "current_process"), ...snapshotsOf(c, "transformation_proposal")]) {
    if (snapshot.status === "generating") Object.assign(snapshot, { status: "draft", updated_at: now(c) }) && (processOf(c).status = "review");
  }
}
/** The proposal's steps that need more evidence, with what was done about them. */
function requestsOf(c: Context): Json[] {
  const proposal = snapshotAt(c, "transformation_proposal", c.params.transformation_proposal_id!);
  const keys = "id proposal_id step_id capture_id requested_user_id status gap suggested_prompt priority created_at updated_at";
  return proposal.data.steps.flatMap(({ id: step_id, extraCaptureNeeded: need }: Json) => {
    const { created_at, updated_at } = proposal;
    const request = { id: need?.id, proposal_id: proposal.id, step_id, status: "requested", gap: need?.gap, suggested_prompt: need?.proposal, priority: "medium" };
    return need ? [record(keys, { ...request, created_at, updated_at, ...clarity(c.state).requests.get(need.id) })] : [];
  });
}
function chatOf(c: Context, id: string): Chat {
  const chat = clarity(c.state).chats.get(id.toLowerCase());
  if (!chat || chat.conversation.process_id !== processOf(c).id) throw new ApiError(404, `Conversation ${id} not found`);
  return chat;
}
/** The labels of the team's organization, and a process's (as its answers show them). */
const orgLabels = (c: Context) => c.store.resources(LABELS, c.team.id, { orgId: c.team.organizationId ?? "" });
const assignedTo = (c: Context, id: string) => orgLabels(c).filter((label) => clarity(c.state).labels.get(id)?.includes(label.id));
const labelsOf = (c: Context, id: string) => assignedTo(c, id).map(({ id, value, colorHue }) => ({ id, value, colorHue, source: "human" as const }));
const assigned = (c: Context) => ({ labels: labelsOf(c, storedAt(c, "id").id) });
/** The organization's nodes, depth first (a node whose parent is not there is a root), from `rootId` when given. */
function treeOf(c: Context, rootId?: string): Json[] {
  const nodes = nodesOf(c);
  const shown: Json[] = [];
  const walk = (children: Json[], depth: number) => {
    for (const { description: _, ...node } of children.sort((a, b) => a.sortOrder - b.sortOrder)) {
      shown.push({ ...node, depth });
      const children = nodes.filter((child) => child.parentId === node.id);
      walk(children, depth + 1);
    }
  };
  const root = rootId && nodes.find((node) => node.id === rootId.toLowerCase());
  if (rootId && !root) throw new ApiError(404, `Node ${rootId} not found`);
  walk(root ? [root] : nodes.filter((node) => !nodes.some((parent) => parent.id === node.parentId)), 0);
  return shown;
}
/** A process as the landscape shows it. */
function processCard(c: Context, process: Json): Json {
  const document = capturesOf(c, process.id).length;
  const summary = liveOf(c, "current_process", process.id)?.data.summary ?? null;
  const counts = { captureCount: document, captureCounts: { video: 0, interview: 0, document }, contributors: [], people: [] };
  return { id: process.id, name: process.name, status: process.status, version: 2, summary, ...counts, updatedAt: process.updated_at, labels: labelsOf(c, process.id) };
}
const SUMMARY_STEP = "id title role system nodeType nodeSubtype condition readiness targetSteps";

export const CLARITY_PLUGINS: Plugins = {
  getClarityProcess: beforeStore((c) => {
    settle(c);
    return { captures: capturesOf(c, processOf(c).id).map(({ capture }) => capture) };
  }),
  getClarityProcessSnapshot: beforeStore(settle),
  listClarityProcessSnapshots: beforeStore(settle),
  saveClarityProcessSnapshot: async (c) => {
    const kind = c.params.kind!;
    const { steps, baselineSnapshotId, clarityCurrentProcessId, swot, summary, projectedImpact } = (await checkedRequest(c)).body as V.SaveClarityProcessSnapshotBody;
    const baseline = snapshotAt(c, kind, baselineSnapshotId);
    const data = { version: baseline.data.version + 1, steps, summary, ...(proposing(kind) ? { projectedImpact } : { swot }) };
    const source_snapshot_id = proposing(kind) ? (clarityCurrentProcessId ?? baseline.source_snapshot_id) : null;
    return ok({ snapshot: addSnapshot(c, kind, { parent_id: baseline.id, source_snapshot_id, data }) } as V.SaveClarityProcessSnapshotResponse, 201);
  },
  promoteClarityProcessSnapshot: (c) => {
    const snapshot = snapshotAt(c, c.params.kind!, c.params.snapshot_id!);
    if (snapshot.status === "generating") throw new ApiError(409, "This snapshot is still generating");
    for (const other of snapshotsOf(c, c.params.kind!)) if (other.status === "live") other.status = "historic";
    Object.assign(snapshot, { status: "live", updated_at: now(c) });
    return ok({ snapshot } as V.PromoteClarityProcessSnapshotResponse);
  },
  // From the snapshot named, else the live one (a proposal: from the live current process).
  generateClarityProcessSnapshot: async (c) => {
    const kind = c.params.kind!;
    const { source_snapshot_id, regenerate_from, custom_guidance } = (await checkedRequest(c)).body as V.GenerateClarityProcessSnapshotBody;
    if (snapshotsOf(c, kind).some((snapshot) => snapshot.status === "generating")) throw new ApiError(409, "A snapshot of this kind is already generating");
    const current = source_snapshot_id ? snapshotAt(c, "current_process", source_snapshot_id) : liveOf(c, "current_process");
    const from = regenerate_from ? snapshotAt(c, kind, regenerate_from) : (liveOf(c, kind) ?? current);
    if (proposing(kind) && !current) throw new ApiError(409, "The process has no current process to propose a transformation of");
    const data = { version: 1, steps: structuredClone(from?.data.steps ?? []), summary: custom_guidance ?? from?.data.summary ?? null };
    const fields = { status: "generating", creator_type: "ai", user_id: null, parent_id: liveOf(c, kind)?.id, source_snapshot_id: proposing(kind) ? current!.id : null, data };
    addSnapshot(c, kind, fields);
    processOf(c).status = proposing(kind) ? "generating-transformation-proposal" : "generating-current-process";
    return ok({ success: true } satisfies V.GenerateClarityProcessSnapshotResponse, 202);
  },
  stopClarityProcessSnapshot: (c) => {
    const generating = snapshotsOf(c, c.params.kind!).find((snapshot) => snapshot.status === "generating");
    if (!generating) throw new ApiError(409, "Nothing of this kind is generating");
    c.store.delete(SNAPSHOTS, generating.id);
    processOf(c).status = "review";
    return ok({ success: true } satisfies V.StopClarityProcessSnapshotResponse);
  },
  postprocessClaritySnapshot: async (c) => {
    const body = (await checkedRequest(c)).body as V.PostprocessClaritySnapshotBody;
    snapshotAt(c, body.type, body.type === "current_process" ? body.current_process_id : body.transformation_proposal_id).updated_at = now(c);
    return ok({ success: true } satisfies V.PostprocessClaritySnapshotResponse, 202);
  },
  // One automation run per process, and one invite link: asking again answers the same one (kept on the process, where answers do not show them).
  buildClarityAutomation: (c) => {
    const process = processOf(c);
    process.automation_run_id ??= crypto.randomUUID();
    return ok({ automation_run: { id: process.automation_run_id, status: "generating" } } satisfies V.BuildClarityAutomationResponse, 202);
  },
  createClarityInviteLink: (c) => {
    const [process, id, created_by] = [processOf(c), crypto.randomUUID(), { id: c.team.user.id, email: c.team.user.email }];
    process.invite_link ??= { id, url: `${c.url.origin}/clarity/invite/${id}`, created_at: now(c), created_by };
    return ok({ invite_link: process.invite_link } satisfies V.CreateClarityInviteLinkResponse, 201);
  },
  listClarityExtraCaptureRequests: async (c) => {
    const { page, ...counts } = pageOf(c, await checkedQuery(c), requestsOf(c));
    return ok({ requests: page, ...counts } as V.ListClarityExtraCaptureRequestsResponse);
  },
  assignClarityExtraCaptureRequest: async (c) => {
    const { user_id } = (await checkedRequest(c)).body as V.AssignClarityExtraCaptureRequestBody;
    const request = requestsOf(c).find((candidate) => candidate.id === c.params.request_id);
    if (!request) throw new ApiError(404, `Extra capture request ${c.params.request_id} not found`);
    const changes = { ...clarity(c.state).requests.get(request.id), requested_user_id: user_id, updated_at: now(c) };
    clarity(c.state).requests.set(request.id, changes);
    return ok({ request: { ...request, ...changes } } as V.AssignClarityExtraCaptureRequestResponse);
  },
  // The upload URL is the emulator's storage; completing needs the file there.
  createClarityArtifactImportUploadUrl: async (c) => {
    const { extra_capture_request_id: requestId } = (await checkedRequest(c)).body as V.CreateClarityArtifactImportUploadUrlBody;
    const [capture_id, upload] = [crypto.randomUUID(), { processId: processOf(c).id, requestId, uploaded: false }];
    clarity(c.state).uploads.set(capture_id, upload);
    const signed_url = presign(c.state, c.url.origin, { method: "PUT", store: () => void (upload.uploaded = true) }, 900);
    return ok({ signed_url, capture_id, expires_at: iso(c.state.now() + 900e6) } satisfies V.CreateClarityArtifactImportUploadUrlResponse);
  },
  completeClarityArtifactImport: async (c) => {
    const { file_name } = (await checkedRequest(c)).body as V.CompleteClarityArtifactImportBody;
    const [{ uploads, captures, requests }, id, at] = [clarity(c.state), c.params.capture_id!, now(c)];
    const upload = uploads.get(id);
    if (!upload || upload.processId !== processOf(c).id) throw new ApiError(404, `Capture ${id} not found`);
    if (!upload.uploaded) throw new ApiError(400, "Upload the file to the signed URL first");
    uploads.delete(id);
    const keys = "id processId userId userName type videoUrl videoTranscript documentFileName transcript status createdAt updatedAt";
    const user = { userId: c.team.user.id, userName: c.team.user.name };
    const capture = record(keys, { id, processId: upload.processId, ...user, type: "document", documentFileName: file_name, status: "complete" });
    captures.push({ teamId: c.team.id, capture: Object.assign(capture, { createdAt: at, updatedAt: at }) });
    if (upload.requestId) requests.set(upload.requestId, { ...requests.get(upload.requestId), capture_id: id, status: "captured", updated_at: at });
    return ok({ capture } as V.CompleteClarityArtifactImportResponse);
  },
  listClarityArtifactChatConversations: async (c) => {
    const { snapshot_kind } = await checkedQuery(c);
    const chats = [...clarity(c.state).chats.values()].filter(({ conversation }) => conversation.process_id === processOf(c).id && conversation.snapshot_kind === snapshot_kind);
    return ok({ conversations: chats.map(({ conversation }) => conversation) } as V.ListClarityArtifactChatConversationsResponse);
  },
  getClarityArtifactChatMessages: (c) => ok({ ...chatOf(c, c.params.conversation_id!) } as V.GetClarityArtifactChatMessagesResponse),
  // A text message is answered with a patch that would make it the snapshot's summary; answers are kept as sent.
  postClarityV2ProcessesArtifactChatMessages: async (c) => {
    const { conversation_id, snapshot_kind, baseline_snapshot_id, content, answers } = (await checkedRequest(c)).body as V.PostClarityV2ProcessesArtifactChatMessagesBody;
    const baseline = snapshotAt(c, snapshot_kind, baseline_snapshot_id);
    if (content === undefined && answers === undefined) throw new ApiError(400, "Send content or answers");
    const [id, at, keys] = [crypto.randomUUID(), now(c), "id user_id process_id snapshot_kind title sandbox_id session_id status created_at updated_at deleted_at"];
    const fresh = record(keys, { id, user_id: c.team.user.id, process_id: processOf(c).id, snapshot_kind, title: content?.slice(0, 80), created_at: at });
    const chat = conversation_id ? chatOf(c, conversation_id) : { conversation: fresh, messages: [] };
    clarity(c.state).chats.set(chat.conversation.id, chat);
    const message = { conversation_id: chat.conversation.id, baseline_snapshot_id: baseline.id, created_at: at, updated_at: at };
    const say = (role: string, body: Json) => ({ id: crypto.randomUUID(), role, kind: body.kind, body, ...message });
    const sent = say("user", content === undefined ? { kind: "hitl_answer", answers } : { kind: "text", text: content });
    const patch = [{ op: "replace", path: "/summary", value: content }];
    const proposed = say("assistant", { kind: "patch", status: "pending", summary: "Use this as the summary", patch, snapshot_id: null });
    chat.messages.push(sent, ...(content === undefined ? [] : [proposed]));
    Object.assign(chat.conversation, { status: content === undefined ? "open" : "waiting_for_patch", updated_at: at });
    return ok({ conversation: chat.conversation, message: sent } as V.PostClarityV2ProcessesArtifactChatMessagesResponse);
  },
  // Accepting a pending patch makes a draft snapshot of its baseline with the patch applied.
  putClarityV2ProcessesArtifactChatMessages: async (c) => {
    const { decision } = (await checkedRequest(c)).body as V.PutClarityV2ProcessesArtifactChatMessagesBody;
    const [id, chats] = [c.params.message_id, [...clarity(c.state).chats.values()]];
    const chat = chats.find(({ conversation, messages }) => conversation.process_id === processOf(c).id && messages.some((m) => m.id === id));
    const message = chat?.messages.find((m) => m.id === id);
    if (!chat || !message) throw new ApiError(404, `Message ${id} not found`);
    if (message.kind !== "patch" || message.body.status !== "pending") throw new ApiError(409, "This message is no pending patch");
    if (decision === "accept") {
      const [kind, baseline] = [chat.conversation.snapshot_kind, snapshotAt(c, chat.conversation.snapshot_kind, message.baseline_snapshot_id)];
      const data = { ...structuredClone(baseline.data), summary: message.body.patch[0].value };
      message.body.snapshot_id = addSnapshot(c, kind, { parent_id: baseline.id, source_snapshot_id: baseline.source_snapshot_id, data }).id;
    }
    message.body.status = decision === "accept" ? "accepted" : "declined";
    Object.assign(chat.conversation, { status: "open", updated_at: now(c) });
    return ok({ conversation: chat.conversation, message } as V.PutClarityV2ProcessesArtifactChatMessagesResponse);
  },
  // Each process with its live current process (summary, SWOT, roles, systems) and live proposal.
  listClarityProcessSummaries: async (c) => {
    const { page, ...counts } = pageOf(c, await checkedQuery(c), c.store.list(PROCESSES, c.team.id, {}));
    const summaries = page.map(({ resource: { id, name, status, created_at, updated_at } }) => {
      const [current, proposal] = [liveOf(c, "current_process", id)?.data ?? {}, liveOf(c, "transformation_proposal", id)?.data];
      const unique = (key: string) => [...new Set((current.steps ?? []).flatMap((step: Json) => (step[key] ? [step[key]] : [])))];
      const proposed = proposal && { ...record("summary projectedImpact", proposal), steps: proposal.steps.map((step: Json) => record(SUMMARY_STEP, step)) };
      const shown = { current: record("summary swot", current), proposal: proposed ?? null, roles: unique("role"), systems: unique("system") };
      return { id, name, status, created_at, updated_at, ...shown };
    });
    return ok({ processes: summaries, ...counts } as V.ListClarityProcessSummariesResponse);
  },
  getClarityProcessTree: async (c) => ok({ nodes: treeOf(c, (await checkedQuery(c)).rootId), truncated: false } as C.GetClarityProcessTreeResponse),
  // A node moves under another (or to the top); never under itself or one of its own.
  setClarityLandscapeNodePlacement: async (c) => {
    const parentId = (await checkedRequest(c)).body.parentId?.toLowerCase() ?? null;
    const [node, nodes] = [storedAt(c, "nodeId"), nodesOf(c)];
    if (parentId && !nodes.some((parent) => parent.id === parentId)) throw new ApiError(404, `Node ${parentId} not found`);
    for (let above = parentId; above; above = nodes.find((parent) => parent.id === above)?.parentId) {
      if (above === node.id) throw new ApiError(409, "A node cannot go under itself or one of its own");
    }
    const { description: _, ...shown } = Object.assign(node, { parentId, updatedAt: now(c) });
    return ok(shown as C.SetClarityLandscapeNodePlacementResponse);
  },
  proposeClarityLandscapeProcess: async (c) => {
    const { name, description, parentId, teamId } = (await checkedRequest(c)).body as O.ProposeClarityLandscapeProcessBody;
    if (parentId) c.store.find(NODES, c.team.id, { orgId: c.params.orgId!, nodeId: parentId });
    const [keys, at] = ["id parentId processId name ownerLabel sortOrder existence contentConfirmedAt existenceConfirmedAt source createdAt updatedAt team", now(c)];
    const team = teamId && { id: teamId.toLowerCase(), name: teamId.toLowerCase() === c.team.id ? c.team.name : "" };
    const fields = { parentId: parentId?.toLowerCase(), name, sortOrder: 0, existence: "proposed", source: "human", createdAt: at, updatedAt: at, team };
    const node = record(keys, { id: crypto.randomUUID(), ...fields });
    c.store.seed(NODES, c.team.id, { ...node, description }, { orgId: c.params.orgId! });
    return ok(node as O.ProposeClarityLandscapeProcessResponse, 201);
  },
  // The tree with each node's process and labels, the links, and the team's processes no node names.
  getClarityProcessLandscape: async (c) => {
    const [processes, stored] = [c.store.resources(PROCESSES, c.team.id), nodesOf(c)];
    const nodes = treeOf(c, (await checkedQuery(c)).rootId).map(({ team: _, ...node }: Json) => {
      const { labels, ...process } = processCard(c, processes.find((candidate) => candidate.id === node.processId) ?? { id: node.processId });
      const proposedSummary = node.existence === "proposed" ? (stored.find((kept) => kept.id === node.id)?.description ?? null) : null;
      return { ...node, process: process.name ? process : null, proposedSummary, labels: node.processId ? labels : [] } as Json;
    });
    const linkOf = (link: Json) => ({ ...record("id type state confidence rationale", link), sourceNodeId: link.source_node_id, targetNodeId: link.target_node_id });
    const links = c.store.list(LINKS, c.team.id, { orgId: c.params.orgId! }).map(({ resource }) => linkOf(resource));
    const unlinked = processes.filter((process) => !nodes.some((node) => node.processId === process.id));
    const unlinkedProcesses = unlinked.map((process) => ({ ...processCard(c, process), teamId: c.team.id, teamName: c.team.name }));
    const count = (test: (node: Json) => boolean) => nodes.filter(test).length;
    const times = nodes.map((node): string => node.updatedAt).sort();
    const stats = { totalNodes: nodes.length, processNodes: count((node) => node.processId), proposedNodes: count((node) => node.existence === "proposed") };
    const status = clarity(c.state).generatedLandscapes.has(c.params.orgId!) ? "completed" : "idle";
    const generation = { eligibleCaptureCount: capturesOf(c).length, eligibleProcessCount: processes.length, status };
    Object.assign(stats, { unsortedProcesses: unlinked.length, latestUpdatedAt: times.at(-1) ?? null });
    return ok({ nodes, links, unlinkedProcesses, stats, generation, truncated: false } as O.GetClarityProcessLandscapeResponse);
  },
  // The team's captures (those imported), each with the node of its process.
  listClarityLandscapeCaptures: async (c) => {
    const [{ limit = 50, includeTranscripts }, nodes, captures] = [await checkedQuery(c), nodesOf(c), capturesOf(c)];
    const shown = captures.slice(0, limit).map(({ capture }) => ({
      ...{ id: capture.id, scope: "team", type: "document", title: capture.documentFileName, organizationId: c.team.organizationId, organizationName: null },
      ...{ teamId: c.team.id, teamName: c.team.name, processNodeId: nodes.find((node) => node.processId === capture.processId)?.id ?? null },
      ...{ createdAt: capture.createdAt, transcriptMessageCount: 0, ...(includeTranscripts === "true" ? { transcript: [] } : {}) },
    }));
    return ok({ captures: shown, total: captures.length, truncated: captures.length > limit } as O.ListClarityLandscapeCapturesResponse);
  },
  // Generating the landscape finishes at once; the landscape then shows it completed.
  generateClarityProcessLandscape: (c) => {
    clarity(c.state).generatedLandscapes.add(c.params.orgId!);
    const eligible = { eligibleCaptureCount: capturesOf(c).length, eligibleProcessCount: c.store.list(PROCESSES, c.team.id, {}).length };
    return ok({ started: true, generationId: crypto.randomUUID(), ...eligible } satisfies O.GenerateClarityProcessLandscapeResponse, 202);
  },
  listClarityProcessAssignedLabels: (c) => ok(assigned(c) satisfies C.ListClarityProcessAssignedLabelsResponse),
  // Labels named by id must be the organization's; labels named by value are found or made.
  assignClarityProcessLabels: async (c) => {
    const [{ id }, all] = [storedAt(c, "id"), orgLabels(c)];
    const { labelIds = [], labels = [] } = (await checkedRequest(c)).body as C.AssignClarityProcessLabelsBody;
    const ids = labelIds.map((labelId) => c.store.find(LABELS, c.team.id, { orgId: c.team.organizationId ?? "", labelId }).id);
    for (const { value, colorHue = 210 } of labels) {
      let label = all.find((candidate) => candidate.value.toLowerCase() === value.toLowerCase());
      if (!label) all.push((label = { id: crypto.randomUUID(), value, colorHue, processCount: 0 }));
      c.store.seed(LABELS, c.team.id, label, { orgId: c.team.organizationId ?? "" });
      ids.push(label.id);
    }
    const mine = clarity(c.state).labels.get(id) ?? [];
    for (const labelId of new Set(ids)) if (!mine.includes(labelId) && mine.push(labelId)) all.find((label) => label.id === labelId)!.processCount++;
    clarity(c.state).labels.set(id, mine);
    return ok(assigned(c) satisfies C.AssignClarityProcessLabelsResponse);
  },
  unlinkClarityProcessLabels: async (c) => {
    const { id } = storedAt(c, "id");
    const unlinked = new Set(((await checkedRequest(c)).body as C.UnlinkClarityProcessLabelsBody).labelIds.map((labelId) => labelId.toLowerCase()));
    for (const label of assignedTo(c, id)) if (unlinked.has(label.id)) label.processCount--;
    const kept = (clarity(c.state).labels.get(id) ?? []).filter((labelId) => !unlinked.has(labelId));
    clarity(c.state).labels.set(id, kept);
    return ok(assigned(c) satisfies C.UnlinkClarityProcessLabelsResponse);
  },
  listAvailableClarityProcessLabels: async (c) => {
    const [query, taken] = [await checkedQuery(c), new Set(assigned(c).labels.map((label) => label.id))];
    const available = orgLabels(c).filter((label) => !taken.has(label.id) && label.value.toLowerCase().includes((query.search ?? "").toLowerCase()));
    const { page, ...counts } = pageOf(c, query, available);
    return ok({ data: page.map((label) => record("id value colorHue processCount", label)), ...counts } as C.ListAvailableClarityProcessLabelsResponse);
  },
};
