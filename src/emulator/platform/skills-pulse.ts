/**
 * Skills and Pulse dashboards, as far as the commands of new kinds need them: a skill
 * uploaded as a multipart file, listed with the system skills, downloaded as a ZIP of its
 * SKILL.md; a dashboard that generates
 * in the background (one step per read), serves its page as HTML and its PDF as bytes, and
 * refreshes on demand, failing with its reason in an assistant message when its prompt asks
 * for it ("fail") or never finishing ("forever"). Self-contained: its own state per
 * emulator, handlers by operation id.
 */
import type * as P from "../../api/generated/duvo-pulse.ts";
import type * as S from "../../api/generated/skills.ts";
import { ApiError, ok, type Reply } from "../http.ts";
import type { Handler, RouteContext } from "../routes.ts";
import type { EmulatorState } from "../state.ts";
import { checkedBody, checkedQuery, pathParam } from "./common.ts";

type Artifact = P.GetPulseDashboardResponse["artifact"];
type Message = P.ListPulseDashboardMessagesResponse["data"][number];
type Skill = S.ListSkillsResponse["skills"][number];

interface Dashboard {
  artifact: Artifact;
  prompt: string;
  messages: Message[];
  versions: { id: string; version: number; html: string; created_at: string }[];
  /** Reads left before the work in progress ends (Infinity: it never does), and how it ends. */
  readsLeft: number;
  outcome: "completed" | "failed";
}

interface Store {
  skills: Map<string, Skill & { content: string }>;
  dashboards: Map<string, Dashboard>;
}

export const SYSTEM_SKILLS = [
  { id: "0b7c3f2e-1a4d-4e5f-9a6b-000000000001", name: "pdf", description: "Read, fill and create PDF documents" },
  { id: "0b7c3f2e-1a4d-4e5f-9a6b-000000000002", name: "xlsx", description: "Read and write Excel workbooks" },
] as const;

const stores = new WeakMap<EmulatorState, Store>();

function storeOf(state: EmulatorState): Store {
  let store = stores.get(state);
  if (!store) stores.set(state, (store = { skills: new Map(), dashboards: new Map() }));
  return store;
}

const now = () => new Date().toISOString();

function dashboardOf(c: RouteContext): Dashboard {
  const dashboard = storeOf(c.state).dashboards.get(pathParam(c, "artifactId"));
  if (!dashboard || dashboard.artifact.team_id !== c.team.id) throw new ApiError(404, "Dashboard not found");
  return dashboard;
}

/** One step of the work in progress: at its end, a new version (or the failure and its reason). */
function step(dashboard: Dashboard): void {
  const artifact = dashboard.artifact;
  if (artifact.status !== "running" || --dashboard.readsLeft > 0) return;
  const at = now();
  if (dashboard.outcome === "failed") {
    artifact.status = "failed";
    say(dashboard, "Refreshing failed: the data source answered 503 Service Unavailable.");
  } else {
    artifact.status = "completed";
    const version = dashboard.versions.length + 1;
    const html = `<!doctype html>\n<html><head><title>${escapeHtml(artifact.title ?? "")}</title></head>\n<body><h1>${escapeHtml(dashboard.prompt)}</h1><p>Version ${version} · café ☕</p></body></html>\n`;
    dashboard.versions.push({ id: crypto.randomUUID(), version, html, created_at: at });
    artifact.html_code_present = true;
    artifact.last_refresh_at = at;
    say(dashboard, `Version ${version} is ready.`);
  }
  artifact.updated_at = at;
}

function say(dashboard: Dashboard, content: string): void {
  dashboard.messages.push({ id: crypto.randomUUID(), artifact_id: dashboard.artifact.id, author_user_id: null, role: "assistant", content, created_at: now() });
}

