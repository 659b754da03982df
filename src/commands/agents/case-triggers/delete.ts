import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";
import { triggerIdArg, triggerPath } from "./_ids.ts";

export default operationCommand({
  meta: {
    description: "Delete a case trigger (asks first on a terminal; -y skips the question)",
    examples: ["duvo agents case-triggers delete <agent-id> <trigger-id>", "duvo agents case-triggers delete <agent-id> <trigger-id> -y"],
  },
  operation: "deleteAgentCaseTrigger",
  args: { ...agentIdArg, ...triggerIdArg },
  request: (args) => ({ path: triggerPath(args) }),
  confirm: (args) => `Delete case trigger ${args["trigger-id"]} of agent ${args["agent-id"]}?`,
  show: { done: (_answer, args) => `Deleted case trigger ${args["trigger-id"]}.` },
});
