import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the team's integration catalog: id, type (the slug other commands take), name, provider, auth method",
    examples: ["duvo integrations list", "duvo integrations list --json | jq -r '.integrations[].type'"],
    notes: "--json prints the API response {integrations, total, limit, offset}. Custom integrations show their own id as custom_integration_id.",
  },
  operation: "listIntegrations",
  args: {},
  list: { items: "integrations", pageSize: 100 },
  show: {
    items: "integrations",
    columns: [
      ["ID", "id", { keep: true }],
      ["TYPE", "type", { keep: true }],
      ["NAME", "name"],
      ["PROVIDER", "provider"],
      ["AUTH", "auth_method", { keep: true }],
      ["CUSTOM", (entry: { custom_integration_id?: string | null }) => (entry.custom_integration_id ? "yes" : "no"), { keep: true }],
    ],
    empty: "The team's catalog is empty.",
  },
});