/** A refresh: done after two reads; failing or never done when the prompt says so. */
function startWork(dashboard: Dashboard, reads: number, outcome: Dashboard["outcome"]): void {
  dashboard.artifact.status = "running";
  dashboard.readsLeft = reads;
  dashboard.outcome = outcome;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function latestHtml(dashboard: Dashboard): string {
  const latest = dashboard.versions.at(-1);
  if (!latest) throw new ApiError(404, "This dashboard has no HTML yet");
  return latest.html;
}

/** A PDF's bytes: a header, the page's text, then ~300 KB of every byte value (so nothing may treat it as text). */
function pdfOf(html: string, theme: string): Uint8Array {
  const head = new TextEncoder().encode(`%PDF-1.7\n% theme: ${theme}\n% ${html.length} characters of HTML\n`);
  const filler = new Uint8Array(300 * 1024);
  let seed = html.length * 31 + theme.length;
  for (let i = 0; i < filler.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    filler[i] = seed >>> 24;
  }
  const tail = new TextEncoder().encode("\n%%EOF\n");
  return new Uint8Array([...head, ...filler, ...tail]);
}

const page = (body: string): Reply => ({ status: 200, body, headers: { "content-type": "text/html; charset=utf-8" } });

export const SKILLS_PULSE_HANDLERS: Record<string, Handler> = {
  listSkills: ({ state, team }) => {
    const system = SYSTEM_SKILLS.map((skill) => ({ ...skill, team_id: null, updated_at: "2026-01-01T00:00:00.000Z", updated_by_user_id: null, updated_by_user_name: null, source: null, computer_use_backend: null }));
    const own = [...storeOf(state).skills.values()].filter((skill) => skill.team_id === team.id).map(({ content: _, ...skill }) => skill);
    return ok({ skills: [...own, ...system] } satisfies S.ListSkillsResponse);
  },

  listSystemSkills: () => ok({ skills: SYSTEM_SKILLS.map((skill) => ({ ...skill })) } satisfies S.ListSystemSkillsResponse),

  uploadSkill: async ({ state, team, body }) => {
    if (!(body instanceof FormData)) throw new ApiError(400, "Send the skill as multipart/form-data with a file part named \"file\"");
    const file = body.get("file");
    if (!file || typeof file === "string") throw new ApiError(400, "No file part named \"file\"");
    const text = await file.text();
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
    const field = (key: string) => frontMatter && new RegExp(`^${key}:\\s*(.+)$`, "m").exec(frontMatter)?.[1]?.trim();
    const name = field("name");
    const description = field("description");
    if (!name || !description) throw new ApiError(400, "SKILL.md needs front matter with name and description");
    const skills = storeOf(state).skills;
    const existing = [...skills.values()].find((skill) => skill.team_id === team.id && skill.name === name);
    const skill = {
      id: existing?.id ?? crypto.randomUUID(),
      name,
      description,
      team_id: team.id,
      updated_at: now(),
      updated_by_user_id: team.user.id,
      updated_by_user_name: team.user.name,
      source: null,
      computer_use_backend: null,
      content: text,
    };
    skills.set(skill.id, skill);
    return ok({ skill: { id: skill.id, name, description, team_id: team.id } } satisfies S.UploadSkillResponse, existing ? 200 : 201);
  },

  downloadSkill: (c) => {
    const id = pathParam(c, "skill_id");
    if (SYSTEM_SKILLS.some((skill) => skill.id === id)) throw new ApiError(403, "Only custom (team-owned) skills can be downloaded");
    const skill = storeOf(c.state).skills.get(id);
    if (!skill || skill.team_id !== c.team.id) throw new ApiError(404, "Skill not found");
    const archive = zipOf([{ name: "SKILL.md", content: new TextEncoder().encode(skill.content) }]);
    return { status: 200, body: archive, headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${skill.name}.zip"` } };
  },

  createPulseDashboard: async (c) => {
    const { message } = await checkedBody<P.CreatePulseDashboardBody>(c);
    const at = now();
    const id = crypto.randomUUID();
    const artifact: Artifact = {
      id,
      team_id: c.team.id,
      created_by_user_id: c.team.user.id,
      title: message.slice(0, 60),
      html_code_present: false,
      status: "running",
      visibility: "private",
      publish_permission: "view",
      thumbnail_url: null,
      refresh_frequency: null,
      last_refresh_at: null,
      next_refresh_at: null,
      created_at: at,
      updated_at: at,
    };
    const userMessage: Message = { id: crypto.randomUUID(), artifact_id: id, author_user_id: c.team.user.id, role: "user", content: message, created_at: at };
    const dashboard: Dashboard = { artifact, prompt: message, messages: [userMessage], versions: [], readsLeft: 0, outcome: "completed" };
    storeOf(c.state).dashboards.set(id, dashboard);
    // The first generation is done at once, whatever the prompt says: a page to show and to refresh.
    startWork(dashboard, 1, "completed");
    step(dashboard);
    return ok({ artifact_id: id, user_message: userMessage } satisfies P.CreatePulseDashboardResponse, 201);
  },

  getPulseDashboard: (c) => {
    const dashboard = dashboardOf(c);
    step(dashboard);
    return ok({ artifact: { ...dashboard.artifact }, is_creator: true, can_edit: true } satisfies P.GetPulseDashboardResponse);
  },

  refreshPulseDashboard: (c) => {
    const dashboard = dashboardOf(c);
    if (dashboard.artifact.status === "running") throw new ApiError(409, "This dashboard is already working");
    startWork(dashboard, /\bforever\b/i.test(dashboard.prompt) ? Infinity : 2, /\bfail/i.test(dashboard.prompt) ? "failed" : "completed");
    return ok({ ...dashboard.artifact } satisfies P.RefreshPulseDashboardResponse);
  },

  listPulseDashboardMessages: async (c) => {
    const dashboard = dashboardOf(c);
    const { limit = 50, before } = await checkedQuery(c);
    const end = before === undefined ? dashboard.messages.length : dashboard.messages.findIndex((message) => message.id === before);
    if (end === -1) throw new ApiError(404, "No such message");
    const start = Math.max(0, end - limit);
    return ok({ data: dashboard.messages.slice(start, end), total: dashboard.messages.length, has_more: start > 0 } satisfies P.ListPulseDashboardMessagesResponse);
  },

  listPulseDashboardVersions: (c) => {
    const dashboard = dashboardOf(c);
    const revisions = dashboard.versions.map((version, index) => ({
      id: version.id,
      artifact_id: dashboard.artifact.id,
      version: version.version,
      parent_revision_id: dashboard.versions[index - 1]?.id ?? null,
      restored_from_version: null,
      created_at: version.created_at,
    }));
    const current = revisions.at(-1);
    return ok({ revisions, total: revisions.length, current_revision_id: current?.id ?? null, current_version: current?.version ?? null } satisfies P.ListPulseDashboardVersionsResponse);
  },

  getPulseDashboardHtml: (c) => page(latestHtml(dashboardOf(c))),

  getPulseDashboardVersionHtml: (c) => {
    const version = dashboardOf(c).versions.find((candidate) => candidate.id === pathParam(c, "revisionId"));
    if (!version) throw new ApiError(404, "No such version");
    return page(version.html);
  },

  getPulseDashboardPdf: async (c) => {
    const { theme = "light" } = await checkedQuery(c);
    return { status: 200, body: pdfOf(latestHtml(dashboardOf(c)), theme), headers: { "content-type": "application/pdf" } };
  },
};

/** A ZIP archive of `files`, stored without compression (what `unzip` and every library read). */
function zipOf(files: { name: string; content: Uint8Array }[]): Uint8Array {
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = new TextEncoder().encode(file.name);
    const crc = Bun.hash.crc32(file.content);
    const header = (signature: number, size: number) => {
      const view = new DataView(new ArrayBuffer(size));
      view.setUint32(0, signature, true);
      return view;
    };
    const entry = header(0x04034b50, 30);
    entry.setUint16(4, 20, true);
    entry.setUint32(14, crc, true);
    entry.setUint32(18, file.content.length, true);
    entry.setUint32(22, file.content.length, true);
    entry.setUint16(26, name.length, true);
    local.push(new Uint8Array(entry.buffer), name, file.content);
    const record = header(0x02014b50, 46);
    record.setUint16(4, 20, true);
    record.setUint16(6, 20, true);
    record.setUint32(16, crc, true);
    record.setUint32(20, file.content.length, true);
    record.setUint32(24, file.content.length, true);
    record.setUint16(28, name.length, true);
    record.setUint32(42, offset, true);
    central.push(new Uint8Array(record.buffer), name);
    offset += 30 + name.length + file.content.length;
  }
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...local, ...central, new Uint8Array(end.buffer)]));
}
