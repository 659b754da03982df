import type { DuvoArgsDef } from "../../../cli/command.ts";
import { checkUuid } from "../../../cli/values.ts";

export const buildArg = {
  build: { type: "string", description: "The revision (default: the live one)", valueHint: "build-id" },
} as const satisfies DuvoArgsDef;

export const rubricIdArg = { "rubric-id": { type: "positional", description: "The rubric's id", required: true } } as const satisfies DuvoArgsDef;

export const buildId = (value: string | undefined) => (value === undefined ? undefined : checkUuid(value, "build id"));

export const rubricPath = (args: { "agent-id": string; "rubric-id": string }) => ({
  agentId: checkUuid(args["agent-id"], "agent id"),
  rubricId: checkUuid(args["rubric-id"], "rubric id"),
});
