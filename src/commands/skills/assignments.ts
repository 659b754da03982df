import { operationCommand } from "../../cli/operation-command.ts";
import { skillIdArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List the agents whose live revision uses a skill (who a change to it affects)",
    examples: ["duvo skills assignments <skill-id>", "duvo skills assignments <skill-id> --json | jq .total"],
    notes: "An agent uses a skill when its live revision's config names it in data.skills. --json prints the API response {assignments, total}.",
  },
  operation: "listSkillAssignments",
  args: skillIdArg,
  request: (args) => ({ path: { skill_id: args["skill-id"] } }),
  show: {
    items: "assignments",
    columns: [
      ["AGENT", "id", { keep: true }],
      ["NAME", "name"],
    ],
    empty: "No agent uses this skill.",
  },
});
