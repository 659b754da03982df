import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";
import { rubricIdArg, rubricPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Remove an evaluation rubric (asks first on a terminal; -y skips the question)",
    examples: ["duvo agents eval-rubrics remove <agent-id> <rubric-id>", "duvo agents eval-rubrics remove <agent-id> <rubric-id> -y"],
  },
  operation: "deleteEvalRubric",
  args: { ...agentIdArg, ...rubricIdArg },
  request: (args) => ({ path: rubricPath(args) }),
  confirm: (args) => `Remove rubric ${args["rubric-id"]} of agent ${args["agent-id"]}?`,
  show: { done: (_answer, args) => `Removed rubric ${args["rubric-id"]}.` },
});
