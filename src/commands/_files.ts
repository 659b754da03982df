/**
 * Flags that take a file or `-` for stdin (`--config-file <path|->`, `--input <path|->`): the
 * text read before any request, a missing or unreadable file a usage error naming it, and
 * JSON documents parsed with the place named when they are not JSON.
 */
import type { Runtime } from "../cli/runtime.ts";
import { UsageError } from "../errors.ts";

/** The text of `source` (a path, or `-` for stdin). */
export async function readFileOrStdin(runtime: Runtime, source: string, flag: string): Promise<string> {
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
  if (text.trim() === "") throw new UsageError(`${flag} ${source === "-" ? "- (stdin)" : shownPath(source)} is empty`);
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
