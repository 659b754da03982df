/**
 * Destructive commands ask on a terminal (default No); `-y` skips the question; without a
 * terminal and without `-y` they refuse (exit 4). Either way nothing is sent before this.
 */
import { UsageError } from "../errors.ts";
import type { DuvoArgsDef } from "./command.ts";
import type { Runtime } from "./runtime.ts";

export const yesArg = {
  yes: { type: "boolean", alias: "y", description: "Do not ask for confirmation" },
} as const satisfies DuvoArgsDef;

/** Asks before a destructive request; refuses without a terminal unless -y (nothing is sent either way). */
export async function confirmOrRefuse(runtime: Runtime, question: string, yes: boolean, command: string): Promise<void> {
  if (yes) return;
  if (!runtime.canPrompt) throw new UsageError(`${command} changes data and there is no terminal to ask on: add -y to confirm`);
  const confirmed = await runtime.prompter.confirm(question, false);
  if (!confirmed) throw new UsageError("nothing changed: cancelled at the prompt");
}
