import { operationCommand } from "../../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Delete a custom integration and every connection to it (asks first on a terminal; -y skips the question)",
    examples: ["duvo integrations custom delete <custom-integration-id>", "duvo integrations custom delete <custom-integration-id> -y --json"],
  },
  operation: "deleteCustomIntegration",
  args: { "custom-integration-id": { type: "positional", uuid: true, description: "The custom integration's id", required: true } },
  request: (args) => ({ path: { custom_integration_id: args["custom-integration-id"] } }),
  confirm: (args) => `Delete custom integration ${args["custom-integration-id"]}? Every connection to it is removed too.`,
  show: { done: (answer, args) => `Deleted custom integration ${args["custom-integration-id"]}${answer.message ? ` (${answer.message})` : ""}.` },
});
