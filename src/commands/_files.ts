/** Reading files named on the command line: a missing or unreadable one is exit 4 naming it, before any request. */
import { statSync } from "node:fs";
import type { Runtime } from "../cli/runtime.ts";
import { printable } from "../cli/values.ts";
import { UsageError } from "../errors.ts";

/** Size of a readable regular file; exit 4 naming it otherwise. */
export function readableFile(path: string, flag: string): number {
  let size: number;
  try {
    const stat = statSync(path);
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

/** A file's text, or stdin's for `-`. */
export async function readTextArg(runtime: Runtime, path: string, flag: string): Promise<string> {
  if (path === "-") return runtime.io.readStdin();
  readableFile(path, flag);
  return Bun.file(path).text();
}
