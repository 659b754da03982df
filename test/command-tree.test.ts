/**
 * A command group is declared once: a command's name is the key its group lists it under
 * (src/cli/command.ts, groupCommand), written nowhere else, and every command file under
 * src/commands is listed in the group of its folder.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { groupCommand, leafCommand, type DuvoCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";

const COMMANDS = join(import.meta.dir, "..", "src", "commands");

/** Every command of the tree, hidden ones too, loaded through its group, with its path. */
async function walk(command: DuvoCommand = rootCommand, path: string[] = []): Promise<[string[], DuvoCommand][]> {
  const found: [string[], DuvoCommand][] = [[path, command]];
  for (const [name, entry] of Object.entries((await subCommandsOf(command)) ?? {})) {
    found.push(...(await walk(await resolveValue(entry), [...path, name])));
  }
  return found;
}

/** Command files (not `_` helpers) and group folders (any folder with code in it), relative to src/commands. */
function commandFiles(folder = ""): { files: string[]; groups: string[] } {
  const files: string[] = [];
  const groups: string[] = [];
  for (const entry of readdirSync(join(COMMANDS, folder), { withFileTypes: true })) {
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      const hasCode = readdirSync(join(COMMANDS, relative), { recursive: true }).some((name) => String(name).endsWith(".ts"));
      if (!hasCode) continue; // data a command reads (text files), not a group
      groups.push(relative);
      const inner = commandFiles(relative);
      files.push(...inner.files);
      groups.push(...inner.groups);
    } else if (entry.name.endsWith(".ts") && !entry.name.startsWith("_") && entry.name !== "index.ts") {
      files.push(relative);
    }
  }
  return { files, groups };
}

function isCommand(value: unknown): value is DuvoCommand {
  return typeof value === "object" && value !== null && "meta" in value && ("duvoRun" in value || "subCommands" in value);
}

describe("a command group is declared once", () => {
  test("every command in the tree is named by its key in its group, and only the root names itself", async () => {
    const tree = await walk();
    expect(tree.length).toBeGreaterThan(100);
    for (const [path, command] of tree) {
      expect({ path, name: command.meta.name }).toEqual({ path, name: path.length === 0 ? "duvo" : path.at(-1) });
    }
  });

  test("every command file is listed in the group of its folder, and every command it exports is in the tree", async () => {
    const loaded = new Set((await walk()).map(([, command]) => command));
    const { files, groups } = commandFiles();
    const unlisted: string[] = [];
    const outside: string[] = [];
    // A file is listed by the index.ts of its folder; a group's index.ts by its parent's.
    for (const file of [...files, ...groups.map((group) => `${group}/index.ts`)]) {
      const listed = file.endsWith("/index.ts") ? dirname(file.slice(0, -"/index.ts".length)) : dirname(file);
      const index = await Bun.file(join(COMMANDS, listed, "index.ts")).text();
      if (!index.includes(`import("./${listed === "." ? file : file.slice(listed.length + 1)}")`)) unlisted.push(file);
      for (const [name, value] of Object.entries(await import(join(COMMANDS, file)))) {
        if (isCommand(value) && !loaded.has(value)) outside.push(`${file} ${name}`);
      }
    }
    expect(files.length).toBeGreaterThan(100);
    expect(unlisted).toEqual([]);
    expect(outside).toEqual([]);
  });

  test("a command that names itself fails to load, naming the key it is listed under", async () => {
    const named = leafCommand({ meta: { name: "get", description: "Get" }, args: {}, run: async () => {} });
    const group = groupCommand({ meta: { description: "Things" }, subCommands: { get: async () => named } });
    const subCommands = (await subCommandsOf(group))!;
    await expect(resolveValue(subCommands.get!)).rejects.toThrow('the command listed as "get" names itself "get": its key in the group is its only name');
  });

  test("a group lists a module (its default export) or a command, and names either by its key", async () => {
    const leaf = leafCommand({ meta: { description: "Leaf" }, args: {}, run: async () => {} });
    const other = leafCommand({ meta: { description: "Other" }, args: {}, run: async () => {} });
    const group = groupCommand({ meta: { description: "Things" }, subCommands: { leaf: async () => ({ default: leaf }), other: async () => other } });
    const subCommands = (await subCommandsOf(group))!;
    expect((await resolveValue(subCommands.leaf!)).meta.name).toBe("leaf");
    expect((await resolveValue(subCommands.other!)).meta.name).toBe("other");
    expect(await resolveValue(subCommands.leaf!)).toBe(leaf); // loaded again: the same command, named once
  });
});
