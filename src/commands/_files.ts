/**
 * Files named on the command line (`--config-file <path|->`, `--input <path|->`, `--file`,
 * `--from-file`): read or checked before any request, a missing or unreadable one a usage
 * error naming it, JSON documents parsed with the place named when they are not JSON.
 */
import type { Runtime } from "../cli/runtime.ts";
import { printable } from "../printable.ts";
import { UsageError } from "../errors.ts";

/** A file's text for a flag; a missing or unreadable file is exit 4 naming it, before any request. */
export function readFileFor(path: string, flag: string): string {
  try {
    // node:fs on demand: `duvo --help` lists the commands without loading it.
    return (require("node:fs") as typeof import("node:fs")).readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${printable(path)} for ${flag}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
}

/** The text of `source` (a path, or `-` for stdin); empty text is refused unless `allowEmpty`. */
export async function readFileOrStdin(runtime: Runtime, source: string, flag: string, { allowEmpty = false } = {}): Promise<string> {
  let text: string;
  if (source === "-") text = await runtime.io.readStdin();
  else {
    try {
      // node:fs on demand: help and completion list this command without loading it.
      text = (require("node:fs") as typeof import("node:fs")).readFileSync(source, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${shownPath(source)} for ${flag}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
    }
  }
  if (!allowEmpty && text.trim() === "") throw new UsageError(`${flag} ${source === "-" ? "- (stdin)" : shownPath(source)} is empty`);
  return text;
}

/** The JSON document in `source`. */
export async function readJsonFile(runtime: Runtime, source: string, flag: string): Promise<unknown> {
  const text = await readFileOrStdin(runtime, source, flag);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${source === "-" ? "- (stdin)" : shownPath(source)} is not valid JSON (${(error as Error).message})`);
  }
}

/** A path as errors show it: whole (unlike other echoed input), control characters replaced. */
export function shownPath(path: string): string {
  return path.replace(/[\x00-\x1f\x7f-\x9f]/g, "?");
}

/** Size of a readable regular file; exit 4 naming it otherwise. */
export function readableFile(path: string, flag: string): number {
  let size: number;
  try {
    const stat = (require("node:fs") as typeof import("node:fs")).statSync(path);
    if (!stat.isFile()) throw new UsageError(`${flag}: "${printable(path)}" is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    throw new UsageError(`${flag}: cannot read "${printable(path)}"${code === "ENOENT" ? ": no such file" : code === "EACCES" ? ": permission denied" : ""}`);
  }
  try {
    // Opening proves it is readable (permissions), without reading it.
    require("node:fs").closeSync(require("node:fs").openSync(path, "r"));
  } catch {
    throw new UsageError(`${flag}: cannot read "${printable(path)}": permission denied`);
  }
  return size;
}
