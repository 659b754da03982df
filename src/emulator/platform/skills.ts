/**
 * Skills: a skill is a folder of files with SKILL.md at its root, whose front matter gives its
 * name and description. Skills are resources of the store (listed, read and deleted there), each
 * keeping its files beside the fields the answers show. System skills are fixtures of no team (in
 * every team's list, readable by every team, never changed, downloaded or deleted). A team's
 * skills come from a JSON create (SKILL.md written from the fields) or an upload (multipart part
 * "file": a SKILL.md, or a ZIP with SKILL.md at its root), the same name replacing the team's
 * skill (answered 200, a new one 201); their files are listed, read and rewritten; they download
 * as a real ZIP of every file, and are assigned to the agents whose live revision names them in
 * `config.data.skills`.
 */
import { inflateRawSync } from "node:zlib";
import type * as S from "../../api/generated/skills.ts";
import { zip } from "../../output/zip.ts";
import { ApiError, beforeStore, now, bytes, checkedBody, familyAt, ok, storedAt, type Context, type Named, type Plugins, type Reply, type Store } from "../kernel.ts";
import { EVERY_TEAM } from "../store.ts";

const FIXED = "2026-01-01T00:00:00.000Z";
const skillMd = (name: string, description: string, body: string) => `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}`;
export const SKILLS = familyAt("/v2/skills/{skill_id}");

type Files = Map<string, { text: string; at: string }>;
/** A skill as a list shows it, with its files; a system skill's team is null. */
type Skill = Omit<Named<S.ListSkillsResponse["skills"][number]>, "team_id"> & { team_id: string | null; files: Files };

function systemSkill(n: number, name: string, description: string, body: string, more: Record<string, string> = {}): Skill {
  const files: Files = new Map(Object.entries({ "SKILL.md": skillMd(name, description, body), ...more }).map(([path, text]) => [path, { text, at: FIXED }]));
  const id = `0b7c3f2e-1a4d-4e5f-9a6b-00000000000${n}`;
  return { id, name, description, team_id: null, updated_at: FIXED, updated_by_user_id: null, updated_by_user_name: null, source: null, computer_use_backend: null, files };
}

/** Puts the system skills in a new emulator's store, seen by every team. */
export function seedSkills(store: Store): void {
  store.seed(
    SKILLS.item,
    EVERY_TEAM,
    systemSkill(1, "pdf", "Read, fill and create PDF documents", "# PDF\n\nUse the scripts in scripts/ to fill forms.\n", { "scripts/fill.py": "print('fill')\n" }),
  );
  store.seed(SKILLS.item, EVERY_TEAM, systemSkill(2, "xlsx", "Read and write Excel workbooks", "# Excel\n\nKeep formulas; never paste values over them.\n"));
}

/** The skill the path names (the store answers a 404 for one the team cannot see). */
const skillOf = (c: Context) => storedAt(c, "skill_id") as Skill;

