/**
 * Strict argument parsing over the citty command tree. citty itself accepts unknown
 * flags silently, keeps only the last of a repeated flag and knows only exit codes 0
 * and 1, so the tree (meta, args, lazy subCommands) is citty's, and the checking is
 * ours: unknown flags, missing values, stray arguments, repeated flags and unknown
 * subcommands are usage errors (exit 4) with a hint, also when --help is given.
 *
 * A group may also be a command (a `run` and args of its own, like the official
 * `cases runs <case-id>` beside `cases runs recent-messages`): a word that is not one of
 * its subcommands is then its argument rather than an error.
 */
import type { DuvoArgDef, DuvoArgsDef, DuvoCommand } from "./command.ts";
import { aliasesOf, globalArgs } from "./command.ts";
import type { Globals } from "./runtime.ts";
import { UsageError } from "../errors.ts";
import { closest } from "./suggest.ts";
import { checkUuid, parseCount } from "./values.ts";
import { printable } from "../printable.ts";

export interface Invocation {
  /** Command names after `duvo`, e.g. ["runs", "get"]. */
  path: string[];
  command: DuvoCommand;
  /** Set when the command is a group or help was asked for: print usage, exit 0. */
  showHelp: boolean;
  showVersion: boolean;
  args: Record<string, unknown>;
  globals: Globals;
}

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
export async function resolveValue<T>(value: Resolvable<T>): Promise<T> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

export async function subCommandsOf(command: DuvoCommand): Promise<Record<string, Resolvable<DuvoCommand>> | undefined> {
  return command.subCommands ? ((await resolveValue(command.subCommands)) as Record<string, Resolvable<DuvoCommand>>) : undefined;
}

export function commandLabel(path: string[]): string {
  return ["duvo", ...path].join(" ");
}

export async function parseInvocation(root: DuvoCommand, argv: string[]): Promise<Invocation> {
  const wantsHelp = argv.slice(0, indexOrEnd(argv, "--")).some((token) => token === "-h" || token === "--help");
  const globals: Record<string, unknown> = {};
  const path: string[] = [];
  let command = root;
  let showVersion = false;
  let runsGroup = false;
  let index = 0;

  // Walk down the tree: group-level tokens are global flags or subcommand names.
  while (index < argv.length) {
    const token = argv[index]!;
    const subCommands = await subCommandsOf(command);
    if (!subCommands) break;
    if (token === "--") break;
    if (token.startsWith("-") && token !== "-") {
      if (path.length === 0 && token === "--version") {
        showVersion = true;
        index++;
        continue;
      }
      const consumed = takeFlag(argv, index, globalArgs, globals, path);
      if (consumed === 0) {
        if (wantsHelp) {
          index++;
          continue;
        }
        throw unknownFlag(token, globalArgs, path);
      }
      index += consumed;
      continue;
    }
    const next = Object.hasOwn(subCommands, token) ? subCommands[token] : undefined;
    if (!next) {
      if (command.duvoRun) {
        runsGroup = true; // a group that is also a command: the word is its argument
        break;
      }
      const names = Object.keys(subCommands).filter((name) => !name.startsWith("__"));
      const suggestion = closest(token, names);
      throw new UsageError(
        `unknown command "${printable(token)}" for "${commandLabel(path)}"; ${suggestion ? `did you mean "${suggestion}"?` : `see "${commandLabel(path)} --help"`}`,
      );
    }
    command = await resolveValue(next);
    path.push(token);
    index++;
  }

  const rest = argv.slice(index);
  const isGroup = Boolean(command.subCommands) && !runsGroup;
  if (wantsHelp || (isGroup && !showVersion)) {
    if (isGroup && !wantsHelp && rest.length > 0) {
      throw new UsageError(`unexpected argument "${printable(rest[0]!)}" for "${commandLabel(path)}"`);
    }
    return { path, command, showHelp: true, showVersion: false, args: {}, globals: toGlobals(globals) };
  }
  if (showVersion) {
    if (rest.length > 0 || path.length > 0) throw new UsageError(`"duvo --version" takes no other arguments (got "${printable([...path, ...rest][0]!)}")`);
    return { path, command, showHelp: false, showVersion: true, args: {}, globals: toGlobals(globals) };
  }

  const definitions: DuvoArgsDef = { ...(command.args ?? {}), ...globalArgs };
  const args = parseLeaf(rest, definitions, globals, path);
  return { path, command, showHelp: false, showVersion: false, args, globals: toGlobals(args) };
}

function parseLeaf(tokens: string[], definitions: DuvoArgsDef, seed: Record<string, unknown>, path: string[]) {
  const values: Record<string, unknown> = { ...seed };
  const positionals = Object.entries(definitions).filter(([, def]) => def.type === "positional");
  const given: string[] = [];
  let index = 0;
  let onlyPositionals = false;
  while (index < tokens.length) {
    const token = tokens[index]!;
    if (!onlyPositionals && token === "--") {
      onlyPositionals = true;
      index++;
      continue;
    }
    if (!onlyPositionals && token.startsWith("-") && token !== "-") {
      const consumed = takeFlag(tokens, index, definitions, values, path);
      if (consumed === 0) throw unknownFlag(token, definitions, path);
      index += consumed;
      continue;
    }
    given.push(token);
    index++;
  }

  if (given.length > positionals.length && !positionals.at(-1)?.[1].variadic) {
    const stray = given[positionals.length]!;
    throw new UsageError(`unexpected argument "${printable(stray)}" for "${commandLabel(path)}"`);
  }
  positionals.forEach(([name, def], position) => {
    const value = given[position];
    if (def.variadic) values[name] = given.slice(position);
    else if (value !== undefined) values[name] = checkOption(value, `<${name}>`, def);
    else if (def.required !== false && def.default === undefined) {
      throw new UsageError(`missing argument <${name}> for "${commandLabel(path)}"`);
    }
  });
  const typed = new Set(Object.keys(values).filter((name) => values[name] !== undefined)); // not defaults
  for (const [name, def] of Object.entries(definitions)) {
    if (def.type === "positional") continue;
    if (def.repeatable && values[name] === undefined) values[name] = [];
    if (def.required && values[name] === undefined) throw new UsageError(`missing required flag --${name} for "${commandLabel(path)}"`);
    if (values[name] === undefined && def.default !== undefined) values[name] = def.default;
  }
  applyRules(values, definitions, typed);
  return values;
}

