/**
 * `--help` without loading the program: the screen an argv asks for, from the screens
 * rendered at build time (src/cli/generated/, `bun run gen:help`; one chunk of the binary with
 * this module, ~190 KB: two strings, the screens one after another and an index of lines, so
 * loading it builds no object per command), or undefined when the argv is anything else. The binary's entry
 * (src/main.ts) asks here when the argv has -h or --help, or is empty; undefined sends the
 * argv the usual way (src/run-cli.ts), which also gives every error (an unknown command, a
 * flag without its value) its usual words. So this walk mirrors parseInvocation's
 * (src/cli/parse.ts) for the argvs that print help, and gives up on everything else:
 * test/help-quick.test.ts checks both against `runCli` for every command.
 */
import { COMMAND_INDEX, GLOBAL_FLAGS } from "./generated/help-tree.ts";
import { HELP_TEXTS } from "./generated/help-texts.ts";

/** The path ("runs get") of the help screen `argv` asks for, or undefined when it asks for something else (or is wrong). */
export function helpPath(argv: string[]): string | undefined {
  const end = argv.indexOf("--");
  const wantsHelp = (end === -1 ? argv : argv.slice(0, end)).some((token) => token === "-h" || token === "--help");
  const given = new Set<string>();
  let path = "";
  let index = 0;
  let showVersion = false;
  let runsGroup = false;
  while (index < argv.length) {
    const token = argv[index]!;
    if (kindOf(path) === 0 || token === "--") break;
    if (token.startsWith("-") && token !== "-") {
      if (path === "" && token === "--version") {
        showVersion = true;
        index++;
        continue;
      }
      const used = globalFlag(argv, index, given);
      if (used === undefined) return undefined; // a flag the parser rejects: its error, the usual way
      if (used === 0 && !wantsHelp) return undefined;
      index += Math.max(used, 1);
      continue;
    }
    const next = path === "" ? token : `${path} ${token}`;
    if (token.includes(" ") || kindOf(next) === undefined) {
      if (kindOf(path) !== 2) return undefined; // an unknown command
      runsGroup = true;
      break;
    }
    path = next;
    index++;
  }
  const isGroup = kindOf(path) !== 0 && !runsGroup;
  if (wantsHelp) return path;
  if (isGroup && !showVersion && index === argv.length) return path;
  return undefined;
}

/** The help screen `argv` asks for, or undefined (see helpPath). */
export function quickHelp(argv: string[]): string | undefined {
  const path = helpPath(argv);
  const found = path === undefined ? undefined : lookUp(path);
  return found && HELP_TEXTS.slice(found.start, found.start + found.length);
}

/** Every command's path and kind (0 a command, 1 a group, 2 a group that is also a command), as the index lists them. */
export function commandKinds(): Map<string, 0 | 1 | 2> {
  const kinds = new Map<string, 0 | 1 | 2>();
  for (const line of COMMAND_INDEX.split("\n").slice(1, -1)) {
    const [path, kind] = line.split("\t");
    kinds.set(path!, Number(kind) as 0 | 1 | 2);
  }
  return kinds;
}

function kindOf(path: string): 0 | 1 | 2 | undefined {
  return lookUp(path)?.kind;
}

/** The index's line for `path` ("\n<path>\t<kind>\t<start>\t<length>"), or undefined for no command. */
function lookUp(path: string): { kind: 0 | 1 | 2; start: number; length: number } | undefined {
  if (path.includes("\t") || path.includes("\n")) return undefined; // no command's path has them: they would misread the index
  const at = COMMAND_INDEX.indexOf(`\n${path}\t`);
  if (at === -1) return undefined;
  const [kind, start, length] = COMMAND_INDEX.slice(at + path.length + 2, COMMAND_INDEX.indexOf("\n", at + 1)).split("\t");
  return { kind: Number(kind) as 0 | 1 | 2, start: Number(start), length: Number(length) };
}

/**
 * How many tokens the global flag at `argv[index]` takes (as the parser's takeFlag counts
 * them): 0 when it is no global flag, undefined when the parser would refuse it (a value
 * given to a switch, a missing value, a flag given twice).
 */
function globalFlag(argv: string[], index: number, given: Set<string>): number | undefined {
  const token = argv[index]!;
  const equals = token.startsWith("--") ? token.indexOf("=") : -1;
  const flag = spelled(equals === -1 ? token : token.slice(0, equals));
  if (!flag) return 0;
  const [name, takesValue] = flag;
  if (given.has(name)) return undefined;
  given.add(name);
  if (!takesValue) return equals === -1 ? 1 : undefined;
  if (equals !== -1) return 1;
  const next = argv[index + 1];
  if (next === undefined || (next.startsWith("-") && next !== "-" && spelled(next.split("=")[0]!))) return undefined;
  return 2;
}

function spelled(spelling: string): [name: string, takesValue: boolean] | undefined {
  return Object.hasOwn(GLOBAL_FLAGS, spelling) ? GLOBAL_FLAGS[spelling] : undefined;
}
