import { operationCommand } from "../../../cli/operation-command.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg, showRubric } from "../_args.ts";
import { rubricIdArg, rubricPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Change a rubric's title or description",
    examples: ['duvo agents eval-rubrics update <agent-id> <rubric-id> --title "Totals match to the cent"'],
  },
  operation: "updateEvalRubric",
  args: {
    ...agentIdArg,
    ...rubricIdArg,
    title: { type: "string", description: "A new title (3-80 characters)", valueHint: "text" },
    description: { type: "string", description: "A new description (20-400 characters)", valueHint: "text" },
  },
  request: (args) => {
    if (args.title === undefined && args.description === undefined) throw new UsageError("nothing to change: give --title or --description");
    return { path: rubricPath(args), body: { title: args.title, description: args.description } };
  },
  show: showRubric,
});
