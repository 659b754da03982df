import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the plugins a revision can reference by name: name, type, description",
    examples: ["duvo plugins list", "duvo plugins list --json | jq -r '.plugins[] | select(.type == \"knowledge-work\") | .name'"],
    notes: "A revision may also name any public GitHub repository (https://github.com/owner/repo) as a plugin; those are not listed.",
  },
  operation: "listPluginCatalog",
  args: {},
  show: {
    items: "plugins",
    columns: [
      ["NAME", "name", { keep: true }],
      ["TYPE", "type", { keep: true }],
      ["DESCRIPTION", "description"],
    ],
    empty: "No plugins.",
  },
});
