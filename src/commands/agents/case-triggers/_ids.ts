import type { DuvoArgsDef } from "../../../cli/command.ts";
import { parseCount } from "../../../cli/values.ts";
import { UsageError } from "../../../errors.ts";

export const triggerIdArg = { "trigger-id": { type: "positional", uuid: "case trigger id", description: "The case trigger's id", required: true } } as const satisfies DuvoArgsDef;

export const concurrencyArg = {
  concurrency: { type: "string", description: "Cases worked at once: the API allows only 1 (one at a time); without it, no limit", valueHint: "n" },
} as const satisfies DuvoArgsDef;

export function triggerPath(args: { "agent-id": string; "trigger-id": string }) {
  return { agent_id: args["agent-id"], trigger_id: args["trigger-id"] };
}

/** --concurrency: the document allows 1 (or no limit). */
export function concurrency(value: string | undefined): 1 | undefined {
  const n = parseCount(value, "--concurrency", { min: 1 });
  if (n !== undefined && n !== 1) throw new UsageError(`invalid value "${value}" for --concurrency: the API allows only 1 (leave it out for no limit)`);
  return n;
}
