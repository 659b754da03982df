import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the team's skills, the system skills among them (only those with --system)",
    examples: ["duvo skills list", "duvo skills list --system --json | jq -r '.skills[].name'"],
    notes: "--json prints the API response {skills}; system skills have team_id null.",
  },
  // The flag chooses the operation: the team's list includes the system skills, --system lists only them.
  operation: (args) => (args.system ? "listSystemSkills" : "listSkills"),
  args: { system: { type: "boolean", description: "Only the system skills (available to every team)" } },
  show: {
    items: "skills",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["DESCRIPTION", "description"],
      ["OWNER", (skill) => (skill.team_id ? "team" : "system")],
      ["UPDATED", (skill) => skill.updated_at, { keep: true, time: true }], // system skills listed alone have none
    ],
    empty: "No skills.",
  },
});
