/**
 * Keeps the README's command reference equal to `--help`: every command's help text,
 * rendered from the command tree, between the `<!-- reference:start -->` and
 * `<!-- reference:end -->` markers. `bun scripts/readme-reference.ts` rewrites it;
 * `--check` exits 1 if it is stale (a test runs that).
 */
import { renderHelp } from "../src/cli/help.ts";
import type { DuvoCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";

const README = `${import.meta.dir}/../README.md`;
const START = "<!-- reference:start -->";
const END = "<!-- reference:end -->";

export async function renderReference(): Promise<string> {
  const sections: string[] = [];
  const visit = async (command: DuvoCommand, path: string[]) => {
    if (path.length > 0) {
      const help = await renderHelp(command, path);
      sections.push(`### \`duvo ${path.join(" ")}\`\n\n\`\`\`text\n${stripGlobalFlags(help).trimEnd()}\n\`\`\``);
    }
    const subCommands = await subCommandsOf(command);
    for (const [name, entry] of Object.entries(subCommands ?? {})) {
      const sub = await resolveValue(entry);
      if (!sub.meta.hidden) await visit(sub, [...path, name]);
    }
  };
  await visit(rootCommand, []);
  const root = await renderHelp(rootCommand, []);
  return `${START}\n### \`duvo\`\n\n\`\`\`text\n${root.trimEnd()}\n\`\`\`\n\n${sections.join("\n\n")}\n${END}`;
}

/** The global flags are the same everywhere: shown once, under `duvo`. */
function stripGlobalFlags(help: string): string {
  return help.replace(/Global flags\n(?: {2}.*\n)+\n/, "");
}

export function spliceReference(readme: string, reference: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error("README.md has no reference markers");
  return readme.slice(0, start) + reference + readme.slice(end + END.length);
}

if (import.meta.main) {
  const readme = await Bun.file(README).text();
  const updated = spliceReference(readme, await renderReference());
  if (process.argv.includes("--check")) {
    if (updated !== readme) {
      console.error("README.md's command reference is stale: run `bun scripts/readme-reference.ts`");
      process.exit(1);
    }
  } else {
    await Bun.write(README, updated);
  }
}
