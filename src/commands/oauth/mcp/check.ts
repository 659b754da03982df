import { operationCommand } from "../../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Check whether an MCP server supports OAuth Dynamic Client Registration (nothing is saved)",
    examples: ["duvo oauth mcp check --url https://mcp.example.com", "duvo oauth mcp check --url https://mcp.example.com --json | jq .supports_dcr"],
    notes: "When it does, `duvo oauth mcp authorize` connects it; when not, give its headers to `duvo connections create`.",
  },
  operation: "checkMcpOAuth",
  args: { url: { type: "string", description: "The MCP server's URL", required: true, valueHint: "url" } },
  request: (args) => ({ body: { mcp_server_url: args.url } }),
  show: {
    fields: [
      ["Supports DCR", "supports_dcr"],
      ["Authorization endpoint", "authorization_endpoint"],
      ["Scopes", "scopes"],
    ],
  },
});
