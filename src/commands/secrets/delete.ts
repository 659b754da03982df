import { operationCommand } from "../../cli/operation-command.ts";
import { secretIdArg } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Delete a secret (asks first on a terminal; -y skips the question)",
    examples: ["duvo secrets delete <secret-id>", "duvo secrets delete <secret-id> -y --json"],
  },
  operation: "deleteSecret",
  args: secretIdArg,
  request: (args) => ({ path: { id: args.id } }),
  confirm: (args) => `Delete secret ${args.id}? Agents that use it lose its variables.`,
  show: { done: (_answer, args) => `Deleted secret ${args.id}.` },
});
