/**
 * Shell completion, answered by duvo itself: the shell scripts (completion-scripts.ts)
 * pass the words typed so far to `duvo __complete`, and this walks the same command
 * tree, with the same rules, as the parser (global flags anywhere, flags that take a
 * value, `--flag=value`, `--`), so what is offered can never drift from what is accepted.
 * It offers commands, subcommands, flags, the values of enum flags and positionals, and
 * profile names from the config file. It never touches the network.
 */
import type { DuvoArgDef, DuvoArgsDef, DuvoCommand } from "./command.ts";
import { aliasesOf, globalArgs } from "./command.ts";
import { findFlag, resolveValue, subCommandsOf } from "./parse.ts";
import { configPath, readConfig } from "../config/config-file.ts";

export interface Candidate {
  value: string;
  description: string;
}

/** `duvo --version` is a flag of the root command only. */
const ROOT_FLAGS: DuvoArgsDef = { version: { type: "boolean", description: "Print the version" } };

/** Arguments (command path and name) whose values are profile names, besides the global `--profile`. */
const PROFILE_ARGUMENTS = new Set(["login name", "logout name", "profiles use name", "profiles remove name"]);

/**
 * What may follow `typed` (the words after `duvo`) in place of `current`, the word being
 * completed (possibly empty), for the command line `duvo ...typed current`.
 */
export async function completeWords(root: DuvoCommand, typed: string[], current: string, env: Record<string, string | undefined>): Promise<Candidate[]> {
  let command = root;
  const path: string[] = [];
  const given = new Set<string>();
  let positionalIndex = 0;
  const positionals: string[] = [];
  let onlyPositionals = false;

  for (let index = 0; index < typed.length; index++) {
    const token = typed[index]!;
    const subCommands = await subCommandsOf(command);
    if (onlyPositionals) {
      positionalIndex++;
      positionals.push(token);
      continue;
    }
    if (token === "--") {
      onlyPositionals = true;
      continue;
    }
    if (token.startsWith("-") && token !== "-") {
      const equals = token.startsWith("--") ? token.indexOf("=") : -1;
      const found = findFlag(equals === -1 ? token : token.slice(0, equals), flagsOf(command, path, Boolean(subCommands)));
      if (!found) continue; // unknown: the parser will say so; assume it takes no value
      given.add(found[0]);
      if (found[1].type !== "boolean" && equals === -1) {
        if (index === typed.length - 1) return filter(await valuesOf(found[0], found[1], path, env), current);
        index++; // its value
      }
      continue;
    }
    if (subCommands) {
      const next = Object.hasOwn(subCommands, token) ? subCommands[token] : undefined;
      if (!next) return []; // an unknown command: nothing sensible follows
      command = await resolveValue(next);
      path.push(token);
      continue;
    }
    positionalIndex++;
    positionals.push(token);
  }

  const subCommands = await subCommandsOf(command);
  const flags = flagsOf(command, path, Boolean(subCommands));
  if (!onlyPositionals && current.startsWith("--") && current.includes("=")) {
    const name = current.slice(0, current.indexOf("="));
    const found = findFlag(name, flags);
    if (!found || found[1].type === "boolean") return [];
    const values = await valuesOf(found[0], found[1], path, env);
    return filter(
      values.map((value) => ({ ...value, value: `${name}=${value.value}` })),
      current,
    );
  }
  if (!onlyPositionals && current.startsWith("-")) {
    const candidates: Candidate[] = [];
    for (const [name, def] of Object.entries(flags)) {
      if (def.type === "positional" || (given.has(name) && !def.repeatable)) continue;
      candidates.push({ value: `--${name}`, description: def.description ?? "" });
      if (!current.startsWith("--")) {
        for (const alias of aliasesOf(def)) if (alias.length === 1) candidates.push({ value: `-${alias}`, description: def.description ?? "" });
      }
    }
    return filter(candidates, current);
  }
  if (subCommands) {
    const candidates: Candidate[] = [];
    for (const [name, entry] of Object.entries(subCommands)) {
      const sub = await resolveValue(entry);
      if (!sub.meta.hidden) candidates.push({ value: name, description: sub.meta.description });
    }
    return filter(candidates, current);
  }
  const args: DuvoArgsDef = command.args ?? {};
  const positional = Object.entries(args).filter(([, def]) => def.type === "positional")[positionalIndex];
  if (positional?.[1].suggest) return filter(await positional[1].suggest(positionals), current);
  return positional ? filter(await valuesOf(positional[0], positional[1], path, env), current) : [];
}

/** The flags accepted at this point: a group takes only the global ones (and the root `--version`). */
function flagsOf(command: DuvoCommand, path: string[], isGroup: boolean): DuvoArgsDef {
  const args: DuvoArgsDef = command.args ?? {};
  const own = isGroup ? (path.length === 0 ? ROOT_FLAGS : {}) : args;
  return { ...own, ...globalArgs };
}

async function valuesOf(name: string, def: DuvoArgDef, path: string[], env: Record<string, string | undefined>): Promise<Candidate[]> {
  if (def.options) return def.options.map((option) => ({ value: option, description: "" }));
  if (def !== globalArgs.profile && !PROFILE_ARGUMENTS.has([...path, name].join(" "))) return [];
  try {
    return Object.keys(readConfig(configPath(env)).profiles).map((profile) => ({ value: profile, description: "profile" }));
  } catch {
    return []; // an unreadable config file: complete nothing rather than fail at a keypress
  }
}

function filter(candidates: Candidate[], current: string): Candidate[] {
  return candidates.filter((candidate) => candidate.value.startsWith(current));
}

/** One candidate a line, `value<TAB>description`, as every script reads them. */
export function formatCandidates(candidates: Candidate[]): string {
  return candidates.map(({ value, description }) => `${value}\t${description.replace(/\s+/g, " ").trim()}\n`).join("");
}
