/**
 * How a `duvo` command is declared: a citty command definition (meta, args, lazy
 * subCommands) plus examples for `--help`. `run` gets the strictly parsed arguments and
 * the runtime (streams, globals, API access) from outside, so every command can be run
 * in-process by tests.
 */
import { defineCommand, type ArgDef, type CommandDef, type CommandMeta } from "citty";
import type { OperationId } from "../api/generated/operation-types.ts";
import type { Runtime } from "./runtime.ts";

/**
 * citty's ArgDef plus what citty lacks: flags that may be given many times, a last
 * positional that takes every remaining argument, the values a positional accepts (checked
 * by the parser, offered by shell completion), and rules the parser enforces before `run`
 * (src/cli/parse.ts), each a one-line usage error (exit 4).
 */
export type DuvoArgDef = (
  | { type: "boolean"; default?: boolean; negativeDescription?: string }
  | { type?: "string"; default?: string }
  | { type: "enum"; default?: string }
  | { type: "positional"; default?: string }
) & {
  /** The values an enum flag or a positional accepts (typed as their union in ParsedArgs). */
  options?: readonly string[];
  description?: string;
  valueHint?: string;
  alias?: string | string[];
  required?: boolean;
  repeatable?: boolean;
  variadic?: boolean;
  /** Values shell completion offers for a positional, given the positionals typed before it (not checked by the parser). */
  suggest?: (before: string[]) => Promise<{ value: string; description: string }[]>;
  /** A UUID (passed on lower-cased); the text names it in the error, e.g. "agent id" (default: `--flag`, or the positional's name). */
  uuid?: true | string;
  /** A whole number (passed on as a number), at least `min` and at most `max`. */
  integer?: { min?: number; max?: number };
  /** Flags that cannot be given with this one: "--a and --b cannot be used together". */
  conflicts?: string | readonly string[];
  /** A flag this one needs: "--a needs --b". */
  requires?: string;
};
export type DuvoArgsDef = Record<string, DuvoArgDef>;

export function aliasesOf(def: DuvoArgDef): string[] {
  const alias = def.alias;
  return alias === undefined ? [] : Array.isArray(alias) ? alias : [alias as string];
}

type Text<A extends DuvoArgDef> = A extends { options: readonly (infer O extends string)[] } ? O : A extends { integer: object } ? number : string;

type ValueOf<A extends DuvoArgDef> = A extends { repeatable: true } | { variadic: true }
  ? Text<A>[]
  : A["type"] extends "boolean"
    ? boolean | undefined
    : A extends { required: true } | { default: string }
      ? Text<A>
      : Text<A> | undefined;

export type ParsedArgs<T extends DuvoArgsDef> = { [K in keyof T]: ValueOf<T[K]> };

export interface DuvoCommandMeta extends CommandMeta {
  /**
   * Not written in a command: its group sets it, when it loads the command, from the key the
   * command is listed under (see groupCommand). Only the root command names itself.
   */
  name?: string;
  description: string;
  /** Shown in `--help`; the seed's own command lines among them. */
  examples?: string[];
  /** Extra paragraphs at the end of `--help`. */
  notes?: string;
}

export type DuvoCommand = CommandDef<any> & {
  meta: DuvoCommandMeta;
  args?: DuvoArgsDef;
  duvoRun?: (args: Record<string, unknown>, runtime: Runtime) => Promise<number | void>;
  /** A declarative command's operation id, when it is one (read by the tests' check that every leaf's request is asserted). */
  duvoOperation?: string;
  /** The GETs the command always sends first (see `EarlyOperations`). */
  duvoEarly?: EarlyOperations;
};

/**
 * The GET operations a command always sends first, whatever else it does, when it is given
 * its one positional as a UUID (or has none) and at most `--json`: the binary sends them
 * while it loads the command (src/cli/early.ts), and the command's own requests take their
 * answers. Each operation's one path parameter (if any) is that positional; `bun run gen:help`
 * checks the declaration and writes the table the binary reads (src/cli/generated/early-requests.ts).
 */
export type EarlyOperations = readonly OperationId[];

