import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Create a dashboard from a description of what it should show",
    examples: ['duvo pulse create --message "Weekly invoices by status"', 'duvo pulse create --message "Open cases per queue" --json | jq -r .artifact_id'],
  },
  operation: "createPulseDashboard",
  args: { message: { type: "string", description: "What the dashboard should show", valueHint: "text", required: true } },
  request: (args) => ({ body: { message: args.message } }),
  show: {
    fields: [
      ["ID", "artifact_id"],
      ["Asked", (answer) => answer.user_message?.content],
    ],
  },
});
