import { operationCommand } from "../../cli/operation-command.ts";
import { showSuggestion } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Apply a suggestion: its change goes into the agent's draft revision",
    examples: ["duvo suggestions consume <suggestion-id>", "duvo suggestions consume <suggestion-id> --revision-id <revision-id> --json"],
  },
  operation: "consumeAgentSuggestion",
  args: {
    "suggestion-id": { type: "positional", uuid: true, description: "The suggestion's id", required: true },
    "revision-id": { type: "string", uuid: "revision id", description: "Apply it to this revision", valueHint: "id" },
  },
  request: (args) => ({
    path: { id: args["suggestion-id"] },
    body: { revision_id: args["revision-id"] },
  }),
  show: showSuggestion,
});
