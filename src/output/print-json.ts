/** `--json` output for every command: compact for scripts, indented on a TTY; with `--jq`, jq's results instead. */
import type { Runtime } from "../cli/runtime.ts";
import { formatJson } from "./run-json.ts";

export function printJson(runtime: Runtime, value: unknown): Promise<void> {
  if (runtime.jq) return runtime.jq.print(formatJson(value, false));
  return runtime.io.stdout.write(formatJson(value, runtime.io.stdout.isTTY));
}
