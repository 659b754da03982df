import { operationCommand } from "../../cli/operation-command.ts";
import { connectionIdArg } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Delete a connection and the triggers bound to it (asks first on a terminal; -y skips the question)",
    examples: ["duvo connections delete <connection-id>", "duvo connections delete <connection-id> -y --json"],
  },
  operation: "deleteConnection",
  args: connectionIdArg,
  request: (args) => ({ path: { connection_id: args.id } }),
  confirm: (args) => `Delete connection ${args.id}? Agents pinned to it lose the account, and its triggers are removed.`,
  show: { done: (_answer, args) => `Deleted connection ${args.id}.` },
});
