/**
 * `--help` for every command in the tree: a description and examples, the seed's own
 * command lines on the commands they run (exactly as the seed document writes them), and
 * the exit codes at the end of `duvo --help`.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import type { DuvoCommand } from "../src/cli/command.ts";
import { ExitCode } from "../src/errors.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";
import { runDuvo, SEED_FOLDER, seedPresent } from "./helpers.ts";

const SEED_DOC = join(SEED_FOLDER, "runs-cli-docs.md");

/** Every command, hidden ones too, with its path: [[], root], [["runs"], runs], ... */
async function walk(command: DuvoCommand = rootCommand, path: string[] = []): Promise<[string[], DuvoCommand][]> {
  const found: [string[], DuvoCommand][] = [[path, command]];
  for (const [name, entry] of Object.entries((await subCommandsOf(command)) ?? {})) {
    found.push(...(await walk(await resolveValue(entry), [...path, name])));
  }
  return found;
}

/**
 * The seed's command lines: each line that runs `duvo`, with the lines a trailing `\`
 * continues, as written (only the indentation of a line inside a loop is dropped).
 */
async function seedCommandLines(): Promise<string[]> {
  const lines = (await Bun.file(SEED_DOC).text()).split("\n");
  const blocks: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!/^\s*(?:duvo |\w+=\$\(duvo )/.test(lines[index]!)) continue;
    const block = [lines[index]!.trimStart()];
    while (block.at(-1)!.endsWith("\\") && index + 1 < lines.length) block.push(lines[++index]!);
    blocks.push(block.join("\n"));
  }
  return blocks;
}

test("every command has a description and at least one example that names it", async () => {
  const commands = await walk();
  expect(commands.length).toBeGreaterThan(25);
  for (const [path, command] of commands) {
    const label = ["duvo", ...path].join(" ");
    expect(command.meta.description.trim(), label).not.toBe("");
    expect(command.meta.examples?.length ?? 0, `${label} has no example`).toBeGreaterThan(0);
    for (const example of command.meta.examples ?? []) expect(example, label).toContain(path.at(-1) ?? "duvo");
    if (!command.meta.hidden) {
      const help = await runDuvo([...path, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout.startsWith(`${command.meta.description}\n`)).toBe(true);
      expect(help.stdout).toContain("\nExamples\n");
    }
  }
});

test.skipIf(!seedPresent())("the seed's command lines are examples of the commands they run, exactly as the seed writes them", async () => {
  const seedLines = await seedCommandLines();
  expect(seedLines.length).toBe(14);
  const commands = new Map((await walk()).map(([path, command]) => [path.join(" "), command]));
  for (const line of seedLines) {
    const words = line.slice(line.indexOf("duvo ") + "duvo ".length).split(/\s+/);
    const path = commands.has(`${words[0]} ${words[1]}`) ? `${words[0]} ${words[1]}` : words[0]!;
    expect(commands.get(path)?.meta.examples ?? [], `duvo ${path}`).toContain(line);
  }
  // and they show in --help as they are, each line indented under "Examples"
  const respond = (await runDuvo(["runs", "respond", "--help"])).stdout;
  expect(respond).toContain('  duvo runs respond <run-id> \\\n    --answer "<question-id>=<answer-text>"             # answer a pending question\n');
});

test("no help line says a marker twice: every bracketed word ((repeatable), (required), ...) once per line", async () => {
  const repeated: string[] = [];
  let flagLines = 0;
  for (const [path, command] of await walk()) {
    if (command.meta.hidden) continue;
    for (const line of (await runDuvo([...path, "--help"])).stdout.split("\n")) {
      if (line.startsWith("  --") || line.startsWith("  -")) flagLines++;
      const words = [...line.matchAll(/\(([^()]*)\)/g)].flatMap((match) => match[1]!.split(",").map((word) => word.trim()));
      if (new Set(words).size !== words.length) repeated.push(`duvo ${path.join(" ")}: ${line.trim()}`);
    }
  }
  expect(flagLines).toBeGreaterThan(500);
  expect(repeated).toEqual([]);
  // The flags whose description already said it: the marker once.
  expect((await runDuvo(["secrets", "create", "--help"])).stdout).toContain("  --value <KEY=VALUE>     One variable, KEY=VALUE (repeatable)\n");
  expect((await runDuvo(["secrets", "update", "--help"])).stdout).toContain("Remove a variable (repeatable)\n");
});

test("duvo --help ends with the exit codes, as the contract has them", async () => {
  const help = (await runDuvo(["--help"])).stdout;
  expect(
    help.endsWith(
      [
        "Exit codes",
        "  0     success",
        "  1     error: API, network, server, unexpected response, jq runtime error",
        "  2     auth: no key, 401/403, unknown profile",
        "  3     not found: 404, a run that no longer exists, no pending human request",
        "  4     usage: bad flags, arguments or values",
        "  6     with --exit-status: the run ended failed, stopped or interrupted",
        "  7     runs wait --timeout ran out",
        "  8     with --exit-status: stopped at a run that needs a human",
        "  130   Ctrl-C (143 for SIGTERM); the run itself keeps going",
        "",
      ].join("\n"),
    ),
  ).toBe(true);
  // The codes the program uses are the codes the table lists.
  expect(Object.values(ExitCode).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 130, 143]);
});
