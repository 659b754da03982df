import type { DuvoArgsDef } from "../../cli/command.ts";

export const revisionArgs = {
  agent: { type: "string", uuid: "agent id", description: "The agent's id", required: true, valueHint: "id" },
  revision: { type: "string", uuid: "revision id", description: "The revision's id", required: true, valueHint: "id" },
} as const satisfies DuvoArgsDef;

export const revisionPath = (args: { agent: string; revision: string }) => ({ agentId: args.agent, buildId: args.revision });
