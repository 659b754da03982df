/** Pieces shared by many commands: arg fragments, JSON printing, reading text from stdin. */
import type { DuvoArgsDef } from "../cli/command.ts";
import type { Runtime } from "../cli/runtime.ts";
import { UsageError } from "../errors.ts";
import { formatJson } from "../output/run-json.ts";

export const runIdArg = {
  "run-id": { type: "positional", description: "The run's id (a UUID)", required: true },
} as const satisfies DuvoArgsDef;

export const exitStatusArg = {
  "exit-status": { type: "boolean", description: "Exit 6 if the run fails, stops or is interrupted; 8 if it needs a human" },
} as const satisfies DuvoArgsDef;

/** `--json` output: compact for scripts, indented on a TTY; with `--jq`, jq's results instead. */
export function printJson(runtime: Runtime, value: unknown): Promise<void> {
  if (runtime.jq) return runtime.jq.print(formatJson(value, false));
  return runtime.io.stdout.write(formatJson(value, runtime.io.stdout.isTTY));
}

/** `--message <text>`, or `-` to read it from stdin. Empty text is a usage error. */
export async function readMessageArg(runtime: Runtime, value: string, flag = "--message"): Promise<string> {
  if (value === "-") runtime.log.debug(`reading ${flag} from stdin`);
  const text = value === "-" ? (await runtime.io.readStdin()).replace(/\r?\n$/, "") : value;
  if (text.trim() === "") throw new UsageError(`${flag} is empty${value === "-" ? " (nothing on stdin)" : ""}`);
  return text;
}
