import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg, showCaseTrigger } from "../_args.ts";
import { triggerIdArg, triggerPath } from "./_ids.ts";

export default operationCommand({
  meta: {
    description: "Show one case trigger of an agent",
    examples: ["duvo agents case-triggers get <agent-id> <trigger-id>", "duvo agents case-triggers get <agent-id> <trigger-id> --json"],
  },
  operation: "getAgentCaseTrigger",
  args: { ...agentIdArg, ...triggerIdArg },
  request: (args) => ({ path: triggerPath(args) }),
  show: showCaseTrigger,
});
