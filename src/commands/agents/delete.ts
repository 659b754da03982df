import { operationCommand } from "../../cli/operation-command.ts";
import { agentIdArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Delete an agent (asks first on a terminal; -y skips the question)",
    examples: ["duvo agents delete <agent-id>", "duvo agents delete <agent-id> -y --json"],
  },
  operation: "deleteAgent",
  args: agentIdArg,
  request: (args) => ({ path: { agent_id: args["agent-id"] } }),
  confirm: (args) => `Delete agent ${args["agent-id"]}?`,
  show: { done: (_answer, args) => `Deleted agent ${args["agent-id"]}.` },
});
