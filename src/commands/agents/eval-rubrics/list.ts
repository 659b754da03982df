import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg, rubricColumns } from "../_args.ts";
import { buildArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List an agent's evaluation rubrics",
    examples: ["duvo agents eval-rubrics list <agent-id>", "duvo agents eval-rubrics list <agent-id> --build <build-id> --json"],
    notes: "--json prints the API response {rubrics, platform_rubrics} (the platform's own flags too).",
  },
  operation: "getEvalRubrics",
  args: { ...agentIdArg, ...buildArg },
  request: (args) => ({ path: { agentId: args["agent-id"] }, query: { build_id: args.build } }),
  show: { items: "rubrics", columns: rubricColumns, empty: "This revision has no custom rubrics." },
});
