/** `duvo skills …`: every command through its parsing, against the emulator over HTTP (and one through the compiled binary). */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { zip } from "../src/output/zip.ts";
import { expectSent, spawnDuvo, tempDir, useEmulator } from "./helpers.ts";

const { emulator, env, duvo } = useEmulator();

const PDF = "0b7c3f2e-1a4d-4e5f-9a6b-000000000001";
const XLSX = "0b7c3f2e-1a4d-4e5f-9a6b-000000000002";
const PDF_SKILL_MD = "---\nname: pdf\ndescription: Read, fill and create PDF documents\n---\n\n# PDF\n\nUse the scripts in scripts/ to fill forms.\n";
const sent = (since: number) => emulator.requests.slice(since).map((request) => `${request.method} ${request.path}`);
const direct = async (path: string) => (await fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${emulator.apiKey}` } })).json();
const unzipList = (file: string) => Bun.spawnSync(["unzip", "-Z1", file]).stdout.toString().trim().split("\n");

async function created(name: string, extra: string[] = []): Promise<string> {
  const result = await duvo(["skills", "create", "--name", name, "--description", `The ${name} skill`, "--content", `# ${name}\n`, ...extra, "--json"]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).skill.id;
}

describe("skills system, skills list", () => {
  test("system: the system skills as a table, and --json as the API answers", async () => {
    const start = emulator.requests.length;
    expect(await duvo(["skills", "system"])).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "ID                                    NAME  DESCRIPTION",
        `${PDF}  pdf   Read, fill and create PDF documents`,
        `${XLSX}  xlsx  Read and write Excel workbooks`,
        "",
      ].join("\n"),
    });
    expect(sent(start)).toEqual(["GET /v2/skills/system"]);
    expectSent(emulator.requests[start], { method: "GET", path: "/v2/skills/system" });
    const json = await duvo(["skills", "system", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual(await direct("/v2/skills/system"));
  });

  test("list: the team's skills, then the system skills (OWNER says which)", async () => {
    const id = await created("listed-one");
    const start = emulator.requests.length;
    const { skills } = JSON.parse((await duvo(["skills", "list", "--json"])).stdout);
    expect(emulator.requests.slice(start).map((request) => request.operationId)).not.toContain("listSystemSkills"); // the team's list holds them too
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/teams/${emulator.teamId}/skills` });
    expect(skills.map((skill: { id: string; team_id: string | null }) => [skill.id, skill.team_id])).toEqual(
      expect.arrayContaining([
        [id, emulator.teamId],
        [PDF, null],
        [XLSX, null],
      ]),
    );
    const table = (await duvo(["skills", "list"])).stdout;
    expect(table).toMatch(new RegExp(`${id}\\s+listed-one\\s+The listed-one skill\\s+team\\s`));
    expect(table).toMatch(new RegExp(`${PDF}\\s+pdf\\s+Read, fill and create PDF documents\\s+system\\s`));
    const system = await duvo(["skills", "list", "--system", "--json"]);
    expect(JSON.parse(system.stdout).skills.map((skill: { id: string }) => skill.id)).toEqual([PDF, XLSX]);
    expectSent(emulator.requests.at(-1), { method: "GET", path: "/v2/skills/system" });
  });
});

describe("skills create", () => {
  test("sends every field; SKILL.md is written from them; the same name updates the same skill", async () => {
    const start = emulator.requests.length;
    const first = await duvo([
      "skills",
      "create",
      "--name",
      "tone",
      "--description",
      "House style",
      "--content",
      "Short sentences.",
      "--license",
      "MIT",
      "--compatibility",
      "Any",
      "--allowed-tools",
      "Read Write",
    ]);
    expect(first.code).toBe(0);
    const request = emulator.requests.slice(start).find((candidate) => candidate.method === "POST")!;
    expectSent(request, {
      method: "POST",
      path: `/v2/teams/${emulator.teamId}/skills`,
      body: { name: "tone", description: "House style", content: "Short sentences.", license: "MIT", compatibility: "Any", "allowed-tools": "Read Write" },
    });
    const id = /^ID\s+(\S+)$/m.exec(first.stdout)![1]!;
    expect(first.stdout).toBe(`ID           ${id}\nName         tone\nDescription  House style\n`);
    expect((await duvo(["skills", "file-get", id, "SKILL.md"])).stdout).toBe(
      "---\nname: tone\ndescription: House style\nlicense: MIT\ncompatibility: Any\nallowed-tools: Read Write\n---\n\nShort sentences.\n",
    );
    const again = await duvo(["skills", "create", "--name", "tone", "--description", "House style, v2", "--content-file", "-", "--json"], { stdin: "Shorter." });
    expect(JSON.parse(again.stdout)).toEqual({ skill: { id, name: "tone", description: "House style, v2", team_id: emulator.teamId } });
    expectSent(emulator.requests.at(-1), {
      method: "POST",
      path: `/v2/teams/${emulator.teamId}/skills`,
      body: { name: "tone", description: "House style, v2", content: "Shorter." },
    });
  });

  test("a name the API refuses is exit 1 with its message; missing or clashing flags are exit 4, nothing sent", async () => {
    const refused = await duvo(["skills", "create", "--name", "Bad Name", "--description", "x"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("400: Bad Request: SKILL.md needs front matter with a valid name and description");
    const start = emulator.requests.length;
    expect(await duvo(["skills", "create", "--name", "x"])).toMatchObject({ code: 4, stdout: "" });
    const both = await duvo(["skills", "create", "--name", "x", "--description", "y", "--content", "a", "--content-file", "b"]);
    expect(both).toEqual({ code: 4, stdout: "", stderr: "error: --content and --content-file cannot be used together\n" });
    expect(emulator.requests.length).toBe(start);
  });
});

describe("skills files, file-get, file-update", () => {
  test("files: a system skill's files, as a table and as JSON", async () => {
    const result = await duvo(["skills", "files", PDF]);
    expect(result.stdout).toBe(
      [
        "PATH             SIZE  TYPE           UPDATED",
        "SKILL.md         118   text/markdown  2026-01-01T00:00:00.000Z",
        "scripts/fill.py  14    text/x-python  2026-01-01T00:00:00.000Z",
        "",
      ].join("\n"),
    );
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/skills/${PDF}/files` });
    expect(JSON.parse((await duvo(["skills", "files", PDF, "--json"])).stdout).files.map((file: { path: string }) => file.path)).toEqual(["SKILL.md", "scripts/fill.py"]);
  });

  test("file-get prints the file as it is (a path with slashes kept); --json the answer; a missing file is exit 3", async () => {
    expect(await duvo(["skills", "file-get", PDF, "SKILL.md"])).toEqual({ code: 0, stderr: "", stdout: PDF_SKILL_MD });
    expect(await duvo(["skills", "file-get", PDF, "scripts/fill.py"])).toEqual({ code: 0, stderr: "", stdout: "print('fill')\n" });
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/skills/${PDF}/files/scripts/fill.py` });
    expect(JSON.parse((await duvo(["skills", "file-get", PDF, "scripts/fill.py", "--json"])).stdout)).toEqual({
      content: "print('fill')\n",
      path: "scripts/fill.py",
      contentType: "text/x-python",
    });
    const missing = await duvo(["skills", "file-get", PDF, "nope.md"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("No file nope.md in this skill");
  });

  test("file-update sends {content}; rewriting SKILL.md renames the skill; a system skill is refused (exit 2)", async () => {
    const id = await created("renamed-later");
    const update = await duvo(["skills", "file-update", id, "SKILL.md", "--content", "---\nname: renamed-now\ndescription: New words\n---\nBody\n"]);
    expect(update).toEqual({ code: 0, stdout: "", stderr: '✓ Updated SKILL.md of skill "renamed-now".\n' });
    expectSent(emulator.requests.at(-1), {
      method: "PUT",
      path: `/v2/skills/${id}/files/SKILL.md`,
      body: { content: "---\nname: renamed-now\ndescription: New words\n---\nBody\n" },
    });
    const { skills } = JSON.parse((await duvo(["skills", "list", "--json"])).stdout);
    expect(skills.find((skill: { id: string }) => skill.id === id)).toMatchObject({ name: "renamed-now", description: "New words" });
    const file = join(tempDir(), "body.md");
    writeFileSync(file, "---\nname: renamed-now\ndescription: From a file\n---\n");
    expect(JSON.parse((await duvo(["skills", "file-update", id, "SKILL.md", "--content-file", file, "--json"])).stdout)).toEqual({
      success: true,
      message: "Updated SKILL.md",
      skill: { id, name: "renamed-now", description: "From a file" },
    });
    const bad = await duvo(["skills", "file-update", id, "SKILL.md", "--content", "no front matter"]);
    expect(bad.code).toBe(1);
    const system = await duvo(["skills", "file-update", PDF, "SKILL.md", "--content", "x"]);
    expect(system.code).toBe(2);
    expect(system.stderr).toContain("System skills cannot be edited");
    const start = emulator.requests.length;
    expect(await duvo(["skills", "file-update", id, "SKILL.md"])).toEqual({ code: 4, stdout: "", stderr: "error: give the new text with --content or --content-file\n" });
    expect(emulator.requests.length).toBe(start);
  });
});

describe("skills upload of a ZIP, download of every file", () => {
  test("a ZIP (deflated by zip(1)) with SKILL.md at its root: every file kept, and downloaded back whole", async () => {
    const folder = tempDir();
    writeFileSync(join(folder, "SKILL.md"), "---\nname: zipped-up\ndescription: Two files\n---\n# Zipped\n");
    writeFileSync(join(folder, "notes.md"), `${"Check VAT ids. ".repeat(50)}\n`);
    const archive = join(folder, "skill.zip");
    expect(Bun.spawnSync(["zip", "-q", "-9", archive, "SKILL.md", "notes.md"], { cwd: folder }).exitCode).toBe(0);
    const uploaded = await duvo(["skills", "upload", archive, "--json"]);
    expect(uploaded.code).toBe(0);
    const id = JSON.parse(uploaded.stdout).skill.id;
    expect(JSON.parse((await duvo(["skills", "files", id, "--json"])).stdout).files.map((file: { path: string }) => file.path)).toEqual(["SKILL.md", "notes.md"]);
    expect((await duvo(["skills", "file-get", id, "notes.md"])).stdout).toBe(readFileSync(join(folder, "notes.md"), "utf8"));
    await duvo(["skills", "file-update", id, "notes.md", "--content", "Changed.\n"]);
    const out = join(tempDir(), "back.zip");
    expect((await duvo(["skills", "download", id, "--output", out])).code).toBe(0);
    expect(unzipList(out)).toEqual(["SKILL.md", "notes.md"]);
    expect(Bun.spawnSync(["unzip", "-p", out, "notes.md"]).stdout.toString()).toBe("Changed.\n");
  });

  test("uploads are checked: a ZIP without SKILL.md, front matter without a name", async () => {
    const folder = tempDir();
    writeFileSync(join(folder, "no-skill.zip"), zip([["README.md", new TextEncoder().encode("hi")]]));
    const noSkill = await duvo(["skills", "upload", join(folder, "no-skill.zip")]);
    expect(noSkill.code).toBe(1);
    expect(noSkill.stderr).toContain("The archive has no SKILL.md at its root");
    writeFileSync(join(folder, "SKILL.md"), "---\ndescription: nameless\n---\n");
    const nameless = await duvo(["skills", "upload", join(folder, "SKILL.md")]);
    expect(nameless.code).toBe(1);
    expect(JSON.parse(JSON.stringify(emulator.requests.at(-1)!.responseBody))).toEqual({
      error: "Bad Request",
      message: "SKILL.md needs front matter with a valid name and description",
      validationErrors: [{ field: "name", message: "1-64 lowercase letters, digits and single hyphens" }],
    });
  });
});

describe("skills install", () => {
  test("copies every file of a system skill into a team skill of the same name (install again: the same skill)", async () => {
    const start = emulator.requests.length;
    const first = await duvo(["skills", "install", PDF]);
    expect(first.code).toBe(0);
    const id = /^ID\s+(\S+)$/m.exec(first.stdout)![1]!;
    expect(id).not.toBe(PDF);
    expect(first.stderr).toBe(`✓ Installed system skill "pdf" (2 files) as team skill ${id}\n`);
    expect(sent(start).filter((line) => !line.endsWith("/teams"))).toEqual([
      "GET /v2/skills/system",
      `GET /v2/skills/${PDF}/files`,
      `GET /v2/skills/${PDF}/files/SKILL.md`,
      `GET /v2/skills/${PDF}/files/scripts/fill.py`,
      `POST /v2/teams/${emulator.teamId}/skills/upload`,
    ]);
    const reads = emulator.requests.slice(start).filter((request) => request.operationId !== "listMyTeams");
    expectSent(reads[0], { method: "GET", path: "/v2/skills/system" });
    expectSent(reads[1], { method: "GET", path: `/v2/skills/${PDF}/files` });
    expectSent(reads[2], { method: "GET", path: `/v2/skills/${PDF}/files/SKILL.md` });
    expectSent(reads[3], { method: "GET", path: `/v2/skills/${PDF}/files/scripts/fill.py` });
    // One stored ZIP of both files: a 30-byte local header + name + content each, a 46-byte central record + name each, a 22-byte end.
    const size = 30 * 2 + 46 * 2 + 22 + 2 * ("SKILL.md".length + "scripts/fill.py".length) + PDF_SKILL_MD.length + "print('fill')\n".length;
    expectSent(emulator.requests.at(-1), {
      method: "POST",
      path: `/v2/teams/${emulator.teamId}/skills/upload`,
      body: { file: { name: "pdf.zip", type: "application/zip", size, text: expect.stringContaining(PDF_SKILL_MD) } },
    });
    expect(JSON.parse((await duvo(["skills", "files", id, "--json"])).stdout).files.map((file: { path: string }) => file.path)).toEqual(["SKILL.md", "scripts/fill.py"]);
    expect((await duvo(["skills", "file-get", id, "SKILL.md"])).stdout).toBe(PDF_SKILL_MD);
    const again = JSON.parse((await duvo(["skills", "install", PDF, "--json"])).stdout);
    expect(again).toEqual({ skill: { id, name: "pdf", description: "Read, fill and create PDF documents", team_id: emulator.teamId } });
  });

  test("a skill that is not a system skill is exit 3; nothing is uploaded", async () => {
    const id = await created("not-system");
    const start = emulator.requests.length;
    expect(await duvo(["skills", "install", id])).toEqual({ code: 3, stdout: "", stderr: `error: ${id} is not a system skill\nSee them with: duvo skills system\n` });
    expect(sent(start).some((line) => line.startsWith("POST"))).toBe(false);
  });
});

describe("skills assignments, delete", () => {
  test("assignments: the agents whose live revision names the skill in config.data.skills", async () => {
    const id = await created("assigned");
    expect(await duvo(["skills", "assignments", id])).toEqual({ code: 0, stdout: "", stderr: "No agent uses this skill.\n" });
    const config = {
      version: "v2",
      data: { models: { agent: { model: "gpt-5" }, browsing: { provider: "google", model: "gemini-2.5-flash" } }, input: "Work.", skills: [id, PDF] },
    };
    const body = JSON.stringify({ name: "Skilled agent", build: { name: "v1", config } });
    const agent = JSON.parse((await duvo(["api", "POST", "/v2/teams/{teamId}/agents", "--input", "-"], { stdin: body })).stdout).agent.id;
    expect(await duvo(["skills", "assignments", id])).toEqual({ code: 0, stderr: "", stdout: `AGENT                                 NAME\n${agent}  Skilled agent\n` });
    expect(JSON.parse((await duvo(["skills", "assignments", PDF, "--json"])).stdout)).toEqual({ assignments: [{ id: agent, name: "Skilled agent" }], total: 1 });
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/skills/${PDF}/assignments` });
    expect(JSON.parse((await duvo(["skills", "assignments", XLSX, "--json"])).stdout)).toEqual({ assignments: [], total: 0 });
    expect(AGENT_IDS.complete).not.toBe(agent);
  });

  test("delete asks (refused without a terminal or -y); -y deletes; a system skill is exit 2; gone is exit 3", async () => {
    const id = await created("doomed");
    const start = emulator.requests.length;
    const refused = await duvo(["skills", "delete", id]);
    expect(refused.code).toBe(4);
    expect(emulator.requests.length).toBe(start);
    expect(await duvo(["skills", "delete", id, "-y"])).toEqual({ code: 0, stdout: "", stderr: `✓ Deleted skill ${id}.\n` });
    expectSent(emulator.requests.at(-1), { method: "DELETE", path: `/v2/skills/${id}` });
    expect((await duvo(["skills", "delete", id, "-y", "--json"])).code).toBe(3);
    const system = await duvo(["skills", "delete", PDF, "-y"]);
    expect(system.code).toBe(2);
    expect(system.stderr).toContain("System skills cannot be deleted");
  });
});

