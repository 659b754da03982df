import { checkBody } from "../../../api/call.ts";
import { leafCommand } from "../../../cli/command.ts";
import { flowArgs, runFlow } from "../_flow.ts";

export default leafCommand({
  meta: {
    description: "Connect a remote MCP server through OAuth (Dynamic Client Registration): prints the authorization URL",
    examples: [
      'duvo oauth mcp authorize --url https://mcp.example.com --name "Example MCP" --integration-type custom_mcp',
      "duvo oauth mcp authorize --url https://mcp.example.com --name Wiki --custom-integration-id <custom-integration-id> --wait",
      "duvo oauth mcp authorize --url https://mcp.example.com --name Wiki --reconnect-instance-id <connection-id>",
    ],
    notes:
      "The URL is printed on stdout (and opened on a terminal unless --no-browser). --wait polls your connections until the new one is there, then prints it (--json: {authorization_url, connection}); exit 7 when --timeout runs out.",
  },
  args: {
    url: { type: "string", description: "The MCP server's URL", required: true, valueHint: "url" },
    name: { type: "string", description: "The connection's name", required: true, valueHint: "n" },
    "custom-integration-id": { type: "string", uuid: true, description: "The custom integration of the team's catalog it belongs to", valueHint: "id" },
    "integration-type": { type: "string", description: "The integration type (e.g. custom_mcp)", valueHint: "type" },
    ...flowArgs,
  },
  async run(args, runtime) {
    const { call } = await runtime.api();
    const body = {
      mcp_server_url: args.url,
      name: args.name,
      custom_integration_id: args["custom-integration-id"],
      integration_type: args["integration-type"],
      return_url: args["return-url"],
      reconnect_instance_id: args["reconnect-instance-id"],
    };
    return runFlow(
      runtime,
      args,
      args.name,
      () => call("authorizeMcpOAuth", { body }),
      () => checkBody("authorizeMcpOAuth", body),
    );
  },
});
