import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the organizations you belong to: id, name, your role, members",
    examples: ["duvo teams orgs", "duvo teams orgs --json | jq -r '.memberships[].organization.id'"],
  },
  operation: "listMyOrganizations",
  args: {},
  show: {
    items: "memberships",
    columns: [
      ["ID", (membership) => membership.organization.id, { keep: true }],
      ["NAME", (membership) => membership.organization.name],
      ["ROLE", "role", { keep: true }],
      ["MEMBERS", "memberCount", { keep: true }],
      ["CREATED", (membership) => membership.organization.createdAt, { keep: true, time: true }],
    ],
    empty: "You belong to no organization.",
  },
});
