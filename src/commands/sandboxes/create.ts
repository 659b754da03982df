import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Create a sandbox; prints its id and when it expires",
    examples: ["duvo sandboxes create", "SANDBOX=$(duvo sandboxes create --json | jq -r .sandbox_id)"],
  },
  operation: "createSandbox",
  args: {},
  show: {
    fields: [
      ["Sandbox", "sandbox_id"],
      ["Expires", "expires_at"],
    ],
  },
});
