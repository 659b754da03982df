/** `--message <text>`, or `-` to read it from stdin (send-message, start). Empty text is a usage error. */
import type { Runtime } from "../cli/runtime.ts";
import { UsageError } from "../errors.ts";

export async function readMessageArg(runtime: Runtime, value: string, flag = "--message"): Promise<string> {
  if (value === "-") runtime.log.debug(`reading ${flag} from stdin`);
  const text = value === "-" ? (await runtime.io.readStdin()).replace(/\r?\n$/, "") : value;
  if (text.trim() === "") throw new UsageError(`${flag} is empty${value === "-" ? " (nothing on stdin)" : ""}`);
  return text;
}
