/**
 * Pulse dashboards, beyond what the store does for them: dashboards are resources of the store
 * (created, listed, renamed, deleted there); this module adds a dashboard's work: it generates
 * in the background (one step per read), serves its page as HTML and its PDF as bytes, and
 * refreshes on demand, failing with its reason in an assistant message when its prompt asks for
 * it ("fail") or never finishing ("forever"). A message sent is answered at once with a new
 * version; stopping interrupts a refresh; publishing, duplicating, restoring a version and moving
 * to another team of the organization change what the dashboard's reads show.
 */
import type * as P from "../../api/generated/duvo-pulse.ts";
import { TEAMS } from "../fixtures.ts";
import { ApiError, beforeStore, now, bytes, checkedQuery, checkedRequest, familyAt, html, ok, storedAt, worldSlot, type Context, type Plugins } from "../kernel.ts";

type Artifact = P.GetPulseDashboardResponse["artifact"];
type Message = P.ListPulseDashboardMessagesResponse["data"][number];

/** A dashboard's work, beside its resource in the store. */
interface Work {
  prompt: string;
  messages: Message[];
  versions: { id: string; version: number; html: string; created_at: string; restored_from?: number }[];
  /** Reads left before the work in progress ends (Infinity: it never does), and how it ends. */
  readsLeft: number;
  outcome: "completed" | "failed";
}

const works = worldSlot(() => new Map<string, Work>());
const DASHBOARDS = "/v2/artifacts/{artifactId}";

/** The dashboard the path names (a 404 otherwise) and its work, begun on first sight: the first generation is done at once. */
function dashboardOf(c: Context): { artifact: Artifact; work: Work } {
  const artifact = storedAt(c, "artifactId") as Artifact;
  let work = works(c.state).get(artifact.id);
  if (!work) {
    const prompt = artifact.title ?? "";
    const first: Message = { id: crypto.randomUUID(), artifact_id: artifact.id, author_user_id: c.team.user.id, role: "user", content: prompt, created_at: artifact.created_at };
    work = { prompt, messages: [first], versions: [], readsLeft: 1, outcome: "completed" };
    works(c.state).set(artifact.id, work);
    artifact.status = "running";
    step(c, artifact, work);
  }
  return { artifact, work };
}

/** One step of the work in progress: at its end, a new version (or the failure and its reason). */
function step(c: Context, artifact: Artifact, work: Work): void {
  if (artifact.status !== "running" || --work.readsLeft > 0) return;
  const at = now(c);
  if (work.outcome === "failed") {
    artifact.status = "failed";
    say(work, artifact, at, "Refreshing failed: the data source answered 503 Service Unavailable.");
  } else {
    artifact.status = "completed";
    const version = work.versions.length + 1;
    const page = `<!doctype html>\n<html><head><title>${Bun.escapeHTML(artifact.title ?? "")}</title></head>\n<body><h1>${Bun.escapeHTML(work.prompt)}</h1><p>Version ${version} · café ☕</p></body></html>\n`;
    work.versions.push({ id: crypto.randomUUID(), version, html: page, created_at: at });
    artifact.html_code_present = true;
    artifact.last_refresh_at = at;
    say(work, artifact, at, `Version ${version} is ready.`);
  }
  artifact.updated_at = at;
}

function say(work: Work, artifact: Artifact, at: string, content: string): void {
  work.messages.push({ id: crypto.randomUUID(), artifact_id: artifact.id, author_user_id: null, role: "assistant", content, created_at: at });
}

function versionOf(c: Context, work: Work): Work["versions"][number] {
  const version = work.versions.find((candidate) => candidate.id === c.params.revisionId!);
  if (!version) throw new ApiError(404, "No such version");
  return version;
}

function idle(artifact: Artifact): void {
  if (artifact.status === "running") throw new ApiError(409, "This dashboard is already working");
}

function latestHtml(work: Work): string {
  const latest = work.versions.at(-1);
  if (!latest) throw new ApiError(404, "This dashboard has no HTML yet");
  return latest.html;
}