/** The team's own skill the path names; a system skill is a 403 saying `refusal`. */
function ownSkill(c: Context, refusal: string): Skill {
  const skill = skillOf(c);
  if (skill.team_id === null) throw new ApiError(403, refusal);
  return skill;
}

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** SKILL.md's front matter; else the API's 400 naming what is wrong (validationErrors). */
function frontMatter(text: string): { name: string; description: string } {
  const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  const field = (key: string) =>
    block &&
    new RegExp(`^${key}:\\s*(.+)$`, "m")
      .exec(block)?.[1]
      ?.trim()
      .replace(/^(["'])(.*)\1$/, "$2");
  const name = field("name") ?? "";
  const description = field("description") ?? "";
  const problems = [
    ...(NAME.test(name) && name.length <= 64 ? [] : [{ field: "name", message: "1-64 lowercase letters, digits and single hyphens" }]),
    ...(description && description.length <= 1024 ? [] : [{ field: "description", message: "1-1024 characters" }]),
  ];
  if (!block || problems.length) throw new ApiError(400, "SKILL.md needs front matter with a valid name and description", {}, { validationErrors: problems });
  return { name, description };
}

/** Creates or (same name in the team) replaces a team skill with these files; the answer's status says which. */
function saveSkill(c: Context, files: Map<string, string>): Reply {
  const { name, description } = frontMatter(files.get("SKILL.md") ?? "");
  const existing = c.store.list(SKILLS, c.team.id, {}).find(({ resource }) => resource.team_id === c.team.id && resource.name === name);
  const at = now(c);
  const updated = { updated_at: at, updated_by_user_id: c.team.user.id, updated_by_user_name: c.team.user.name, source: null, computer_use_backend: null };
  const skill: Skill = {
    id: existing?.id ?? crypto.randomUUID(),
    name,
    description,
    team_id: c.team.id,
    ...updated,
    files: new Map([...files].map(([path, text]) => [path, { text, at }])),
  };
  c.store.seed(SKILLS, c.team.id, skill);
  return ok({ skill: { id: skill.id, name, description, team_id: c.team.id } } satisfies S.CreateSkillResponse, existing ? 200 : 201);
}

export const SKILL_PLUGINS: Plugins = {
  createSkill: async (c) => {
    const body = await checkedBody<S.CreateSkillBody>(c);
    const extra = [
      body.license && `license: ${body.license}`,
      body.compatibility && `compatibility: ${body.compatibility}`,
      body["allowed-tools"] && `allowed-tools: ${body["allowed-tools"]}`,
    ].filter(Boolean);
    const text = `---\nname: ${body.name}\ndescription: ${body.description}\n${extra.map((line) => `${line}\n`).join("")}---\n\n${body.content}`;
    return saveSkill(c, new Map([["SKILL.md", text]]));
  },

  uploadSkill: async (c) => {
    if (!c.form) throw new ApiError(400, 'Send the skill as multipart/form-data with a file part named "file"');
    const file = c.form.get("file");
    if (!file || typeof file === "string") throw new ApiError(400, 'No file part named "file"');
    const data = new Uint8Array(await file.arrayBuffer());
    const isZip = data[0] === 0x50 && data[1] === 0x4b;
    const files = isZip ? unzip(data) : new Map([["SKILL.md", new TextDecoder().decode(data)]]);
    if (!files.has("SKILL.md")) throw new ApiError(400, "The archive has no SKILL.md at its root");
    return saveSkill(c, files);
  },

  listSystemSkills: (c) => {
    const system = c.store.list(SKILLS, c.team.id, {}).filter(({ teamId }) => teamId === EVERY_TEAM);
    return ok({ skills: system.map(({ resource: { id, name, description } }) => ({ id, name, description })) } satisfies S.ListSystemSkillsResponse);
  },

  // The store deletes it; a system skill is refused.
  deleteSkill: beforeStore((c) => ({ message: `Skill ${ownSkill(c, "System skills cannot be deleted").name} deleted` })),

  listSkillFiles: (c) => {
    const listed = [...skillOf(c).files].map(([path, file]) => ({
      name: path.split("/").at(-1)!,
      path,
      size: Buffer.byteLength(file.text),
      contentType: contentType(path),
      updatedAt: file.at,
    }));
    return ok({ files: listed } satisfies S.ListSkillFilesResponse);
  },

  getSkillFileContent: (c) => {
    const path = c.params["*"]!;
    const file = skillOf(c).files.get(path);
    if (!file) throw new ApiError(404, `No file ${path} in this skill`);
    return ok({ content: file.text, path, contentType: contentType(path) } satisfies S.GetSkillFileContentResponse);
  },

  updateSkillFile: async (c) => {
    const path = c.params["*"]!;
    const { content } = await checkedBody<S.UpdateSkillFileBody>(c);
    const skill = ownSkill(c, "System skills cannot be edited");
    if (!skill.files.has(path)) throw new ApiError(404, `No file ${path} in this skill`);
    const at = now(c);
    Object.assign(skill, { updated_at: at, updated_by_user_id: c.team.user.id, updated_by_user_name: c.team.user.name });
    if (path !== "SKILL.md") {
      skill.files.set(path, { text: content, at });
      return ok({ success: true, message: `Updated ${path}` } satisfies S.UpdateSkillFileResponse);
    }
    const { id, name, description } = { ...skill, ...frontMatter(content) };
    const clash = c.store.list(SKILLS, c.team.id, {}).some(({ resource }) => resource.team_id === c.team.id && resource.name === name && resource.id !== id);
    if (clash) throw new ApiError(400, `The team already has a skill named ${name}`, {}, { validationErrors: [{ field: "name", message: "already taken" }] });
    Object.assign(skill, { name, description });
    skill.files.set(path, { text: content, at });
    return ok({ success: true, message: "Updated SKILL.md", skill: { id, name, description } } satisfies S.UpdateSkillFileResponse);
  },

  listSkillAssignments: (c) => {
    const { id } = skillOf(c);
    const assignments = c.state
      .teamAgents(c.team)
      .filter((agent) => c.state.liveBuild(agent.id)?.config?.data?.skills?.includes(id))
      .map((agent) => ({ id: agent.id, name: agent.name }));
    return ok({ assignments, total: assignments.length } satisfies S.ListSkillAssignmentsResponse);
  },

  downloadSkill: (c) => {
    const skill = ownSkill(c, "Only custom (team-owned) skills can be downloaded");
    const archive = zip([...skill.files].map(([path, file]) => [path, new TextEncoder().encode(file.text)]));
    return { ...bytes(archive, "application/zip"), headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${skill.name}.zip"` } };
  },
};

function contentType(path: string): string {
  const extension = path.split(".").at(-1)!.toLowerCase();
  return (
    { md: "text/markdown", py: "text/x-python", json: "application/json", txt: "text/plain", js: "text/javascript", sh: "text/x-shellscript" }[extension] ??
    "application/octet-stream"
  );
}

/** The text files of a ZIP archive (stored or deflated), by path; a broken archive is a 400. */
export function unzip(data: Uint8Array): Map<string, string> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let end = data.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new ApiError(400, "The file is not a valid ZIP archive");
  const files = new Map<string, string>();
  let at = view.getUint32(end + 16, true);
  for (let index = 0; index < view.getUint16(end + 10, true); index++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new ApiError(400, "The file is not a valid ZIP archive");
    const [method, compressed, nameLength, extraLength, commentLength, local] = [10, 20, 28, 30, 32, 42].map((field) =>
      field === 20 || field === 42 ? view.getUint32(at + field, true) : view.getUint16(at + field, true),
    ) as [number, number, number, number, number, number];
    const path = new TextDecoder().decode(data.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = data.subarray(start, start + compressed);
    if (!path.endsWith("/")) files.set(path, new TextDecoder().decode(method === 8 ? inflateRawSync(raw) : raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
