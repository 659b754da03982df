import type { DuvoArgsDef } from "../../../cli/command.ts";

export const buildArg = {
  build: { type: "string", uuid: "build id", description: "The revision (default: the live one)", valueHint: "build-id" },
} as const satisfies DuvoArgsDef;

export const rubricIdArg = { "rubric-id": { type: "positional", uuid: true, description: "The rubric's id", required: true } } as const satisfies DuvoArgsDef;

export const rubricPath = (args: { "agent-id": string; "rubric-id": string }) => ({
  agentId: args["agent-id"],
  rubricId: args["rubric-id"],
});
