import { operationCommand } from "../../cli/operation-command.ts";
import { showSuggestion } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Reject a suggestion (asks first on a terminal; -y skips the question)",
    examples: ["duvo suggestions reject <suggestion-id>", "duvo suggestions reject <suggestion-id> -y --json"],
  },
  operation: "rejectAgentSuggestion",
  args: { "suggestion-id": { type: "positional", uuid: true, description: "The suggestion's id", required: true } },
  request: (args) => ({ path: { id: args["suggestion-id"] } }),
  confirm: (args) => `Reject suggestion ${args["suggestion-id"]}?`,
  show: showSuggestion,
});
