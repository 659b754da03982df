import { operationCommand } from "../../cli/operation-command.ts";
import { orgIdArg, orgPath } from "./_org.ts";

export default operationCommand({
  meta: {
    description: "List an organization's teams: id, name, members, agents, whether you are a member",
    examples: ["duvo teams org <org-id>", "duvo teams org <org-id> --all --json | jq -r '.teams[].name'"],
    notes: "--json prints the API response {teams, total}; with --all the pages are joined into one.",
  },
  operation: "listOrgTeams",
  args: orgIdArg,
  request: (args) => ({ path: orgPath(args) }),
  list: { items: "teams", pageSize: 100 },
  show: {
    items: "teams",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["MEMBERS", "memberCount", { keep: true }],
      ["AGENTS", "assignmentCount", { keep: true }],
      ["MEMBER", "userIsMember", { keep: true }],
      ["ROLE", "userRole"],
      ["CREATED", "createdAt", { keep: true, time: true }],
    ],
    empty: "This organization has no teams.",
  },
});
