/**
 * Pulse dashboards, beyond what the store does for them: dashboards are resources of the store
 * (created, listed, renamed, deleted there); this module adds a dashboard's work: it generates
 * in the background (one step per read), serves its page as HTML and its PDF as bytes, and
 * refreshes on demand, failing with its reason in an assistant message when its prompt asks for
 * it ("fail") or never finishing ("forever").
 */
import type * as P from "../../api/generated/duvo-pulse.ts";
import { ApiError, beforeStore, bytes, checkedQuery, html, ok, pathParam, storedAt, worldSlot, type Context, type Plugins } from "../kernel.ts";
import { iso } from "../state.ts";

type Artifact = P.GetPulseDashboardResponse["artifact"];
type Message = P.ListPulseDashboardMessagesResponse["data"][number];

/** A dashboard's work, beside its resource in the store. */
interface Work {
  prompt: string;
  messages: Message[];
  versions: { id: string; version: number; html: string; created_at: string }[];
  /** Reads left before the work in progress ends (Infinity: it never does), and how it ends. */
  readsLeft: number;
  outcome: "completed" | "failed";
}

const works = worldSlot(() => new Map<string, Work>());

const now = (c: Context) => iso(c.state.now());

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
    const page = `<!doctype html>\n<html><head><title>${escapeHtml(artifact.title ?? "")}</title></head>\n<body><h1>${escapeHtml(work.prompt)}</h1><p>Version ${version} · café ☕</p></body></html>\n`;
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
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
    if (artifact.status === "running") throw new ApiError(409, "This dashboard is already working");
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
      restored_from_version: null,
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

  getPulseDashboardVersionHtml: (c) => {
    const version = dashboardOf(c).work.versions.find((candidate) => candidate.id === pathParam(c, "revisionId"));
    if (!version) throw new ApiError(404, "No such version");
    return html(version.html);
  },

  getPulseDashboardPdf: async (c) => {
    const { theme = "light" } = await checkedQuery(c);
    return bytes(pdfOf(latestHtml(dashboardOf(c).work), theme), "application/pdf");
  },
};
