import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List an agent's event triggers",
    examples: ["duvo agents triggers list <agent-id>", "duvo agents triggers list <agent-id> --json"],
    notes: "--json prints the API response {triggers}.",
  },
  operation: "listAgentTriggers",
  args: agentIdArg,
  request: (args) => ({ path: { agentId: args["agent-id"] } }),
  show: {
    items: "triggers",
    columns: [
      ["ID", "id", { keep: true }],
      ["INTEGRATION", "integration_slug"],
      ["TYPE", "trigger_type"],
      ["FILTER", "filter_config"],
      ["ENABLED", "enabled", { keep: true }],
    ],
    empty: "This agent has no event triggers.",
  },
});