describe("skills generate: no public operation", () => {
  test("exists with the official flags, says so in --help, and exits 1 with one line; nothing is sent", async () => {
    const start = emulator.requests.length;
    expect(await duvo(["skills", "generate", "--prompt", "Read invoices", "--existing-content-file", "-", "--json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'error: the public Duvo API offers no operation for "duvo skills generate"; write SKILL.md yourself, then: duvo skills upload SKILL.md (or duvo skills create)\n',
    });
    expect(emulator.requests.length).toBe(start);
    const help = await duvo(["skills", "generate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("What it would do: have Duvo write a SKILL.md from --prompt");
    expect(help.stdout).toContain("The public Duvo API offers no operation for this");
    expect(help.stdout).toContain("--existing-content-file");
  });
});

test("through the compiled binary: install a system skill, download it to stdout as a ZIP holding every file", async () => {
  const installed = await spawnDuvo(["skills", "install", PDF, "--json"], { env });
  expect(installed.code).toBe(0);
  const id = JSON.parse(installed.stdout).skill.id;
  const child = Bun.spawn([join(import.meta.dir, "..", "dist", "duvo"), "skills", "download", id, "--output", "-"], {
    env: env as Record<string, string>,
    stdout: "pipe",
    stderr: "pipe",
  });
  const bytes = new Uint8Array(await new Response(child.stdout).arrayBuffer());
  expect(await child.exited).toBe(0);
  const file = join(tempDir(), "from-stdout.zip");
  writeFileSync(file, bytes);
  expect(unzipList(file)).toEqual(["SKILL.md", "scripts/fill.py"]);
  expect(Bun.spawnSync(["unzip", "-p", file, "SKILL.md"]).stdout.toString()).toBe(PDF_SKILL_MD);
  const generate = await spawnDuvo(["skills", "generate", "--prompt", "x"], { env });
  expect(generate.code).toBe(1);
  expect(generate.stderr.trimEnd().split("\n")).toHaveLength(1);
});
