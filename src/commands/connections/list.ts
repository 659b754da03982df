import { operationCommand } from "../../cli/operation-command.ts";
import { connectionColumns } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "List your connections (and the team's shared ones): id, name, type, auth method, scope, state",
    examples: ["duvo connections list", "duvo connections list --type slack --json", "duvo connections list --json | jq -r '.integrations[] | [.id, .name] | @tsv'"],
    notes: "--json prints the API response {integrations, total, limit, offset} (the API names the list `integrations`).",
  },
  operation: "listConnections",
  args: { type: { type: "string", description: "Only connections of this integration type (gmail, slack, custom_mcp, …)", valueHint: "type" } },
  request: (args) => ({ query: { type: args.type } }),
  list: { items: "integrations", pageSize: 100 },
  show: { items: "integrations", columns: connectionColumns, empty: "No connections." },
});
