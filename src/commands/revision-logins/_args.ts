import type { DuvoArgsDef } from "../../cli/command.ts";
import { checkUuid } from "../../cli/values.ts";

export const revisionArgs = {
  agent: { type: "string", description: "The agent's id", required: true, valueHint: "id" },
  revision: { type: "string", description: "The revision's id", required: true, valueHint: "id" },
} as const satisfies DuvoArgsDef;

export const revisionPath = (args: { agent: string; revision: string }) => ({ agentId: checkUuid(args.agent, "agent id"), buildId: checkUuid(args.revision, "revision id") });