/** A PDF's bytes: a header, the page's text, then ~300 KB of every byte value (so nothing may treat it as text). */
function pdfOf(page: string, theme: string): Uint8Array {
  const head = new TextEncoder().encode(`%PDF-1.7\n% theme: ${theme}\n% ${page.length} characters of HTML\n`);
  const filler = new Uint8Array(300 * 1024);
  let seed = page.length * 31 + theme.length;
  for (let i = 0; i < filler.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    filler[i] = seed >>> 24;
  }
  const tail = new TextEncoder().encode("\n%%EOF\n");
  return new Uint8Array([...head, ...filler, ...tail]);
}

export const PULSE_PLUGINS: Plugins = {
  // A dashboard's first generation is done by its first read; each read advances the work in progress.
  getPulseDashboard: beforeStore((c) => {
    const { artifact, work } = dashboardOf(c);
    step(c, artifact, work);
  }),

  refreshPulseDashboard: (c) => {
    const { artifact, work } = dashboardOf(c);
    idle(artifact);
    artifact.status = "running";
    work.readsLeft = /\bforever\b/i.test(work.prompt) ? Infinity : 2;
    work.outcome = /\bfail/i.test(work.prompt) ? "failed" : "completed";
    return ok({ ...artifact } satisfies P.RefreshPulseDashboardResponse);
  },

  listPulseDashboardMessages: async (c) => {
    const { work } = dashboardOf(c);
    const { limit = 50, before } = await checkedQuery(c);
    const end = before === undefined ? work.messages.length : work.messages.findIndex((message) => message.id === before);
    if (end === -1) throw new ApiError(404, "No such message");
    const start = Math.max(0, end - limit);
    return ok({ data: work.messages.slice(start, end), total: work.messages.length, has_more: start > 0 } satisfies P.ListPulseDashboardMessagesResponse);
  },

  listPulseDashboardVersions: (c) => {
    const { artifact, work } = dashboardOf(c);
    const revisions = work.versions.map((version, index) => ({
      id: version.id,
      artifact_id: artifact.id,
      version: version.version,
      parent_revision_id: work.versions[index - 1]?.id ?? null,
      restored_from_version: version.restored_from ?? null,
      created_at: version.created_at,
    }));
    const current = revisions.at(-1);
    return ok({
      revisions,
      total: revisions.length,
      current_revision_id: current?.id ?? null,
      current_version: current?.version ?? null,
    } satisfies P.ListPulseDashboardVersionsResponse);
  },

  getPulseDashboardHtml: (c) => html(latestHtml(dashboardOf(c).work)),

  getPulseDashboardVersionHtml: (c) => html(versionOf(c, dashboardOf(c).work).html),
  exportPulseDashboardHtml: async (c) => {
    const { theme = "light" } = await checkedQuery(c);
    return html(latestHtml(dashboardOf(c).work).replace("<html>", `<html data-theme="${theme}">`));
  },
  publishPulseDashboard: async (c) => {
    const [{ artifact }, { visibility, permission }] = [dashboardOf(c), (await checkedRequest(c)).body as P.PublishPulseDashboardBody];
    Object.assign(artifact, { visibility, publish_permission: permission ?? artifact.publish_permission, updated_at: now(c) });
    return ok({ ...artifact } satisfies P.PublishPulseDashboardResponse);
  },
  // A new dashboard of the team with the original's versions (not its conversation), private to its maker.
  duplicatePulseDashboard: (c) => {
    const [{ artifact, work }, id, at] = [dashboardOf(c), crypto.randomUUID(), now(c)];
    idle(artifact);
    const fields = { id, visibility: "private" as const, created_by_user_id: c.team.user.id, created_at: at, updated_at: at };
    const copy: Artifact = { ...artifact, ...fields, title: `${artifact.title ?? "Untitled"} (copy)` };
    c.store.seed(DASHBOARDS, c.team.id, copy);
    works(c.state).set(id, { ...structuredClone(work), messages: [], versions: work.versions.map((version) => ({ ...version, id: crypto.randomUUID() })) });
    return ok({ ...copy } satisfies P.DuplicatePulseDashboardResponse, 201);
  },
  // The message becomes the prompt, and the work it asks for is done at once: a new version.
  sendPulseDashboardMessage: async (c) => {
    const { artifact, work } = dashboardOf(c);
    const { message, from_revision_id, selected_element } = (await checkedRequest(c)).body as P.SendPulseDashboardMessageBody;
    idle(artifact);
    const [id, revision_id] = [crypto.randomUUID(), from_revision_id ?? work.versions.at(-1)?.id ?? null];
    const sent: Message = { id, artifact_id: artifact.id, author_user_id: c.team.user.id, role: "user", content: message, created_at: now(c), revision_id, selected_element };
    work.messages.push(sent);
    Object.assign(work, { prompt: message, readsLeft: 1, outcome: "completed" });
    artifact.status = "running";
    step(c, artifact, work);
    return ok({ user_message: sent } satisfies P.SendPulseDashboardMessageResponse);
  },
  stopPulseDashboardMessage: async (c) => {
    const [{ artifact, work }, { partial_text }] = [dashboardOf(c), (await checkedRequest(c)).body as P.StopPulseDashboardMessageBody];
    if (artifact.status === "running") Object.assign(artifact, { status: "interrupted", updated_at: now(c) });
    if (artifact.status === "interrupted" && partial_text) say(work, artifact, now(c), partial_text);
    return ok({ artifact: { ...artifact } } satisfies P.StopPulseDashboardMessageResponse);
  },
  // An answer is kept as the user's message (listed with the others); a question is answered once.
  answerPulseDashboardQuestion: async (c) => {
    const [{ artifact, work }, { toolCallId, answers }] = [dashboardOf(c), (await checkedRequest(c)).body as P.AnswerPulseDashboardQuestionBody];
    if (work.messages.some(({ message }) => (message as { toolCallId?: string })?.toolCallId === toolCallId)) throw new ApiError(409, "This question is already answered");
    const content = JSON.stringify(answers);
    const asked = { id: crypto.randomUUID(), artifact_id: artifact.id, author_user_id: c.team.user.id, role: "user" as const, created_at: now(c) };
    work.messages.push({ ...asked, content, message: { toolCallId, answers } });
    return ok({ ok: true } satisfies P.AnswerPulseDashboardQuestionResponse);
  },
  restorePulseDashboardVersion: (c) => {
    const { artifact, work } = dashboardOf(c);
    const from = versionOf(c, work);
    idle(artifact);
    const restored = { id: crypto.randomUUID(), version: work.versions.length + 1, html: from.html, created_at: now(c), restored_from: from.version };
    work.versions.push(restored);
    artifact.updated_at = now(c);
    return ok({ success: true, current_revision_id: restored.id, current_version: restored.version } satisfies P.RestorePulseDashboardVersionResponse);
  },
  // To another team of the organization: it becomes private there, and its connections are the target's to make again.
  movePulseDashboard: async (c) => {
    const { query, body } = await checkedRequest(c);
    const [record, target] = [c.store.find(familyAt(DASHBOARDS), c.team.id, c.params), TEAMS.find((team) => team.id === body.targetTeamId.toLowerCase())];
    if (!target || !c.team.organizationId || target.organizationId !== c.team.organizationId) throw new ApiError(403, "The target team is not in this organization");
    if (target.id === c.team.id) throw new ApiError(409, "The dashboard is already in that team");
    const [artifact, attached] = [record.resource as Artifact, familyAt(`${DASHBOARDS}/connections/{connectionId}`)];
    const connections = c.store.list(attached, c.team.id, { artifactId: artifact.id });
    const reconnect = ({ type, connection_id }: Record<string, any>) => ({ integrationType: type, integrationName: type, instanceName: connection_id });
    const disconnected = connections.map(({ resource }) => ({ ...reconnect(resource), decision: "needs_reconnect" }));
    const applied = String(query.dryRun ?? false) !== "true";
    const moved = { artifactId: artifact.id, artifactTitle: artifact.title, sourceTeamId: c.team.id, targetTeamId: target.id, ownershipReassigned: false };
    const answer = { ...moved, visibilityReset: artifact.visibility !== "private", connections: { reused: [], disconnected, customToRebuild: [] }, applied };
    if (applied) {
      for (const connection of connections) c.store.delete(attached, connection);
      record.teamId = target.id;
      Object.assign(artifact, { team_id: target.id, visibility: "private", updated_at: now(c) });
    }
    return ok(answer satisfies P.MovePulseDashboardResponse);
  },

  getPulseDashboardPdf: async (c) => {
    const { theme = "light" } = await checkedQuery(c);
    return bytes(pdfOf(latestHtml(dashboardOf(c).work), theme), "application/pdf");
  },
};
