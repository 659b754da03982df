import { operationCommand } from "../../cli/operation-command.ts";
import { skillIdArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Delete a team skill (asks first on a terminal; -y skips the question)",
    examples: ["duvo skills delete <skill-id>", "duvo skills delete <skill-id> -y --json"],
    notes: "System skills cannot be deleted. Agents whose revisions name it lose it: see `duvo skills assignments` first.",
  },
  operation: "deleteSkill",
  args: skillIdArg,
  request: (args) => ({ path: { skill_id: args["skill-id"] } }),
  confirm: (args) => `Delete skill ${args["skill-id"]}?`,
  show: { done: (answer, args) => (answer.success ? `Deleted skill ${args["skill-id"]}.` : `Skill ${args["skill-id"]} was not deleted: ${answer.message}`) },
});
