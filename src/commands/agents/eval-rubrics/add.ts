import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg, showRubric } from "../_args.ts";
import { buildArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Add an evaluation rubric to an agent's revision (at most 5)",
    examples: ['duvo agents eval-rubrics add <agent-id> --title "Totals match" --description "The reconciled total equals the invoice total."'],
    notes: "The title has 3-80 characters, the description 20-400.",
  },
  operation: "createEvalRubric",
  args: {
    ...agentIdArg,
    title: { type: "string", description: "A short name (3-80 characters)", required: true, valueHint: "text" },
    description: { type: "string", description: "What a good run does (20-400 characters)", required: true, valueHint: "text" },
    ...buildArg,
  },
  request: (args) => ({ path: { agentId: args["agent-id"] }, body: { title: args.title, description: args.description, build_id: args.build } }),
  show: showRubric,
});
