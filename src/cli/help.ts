/** `--help` text, rendered from the same citty tree the parser walks, so it cannot drift. */
import type { DuvoArgDef, DuvoArgsDef, DuvoCommand } from "./command.ts";
import { aliasesOf, globalArgs } from "./command.ts";
import { commandLabel, resolveValue, subCommandsOf } from "./parse.ts";

export const EXIT_CODES: [string, string][] = [
  ["0", "success"],
  ["1", "error: API, network, server, unexpected response, jq runtime error"],
  ["2", "auth: no key, 401/403, unknown profile"],
  ["3", "not found: 404, a run that no longer exists, no pending human request"],
  ["4", "usage: bad flags, arguments or values"],
  ["6", "with --exit-status: the run ended failed, stopped or interrupted"],
  ["7", "runs wait --timeout ran out"],
  ["8", "with --exit-status: stopped at a run that needs a human"],
  ["130", "Ctrl-C (143 for SIGTERM); the run itself keeps going"],
];

export async function renderHelp(command: DuvoCommand, path: string[]): Promise<string> {
  const meta = command.meta;
  const lines: string[] = [meta.description, ""];
  const subCommands = await subCommandsOf(command);
  const args: DuvoArgsDef = command.args ?? {};
  const label = commandLabel(path);

  if (subCommands) {
    lines.push("Usage", `  ${label} <command> [flags]`, "", "Commands");
    const rows: [string, string][] = [];
    for (const [name, entry] of Object.entries(subCommands)) {
      const sub = await resolveValue(entry);
      if (sub.meta.hidden) continue;
      rows.push([name, sub.meta.description]);
    }
    lines.push(...columns(rows), "");
  } else {
    const positionals = Object.entries(args)
      .filter(([, def]) => def.type === "positional")
      .map(([name, def]) => (def.required === false ? `[${name}]` : `<${name}>`));
    const required = Object.entries(args)
      .filter(([, def]) => def.type !== "positional" && def.required)
      .map(([name, def]) => flagSpelling(name, def));
    lines.push("Usage", `  ${[label, ...positionals, ...required, "[flags]"].join(" ")}`, "");
    const flagRows = Object.entries(args)
      .filter(([, def]) => def.type !== "positional")
      .map(([name, def]) => [flagSpelling(name, def), describe(def)] as [string, string]);
    if (flagRows.length) lines.push("Flags", ...columns(flagRows), "");
  }

  lines.push("Global flags", ...columns(Object.entries(globalArgs).map(([name, def]) => [flagSpelling(name, def), def.description ?? ""])), "");
  // An example may span lines (a `\` continuation, a pipeline): every line is indented.
  if (meta.examples?.length) lines.push("Examples", ...meta.examples.flatMap((example) => example.split("\n").map((line) => `  ${line}`)), "");
  if (meta.notes) lines.push(meta.notes.trimEnd(), "");
  if (path.length === 0) {
    lines.push(`Run "duvo <command> --help" for more about a command.`, "", "Exit codes", ...columns(EXIT_CODES), "");
  } else if (subCommands) {
    lines.push(`Run "${label} <command> --help" for more about a command.`, "");
  }
  return lines.join("\n");
}

function flagSpelling(name: string, def: DuvoArgDef): string {
  const short = aliasesOf(def)
    .filter((alias) => alias.length === 1)
    .map((alias) => `-${alias}, `);
  const value = def.type === "boolean" ? "" : ` <${def.valueHint ?? (def.type === "enum" && "options" in def ? def.options?.join("|") : name)}>`;
  return `${short.join("")}--${name}${value}`;
}

/** A flag's description, then its markers in brackets: those the description does not already say (`(repeatable)`). */
function describe(def: DuvoArgDef): string {
  const description = def.description ?? "";
  const said = new Set([...description.matchAll(/\(([^()]*)\)/g)].flatMap((match) => match[1]!.split(",").map((word) => word.trim())));
  const extras = [def.repeatable ? "repeatable" : "", def.required ? "required" : ""].filter((marker) => marker && !said.has(marker));
  return `${description}${extras.length ? ` (${extras.join(", ")})` : ""}`;
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`.trimEnd());
}
