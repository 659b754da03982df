import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the system skills: those Duvo offers every team (install one to get your own copy)",
    examples: ["duvo skills system", "duvo skills system --json | jq -r '.skills[].name'"],
    notes: "The same list as `duvo skills list --system`. --json prints the API response {skills}.",
  },
  operation: "listSystemSkills",
  args: {},
  show: {
    items: "skills",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["DESCRIPTION", "description"],
    ],
    empty: "No system skills.",
  },
});
