/**
 * Skills, beyond what the store does for them: skills are resources of the store (created,
 * listed, renamed, deleted there); this module adds a skill uploaded as a multipart SKILL.md and
 * downloaded as a ZIP of it, and the system skills (in the demo team's list, never downloaded or
 * deleted).
 */
import type * as S from "../../api/generated/skills.ts";
import { DEMO_TEAM_ID } from "../fixtures.ts";
import { ApiError, beforeStore, bytes, ok, pathParam, storedAt, worldSlot, type Context, type Plugins, type Store } from "../kernel.ts";
import { iso } from "../state.ts";

const SKILL = "/v2/skills/{skill_id}";

export const SYSTEM_SKILLS = [
  { id: "0b7c3f2e-1a4d-4e5f-9a6b-000000000001", name: "pdf", description: "Read, fill and create PDF documents" },
  { id: "0b7c3f2e-1a4d-4e5f-9a6b-000000000002", name: "xlsx", description: "Read and write Excel workbooks" },
] as const;
const isSystemSkill = (id: string) => SYSTEM_SKILLS.some((skill) => skill.id === id);

/** The demo team's list shows the system skills (a resource has one team in the store, so the other fixture teams' lists do not). */
export function seedSystemSkills(store: Store): void {
  for (const skill of SYSTEM_SKILLS) {
    store.seed(SKILL, DEMO_TEAM_ID, {
      ...skill,
      team_id: null,
      updated_at: "2026-01-01T00:00:00.000Z",
      updated_by_user_id: null,
      updated_by_user_name: null,
      source: null,
      computer_use_backend: null,
    });
  }
}

/** An uploaded skill's SKILL.md, by skill id. */
const skillFiles = worldSlot(() => new Map<string, string>());
const now = (c: Context) => iso(c.state.now());

export const SKILL_PLUGINS: Plugins = {
  uploadSkill: async (c) => {
    const file = c.form?.get("file");
    if (!c.form) throw new ApiError(400, 'Send the skill as multipart/form-data with a file part named "file"');
    if (!file || typeof file === "string") throw new ApiError(400, 'No file part named "file"');
    const text = await file.text();
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
    const field = (key: string) => frontMatter && new RegExp(`^${key}:\\s*(.+)$`, "m").exec(frontMatter)?.[1]?.trim();
    const name = field("name");
    const description = field("description");
    if (!name || !description) throw new ApiError(400, "SKILL.md needs front matter with name and description");
    // The same name again replaces the team's skill (200); a new name is a new skill (201).
    const existing = c.store.every(SKILL).find((skill) => skill.team_id === c.team.id && skill.name === name);
    const skill = existing ?? { id: crypto.randomUUID(), team_id: c.team.id, source: null, computer_use_backend: null };
    Object.assign(skill, { name, description, updated_at: now(c), updated_by_user_id: c.team.user.id, updated_by_user_name: c.team.user.name });
    if (!existing) c.store.seed(SKILL, c.team.id, skill);
    skillFiles(c.state).set(skill.id, text);
    return ok({ skill: { id: skill.id, name, description, team_id: c.team.id } } satisfies S.UploadSkillResponse, existing ? 200 : 201);
  },

  listSystemSkills: () => ok({ skills: SYSTEM_SKILLS.map((skill) => ({ ...skill })) } satisfies S.ListSystemSkillsResponse),

  deleteSkill: beforeStore((c) => {
    if (isSystemSkill(pathParam(c, "skill_id"))) throw new ApiError(403, "System skills cannot be deleted");
  }),

  downloadSkill: (c) => {
    const id = pathParam(c, "skill_id");
    if (isSystemSkill(id)) throw new ApiError(403, "Only custom (team-owned) skills can be downloaded");
    const skill = storedAt(c, "skill_id");
    const content = skillFiles(c.state).get(id) ?? `---\nname: ${skill.name}\ndescription: ${skill.description}\n---\n`;
    const archive = zipOf("SKILL.md", new TextEncoder().encode(content));
    return { ...bytes(archive, "application/zip"), headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${skill.name}.zip"` } };
  },
};

/** A ZIP archive of one file, stored without compression (what `unzip` and every library read). */
function zipOf(fileName: string, content: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode(fileName);
  const crc = Bun.hash.crc32(content);
  // The local header (30 bytes), the central directory's record (46) and its end (22), little-endian.
  const local = new DataView(new ArrayBuffer(30));
  const central = new DataView(new ArrayBuffer(46));
  const end = new DataView(new ArrayBuffer(22));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, content.length, true);
  local.setUint32(22, content.length, true);
  local.setUint16(26, name.length, true);
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, content.length, true);
  central.setUint32(24, content.length, true);
  central.setUint16(28, name.length, true);
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, 46 + name.length, true);
  end.setUint32(16, 30 + name.length + content.length, true);
  return new Uint8Array(Buffer.concat([new Uint8Array(local.buffer), name, content, new Uint8Array(central.buffer), name, new Uint8Array(end.buffer)]));
}
