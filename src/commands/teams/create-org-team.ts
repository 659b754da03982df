import { operationCommand } from "../../cli/operation-command.ts";
import { orgIdArg, orgPath } from "./_org.ts";

export default operationCommand({
  meta: {
    description: "Create a team in an organization",
    examples: ['duvo teams create-org-team <org-id> --name "Finance ops"', 'duvo teams create-org-team <org-id> --name "Finance ops" --json | jq -r .id'],
  },
  operation: "createOrgTeam",
  args: { ...orgIdArg, name: { type: "string", description: "The team's name", required: true, valueHint: "name" } },
  request: (args) => ({ path: orgPath(args), body: { name: args.name } }),
  show: {
    fields: [
      ["ID", "id"],
      ["Name", "name"],
    ],
  },
});
