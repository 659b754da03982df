import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List the event triggers an agent can have: integration, type, what it does",
    examples: ["duvo agents triggers types <agent-id>", "duvo agents triggers types <agent-id> --json | jq '.trigger_types[].filter_schema'"],
    notes: "--json prints the API response {trigger_types}, with each type's filter schema.",
  },
  operation: "listAgentTriggerTypes",
  args: agentIdArg,
  request: (args) => ({ path: { agentId: args["agent-id"] } }),
  show: {
    items: "trigger_types",
    columns: [
      ["INTEGRATION", "integration_slug", { keep: true }],
      ["TYPE", "trigger_type", { keep: true }],
      ["LABEL", "label"],
      ["DESCRIPTION", "description"],
    ],
    empty: "No event triggers are available to this agent.",
  },
});
