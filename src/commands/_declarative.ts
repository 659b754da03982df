/**
 * What export, plan and apply share on the command line: reading the file given with -f,
 * writing a result file whole or not at all.
 */
import type { Runtime } from "../cli/runtime.ts";
import { readFileOrStdin, shownPath } from "./_files.ts";
import { CliError } from "../errors.ts";

/** The manifest given with -f (a path, or - for stdin), checked: exit 4 naming the field. */
export async function readManifestArg(runtime: Runtime, source: string) {
  const { parseManifest } = await import("../declarative/manifest.ts");
  const text = await readFileOrStdin(runtime, source, "-f");
  return parseManifest(text, source === "-" ? "(stdin)" : shownPath(source));
}

/** Writes `text` to `path` through a temporary file renamed over it: whole or not at all. */
export function writeWhole(path: string, text: string): void {
  const fs = require("node:fs") as typeof import("node:fs");
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text, { mode: 0o644 });
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new CliError(`cannot write ${shownPath(path)}: ${(error as NodeJS.ErrnoException).code ?? "unwritable"}`);
  }
}