/**
 * The rules declared on the args (DuvoArgDef): values first (UUIDs, whole numbers in
 * range), then how flags go together (conflicts, requires), in the order they are declared.
 */
export function applyRules(values: Record<string, unknown>, definitions: DuvoArgsDef, typed: Set<string>): void {
  const given = (name: string) => typed.has(name) && values[name] !== false && !(Array.isArray(values[name]) && values[name].length === 0);
  for (const [name, def] of Object.entries(definitions)) {
    const value = values[name];
    if (value === undefined) continue;
    const label = def.type === "positional" ? name.replace(/-/g, " ") : `--${name}`;
    if (def.uuid) {
      const what = def.uuid === true ? label : def.uuid;
      values[name] = Array.isArray(value) ? value.map((item: string) => checkUuid(item, what)) : checkUuid(value as string, what);
    }
    if (def.integer) {
      const count = (text: string) => parseCount(text, label, def.integer)!;
      values[name] = Array.isArray(value) ? value.map(count) : count(value as string);
    }
  }
  for (const [name, def] of Object.entries(definitions)) {
    if (!given(name)) continue;
    const conflicts = typeof def.conflicts === "string" ? [def.conflicts] : (def.conflicts ?? []);
    const other = conflicts.find(given);
    if (other !== undefined) throw new UsageError(`--${name} and --${other} cannot be used together`);
    if (def.requires !== undefined && !given(def.requires)) throw new UsageError(`--${name} needs --${def.requires}`);
  }
}

/**
 * Reads one flag (and its value) at `tokens[index]` into `values`. Returns how many tokens
 * it used, or 0 when the flag is not one of `definitions`.
 */
function takeFlag(tokens: string[], index: number, definitions: DuvoArgsDef, values: Record<string, unknown>, path: string[]): number {
  const token = tokens[index]!;
  const equals = token.startsWith("--") ? token.indexOf("=") : -1;
  const spelled = equals === -1 ? token : token.slice(0, equals);
  const found = findFlag(spelled, definitions);
  if (!found) return 0;
  const [name, def] = found;
  const label = `--${name}`;
  let value: unknown;
  let used = 1;
  if (def.type === "boolean") {
    if (equals !== -1) throw new UsageError(`flag ${label} takes no value (got "${printable(token)}")`);
    value = true;
  } else {
    if (equals !== -1) value = token.slice(equals + 1);
    else {
      const next = tokens[index + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-" && findFlag(next.split("=")[0]!, definitions))) {
        throw new UsageError(`flag ${label} needs a value${def.valueHint ? ` <${def.valueHint}>` : ""}`);
      }
      value = next;
      used = 2;
    }
    if (def.type === "enum") checkOption(value as string, label, def);
  }
  if (def.repeatable) {
    values[name] = [...((values[name] as string[] | undefined) ?? []), value as string];
  } else {
    if (values[name] !== undefined) {
      throw new UsageError(`flag ${label} was given more than once for "${commandLabel(path)}"`);
    }
    values[name] = value;
  }
  return used;
}

/** A value of an enum flag, or of a positional with `options`, must be one of them. */
function checkOption(value: string, label: string, def: DuvoArgDef): string {
  if (def.options && !def.options.includes(value)) {
    const suggestion = closest(value, def.options);
    throw new UsageError(`invalid value "${printable(value)}" for ${label}: expected ${def.options.join(" or ")}${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
  }
  return value;
}

/** The flag `spelled` (`--name` or a one-letter `-x` alias) among `definitions`. */
export function findFlag(spelled: string, definitions: DuvoArgsDef): [string, DuvoArgDef] | undefined {
  for (const [name, def] of Object.entries(definitions)) {
    if (def.type === "positional") continue;
    if (spelled === `--${name}`) return [name, def];
    if (aliasesOf(def).some((alias) => spelled === (alias.length === 1 ? `-${alias}` : `--${alias}`))) return [name, def];
  }
  return undefined;
}

function unknownFlag(token: string, definitions: DuvoArgsDef, path: string[]): UsageError {
  const spelled = token.split("=")[0]!;
  const names = Object.entries(definitions)
    .filter(([, def]) => def.type !== "positional")
    .map(([name]) => `--${name}`);
  const suggestion = spelled.startsWith("--") ? closest(spelled, names) : undefined;
  const help = suggestion ? `did you mean ${suggestion}?` : `see "${commandLabel(path)} --help"`;
  return new UsageError(`unknown flag ${printable(spelled)} for "${commandLabel(path)}"; ${help}`);
}

function toGlobals(values: Record<string, unknown>): Globals {
  return {
    profile: values.profile as string | undefined,
    team: values.team as string | undefined,
    debug: values.debug === true,
    noInput: values["no-input"] === true,
  };
}

function indexOrEnd(list: string[], item: string): number {
  const found = list.indexOf(item);
  return found === -1 ? list.length : found;
}
