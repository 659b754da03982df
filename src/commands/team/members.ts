import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the team's members: id, name, email, role",
    examples: ["duvo team members", "duvo team members --search ana --json", "duvo team members --team <team-id> --all"],
    notes: "--json prints the API response {members, total, limit, offset}; with --all the pages are joined into one.",
  },
  operation: "listTeamMembers",
  args: { search: { type: "string", description: "Only members whose name or email contains this", valueHint: "text" } },
  request: (args) => ({ query: { search: args.search } }),
  list: { items: "members", pageSize: 100 },
  show: {
    items: "members",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["EMAIL", "email"],
      ["ROLE", "role", { keep: true }],
      ["FROM ORG", "inheritedFromOrg", { keep: true }],
    ],
    empty: "No members match.",
  },
});
