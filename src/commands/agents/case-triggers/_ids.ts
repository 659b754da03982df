import type { DuvoArgsDef } from "../../../cli/command.ts";
import { parseCount } from "../../../cli/values.ts";

export const triggerIdArg = { "trigger-id": { type: "positional", uuid: "case trigger id", description: "The case trigger's id", required: true } } as const satisfies DuvoArgsDef;

export const concurrencyArg = {
  concurrency: { type: "string", description: "Cases worked at once (1 = one at a time); without it, the platform's default", valueHint: "n" },
} as const satisfies DuvoArgsDef;

export function triggerPath(args: { "agent-id": string; "trigger-id": string }) {
  return { agent_id: args["agent-id"], trigger_id: args["trigger-id"] };
}

/** --concurrency: a whole number of at least 1 (the document's `enum: [1]` is corrected: scripts/openapi/fixups.ts). */
export function concurrency(value: string | undefined): number | undefined {
  return parseCount(value, "--concurrency", { min: 1 });
}