/** A leaf command: parsed args + runtime in, exit code (default 0) out. */
export function leafCommand<const T extends DuvoArgsDef>(definition: {
  meta: DuvoCommandMeta;
  args: T;
  run: (args: ParsedArgs<T>, runtime: Runtime) => Promise<number | void>;
  early?: EarlyOperations;
}): DuvoCommand {
  const command = defineCommand({ meta: definition.meta, args: definition.args as Record<string, ArgDef> }) as DuvoCommand;
  command.duvoRun = definition.run as DuvoCommand["duvoRun"];
  if (definition.early) command.duvoEarly = definition.early;
  return command;
}

/** How a group lists a command: a loader of it, or of a module whose default export it is (`() => import("./get.ts")`). */
export type SubCommandLoader = () => Promise<DuvoCommand | { default: DuvoCommand }>;

/**
 * A group of commands, each loaded only when it runs (or when help lists it). The key a
 * command is listed under is its name, written nowhere else: a command that names itself
 * fails to load. With `args` and `run`, the group is also a command: a word that is not a
 * subcommand is its argument.
 */
export function groupCommand<const T extends DuvoArgsDef>(definition: {
  meta: DuvoCommandMeta;
  subCommands: Record<string, SubCommandLoader>;
  args?: T;
  run?: (args: ParsedArgs<T>, runtime: Runtime) => Promise<number | void>;
}): DuvoCommand {
  // Wrapped when the group's commands are first asked for, not when the group loads, and in
  // one loop rather than a call per command: root help loads every group for its description,
  // and a wrapper function called for each of their ~150 commands became hot enough for
  // the JIT compilers (+2 MB RSS and several ms of start-up; scripts/bench.ts).
  let loaders: Record<string, () => Promise<DuvoCommand>> | undefined;
  const subCommands = () => {
    if (!loaders) {
      loaders = {};
      for (const [name, load] of Object.entries(definition.subCommands)) loaders[name] = async () => namedBy(name, await load());
    }
    return loaders;
  };
  const command = defineCommand({
    meta: definition.meta,
    subCommands,
    ...(definition.args ? { args: definition.args as Record<string, ArgDef> } : {}),
  }) as DuvoCommand;
  if (definition.run) command.duvoRun = definition.run as DuvoCommand["duvoRun"];
  return command;
}

/** Commands already named by their group (a module is loaded once, its command named once). */
const named = new WeakMap<DuvoCommand, string>();

/** The command a group loaded as `name`, named so (or the error a second name is). */
function namedBy(name: string, loaded: DuvoCommand | { default: DuvoCommand }): DuvoCommand {
  const command = "meta" in loaded ? loaded : loaded.default;
  const given = named.get(command);
  if (given === undefined) {
    if (command.meta.name !== undefined) throw new Error(`the command listed as "${name}" names itself "${command.meta.name}": its key in the group is its only name`);
    command.meta.name = name;
    named.set(command, name);
  } else if (given !== name) {
    throw new Error(`one command is listed both as "${given}" and as "${name}"`);
  }
  return command;
}

/** Flags accepted by every command, before or after the subcommand. */
export const globalArgs = {
  profile: { type: "string", description: "Use this profile from the config file", valueHint: "name" },
  team: { type: "string", description: "Team id to act in", valueHint: "id" },
  debug: { type: "boolean", description: "Log requests and timings to stderr (never the key)" },
  "no-input": { type: "boolean", description: "Never prompt (also DUVO_NO_INPUT=1)" },
  help: { type: "boolean", alias: "h", description: "Show help for the command" },
} as const satisfies DuvoArgsDef;

/** `--jq`: a real jq over what `--json` prints (src/output/jq.ts, loaded only when given). */
export const jqArgs = {
  jq: {
    type: "string",
    alias: "q",
    description: "Filter the JSON with a jq expression; print the results like jq -r (implies --json)",
    valueHint: "expr",
  },
} as const satisfies DuvoArgsDef;

export const jsonArgs = {
  json: { type: "boolean", description: "Print machine-readable JSON (compact unless on a TTY)" },
  ...jqArgs,
} as const satisfies DuvoArgsDef;
