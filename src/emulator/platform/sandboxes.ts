/**
 * Sandboxes (per-run staging) and team files, with their bytes: uploads go through presigned
 * URLs (storage.ts), so what a client uploaded can be compared byte for byte.
 */
import type * as F from "../../api/generated/files.ts";
import type * as S from "../../api/generated/sandboxes.ts";
import type { TeamFixture } from "../fixtures.ts";
import { iso, type EmulatorState } from "../state.ts";
import { presign } from "./storage.ts";
import { ApiError, checkedBody, ok, type Plugins, worldSlot } from "../kernel.ts";

const SANDBOX_LIFETIME_MS = 24 * 3600 * 1000;
const UPLOAD_URL_SECONDS = 3600;

export interface SandboxRecord {
  id: string;
  teamId: string;
  expiresMs: number;
  /** Absolute path → bytes. */
  files: Map<string, Uint8Array>;
}

interface TeamFile {
  id: string;
  path: string;
  bytes: Uint8Array;
  contentType: string;
  createdUs: number;
  updatedUs: number;
}

const store = worldSlot(() => ({
  sandboxes: new Map<string, SandboxRecord>(),
  /** team id → path → file */
  files: new Map<string, Map<string, TeamFile>>(),
}));

/** A sandbox of the emulator, for assertions (its files' bytes). */
export function sandboxOf(state: EmulatorState, id: string): SandboxRecord | undefined {
  return store(state).sandboxes.get(id);
}

function sandbox(state: EmulatorState, team: TeamFixture, id: string): SandboxRecord {
  const found = store(state).sandboxes.get(id);
  if (!found || found.teamId !== team.id || found.expiresMs < Date.now()) throw new ApiError(404, `Sandbox ${id} not found`);
  return found;
}

