/**
 * Secret values given to a command: as a flag (`--password p`, visible in shell history and
 * `ps`), or kept out of both by reading them from stdin (`--password-stdin`) or a file
 * (`--password-file`). Values are never echoed: errors name the flag or the file, not the value.
 */
import type { Runtime } from "../cli/runtime.ts";
import { printable } from "../printable.ts";
import { UsageError } from "../errors.ts";
import { readFileFor } from "./_files.ts";

/** stdin can feed one flag only; the second one asking for it is a usage error. */
export function stdinOnce(runtime: Runtime) {
  let takenBy: string | undefined;
  return async (flag: string): Promise<string> => {
    if (takenBy !== undefined) throw new UsageError(`stdin can feed one flag only: ${takenBy} and ${flag} both read it`);
    takenBy = flag;
    return runtime.io.readStdin();
  };
}

export type StdinReader = ReturnType<typeof stdinOnce>;

/**
 * One secret from `--<name>`, `--<name>-stdin` or `--<name>-file` (at most one of them);
 * undefined when none is given. A trailing newline is dropped; an empty value is refused.
 */
export async function readSecret(name: string, args: Record<string, unknown>, stdin: StdinReader): Promise<string | undefined> {
  const value = args[name] as string | undefined;
  const fromStdin = args[`${name}-stdin`] === true;
  const file = args[`${name}-file`] as string | undefined;
  const given = [value !== undefined && `--${name}`, fromStdin && `--${name}-stdin`, file !== undefined && `--${name}-file`].filter(Boolean);
  if (given.length > 1) throw new UsageError(`give one of ${given.join(", ")}`);
  if (given.length === 0) return undefined;
  let text: string;
  let source: string;
  if (value !== undefined) [text, source] = [value, `--${name}`];
  else if (fromStdin) [text, source] = [(await stdin(`--${name}-stdin`)).replace(/\r?\n$/, ""), `--${name}-stdin (nothing on stdin)`];
  else [text, source] = [readFileFor(file!, `--${name}-file`).replace(/\r?\n$/, ""), `--${name}-file ${printable(file!)}`];
  if (text === "") throw new UsageError(`${source} is empty`);
  return text;
}

/** `KEY=VALUE` pairs of a repeatable flag, in order; a pair without `=` or a key given twice is a usage error (the value is never shown). */
export function parsePairs(pairs: readonly string[], flag: string, into: Record<string, string> = {}): Record<string, string> {
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`${flag} expects KEY=VALUE${at === 0 ? " with a key before the =" : ""} (got a value without "=")`);
    const key = pair.slice(0, at);
    if (Object.hasOwn(into, key)) throw new UsageError(`${flag}: the key ${printable(key)} is given twice`);
    into[key] = pair.slice(at + 1);
  }
  return into;
}

/** `KEY=VALUE` lines of a file (or stdin with `-`), as for .env files: blank lines and `#` comments skipped, `export ` allowed. */
export async function readPairsFile(source: string, flag: string, stdin: StdinReader, into: Record<string, string> = {}): Promise<Record<string, string>> {
  const text = source === "-" ? await stdin(`${flag} -`) : readFileFor(source, flag);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  if (lines.length === 0) throw new UsageError(`${flag} ${source === "-" ? "- (stdin)" : printable(source)} holds no KEY=VALUE line`);
  return parsePairs(
    lines.map((line) => line.replace(/^\s*export\s+/, "")),
    `${flag} ${source === "-" ? "-" : printable(source)}`,
    into,
  );
}