function normalisePath(path: string): string {
  const absolute = path.startsWith("/") ? path : `/workspace/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw new ApiError(400, "path must not contain ..");
    parts.push(part);
  }
  if (parts.length === 0) throw new ApiError(400, "path must name a file");
  return `/${parts.join("/")}`;
}

function teamFiles(state: EmulatorState, team: TeamFixture): Map<string, TeamFile> {
  const all = store(state).files;
  return all.get(team.id) ?? all.set(team.id, new Map()).get(team.id)!;
}

function teamFile(state: EmulatorState, team: TeamFixture, path: string): TeamFile {
  const file = teamFiles(state, team).get(path);
  if (!file) throw new ApiError(404, `File ${path} not found`);
  return file;
}

function putTeamFile(state: EmulatorState, team: TeamFixture, path: string, bytes: Uint8Array, contentType: string): void {
  const files = teamFiles(state, team);
  const now = state.now();
  const existing = files.get(path);
  if (existing) Object.assign(existing, { bytes, contentType, updatedUs: now });
  else files.set(path, { id: crypto.randomUUID(), path, bytes, contentType, createdUs: now, updatedUs: now });
}

/** When a URL made now for UPLOAD_URL_SECONDS expires. */
const expiry = () => new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString();

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-yaml|yaml|csv|javascript))/;

export const SANDBOX_PLUGINS: Plugins = {
  createSandbox: ({ state, team }) => {
    const record: SandboxRecord = { id: crypto.randomUUID(), teamId: team.id, expiresMs: Date.now() + SANDBOX_LIFETIME_MS, files: new Map() };
    store(state).sandboxes.set(record.id, record);
    return ok({ sandbox_id: record.id, expires_at: new Date(record.expiresMs).toISOString() } satisfies S.CreateSandboxResponse, 201);
  },

  /** A file sent in the request itself, as a multipart form: `file`, and `path` (else /workspace/<the file's name>). */
  uploadSandboxFile: async (c) => {
    const target = sandbox(c.state, c.team, c.params.sandbox_id!);
    const file = c.form?.get("file");
    if (typeof file !== "object" || file === null) throw new ApiError(400, "Send a multipart form with the file as `file` (and a `path`)");
    const path = normalisePath(String(c.form!.get("path") ?? file.name));
    const bytes = new Uint8Array(await file.arrayBuffer());
    target.files.set(path, bytes);
    return ok({ path, size_bytes: bytes.byteLength } satisfies S.UploadSandboxFileResponse, 201);
  },

  createSandboxUploadUrl: async (c) => {
    const target = sandbox(c.state, c.team, c.params.sandbox_id!);
    const body = await checkedBody<S.CreateSandboxUploadUrlBody>(c);
    const path = normalisePath(body.path);
    const upload_url = presign(c.state, c.url.origin, { method: "PUT", store: (bytes) => target.files.set(path, bytes) }, UPLOAD_URL_SECONDS);
    return ok({ upload_url, path, expires_in_seconds: UPLOAD_URL_SECONDS } satisfies S.CreateSandboxUploadUrlResponse);
  },

  listSandboxFiles: (c) => {
    const target = sandbox(c.state, c.team, c.params.sandbox_id!);
    const dir = (c.query.get("path") ?? "/workspace").replace(/\/+$/, "") || "";
    const entries = new Map<string, S.ListSandboxFilesResponse["files"][number]>();
    for (const [path, bytes] of target.files) {
      if (!path.startsWith(`${dir}/`)) continue;
      // A file in the folder, or a folder holding it (its size the sum of its files').
      const [name, ...below] = path.slice(dir.length + 1).split("/") as [string, ...string[]];
      const entryPath = `${dir}/${name}`;
      const size_bytes = bytes.byteLength + (below.length > 0 ? (entries.get(entryPath)?.size_bytes ?? 0) : 0);
      entries.set(entryPath, { name, path: entryPath, type: below.length > 0 ? "dir" : "file", size_bytes });
    }
    const files = [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
    return ok({ files } satisfies S.ListSandboxFilesResponse);
  },

  listFiles: ({ state, team }) => {
    const files = [...teamFiles(state, team).values()]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((file) => ({
        id: file.id,
        name: file.path.split("/").at(-1)!,
        path: file.path,
        created_at: iso(file.createdUs),
        updated_at: iso(file.updatedUs),
        metadata: { mimetype: file.contentType, size: file.bytes.byteLength },
      }));
    return ok({ files } satisfies F.ListFilesResponse);
  },

  createFileUploadUrl: async (c) => {
    const body = await checkedBody<F.CreateFileUploadUrlBody>(c);
    if (body.fileName.includes("/") || body.fileName.includes("..")) throw new ApiError(400, "fileName must be a plain file name");
    const keep = (bytes: Uint8Array, contentType: string | null) => putTeamFile(c.state, c.team, body.fileName, bytes, contentType ?? body.contentType);
    const signedUrl = presign(c.state, c.url.origin, { method: "PUT", store: keep }, UPLOAD_URL_SECONDS);
    return ok({ signedUrl, expiresAt: expiry(), filePath: body.fileName } satisfies F.CreateFileUploadUrlResponse);
  },

  getFileDownloadUrl: (c) => {
    const { path } = teamFile(c.state, c.team, c.params["*"]!);
    const url = presign(c.state, c.url.origin, { method: "GET", load: () => teamFiles(c.state, c.team).get(path) }, UPLOAD_URL_SECONDS);
    return ok({ url, expiresAt: expiry() } satisfies F.GetFileDownloadUrlResponse);
  },

  getFileContent: (c) => {
    const { path, bytes, contentType } = teamFile(c.state, c.team, c.params["*"]!);
    const content = TEXT_TYPES.test(contentType) ? new TextDecoder().decode(bytes) : Buffer.from(bytes).toString("base64");
    return ok({ content, path, contentType } satisfies F.GetFileContentResponse);
  },

  updateFileContent: async (c) => {
    const path = c.params["*"]!;
    const body = await checkedBody<F.UpdateFileContentBody>(c);
    const existing = teamFiles(c.state, c.team).get(path);
    putTeamFile(c.state, c.team, path, new TextEncoder().encode(body.content), existing?.contentType ?? "text/plain");
    return ok({ success: true } satisfies F.UpdateFileContentResponse);
  },

  renameFile: async (c) => {
    const body = await checkedBody<F.RenameFileBody>(c);
    if (body.newFilenameOnly.includes("/")) throw new ApiError(400, "newFilenameOnly must be a file name without a folder");
    const files = teamFiles(c.state, c.team);
    const file = teamFile(c.state, c.team, body.relativePath);
    const folder = body.relativePath.includes("/") ? body.relativePath.slice(0, body.relativePath.lastIndexOf("/") + 1) : "";
    const target = `${folder}${body.newFilenameOnly}`;
    if (target !== file.path && files.has(target)) throw new ApiError(400, `A file named ${body.newFilenameOnly} already exists`);
    files.delete(file.path);
    file.path = target;
    file.updatedUs = c.state.now();
    files.set(target, file);
    return ok({ success: true } satisfies F.RenameFileResponse);
  },

  deleteFile: (c) => {
    teamFiles(c.state, c.team).delete(teamFile(c.state, c.team, c.params["*"]!).path);
    return ok({ success: true } satisfies F.DeleteFileResponse);
  },
};
