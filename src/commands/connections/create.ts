import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { AUTH_METHODS, authMethod, connectionFields, headerArgs, readHeaders } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Connect an MCP server you give the URL and headers of (a user-provided connection)",
    examples: [
      'duvo connections create --name "Example MCP" --auth-method api_key --server-url https://mcp.example.com --secret-header "Authorization=Bearer dv_xxx" --header "X-Tenant=acme"',
      'duvo connections create --name "Example MCP" --auth-method headers --server-url https://mcp.example.com --secret-header-file mcp-headers.env',
      "duvo connections create --name CRM --auth-method apikey --custom-integration-id <custom-integration-id> --secret-header-stdin < headers.env",
    ],
    notes:
      "--secret-header values are encrypted at rest and never printed (not with --debug, not in errors); --header values are stored as plain text. Both repeat. --secret-header-file and --secret-header-stdin read KEY=VALUE lines (blank lines and # comments skipped) so values stay out of shell history. OAuth-based integrations use `duvo oauth …` instead.",
  },
  operation: "createConnection",
  args: {
    name: { type: "string", description: "The connection's name", required: true, valueHint: "n" },
    "auth-method": { type: "enum", description: "How it authenticates: url, apikey (or api_key), headers, oauth", required: true, options: AUTH_METHODS, valueHint: "m" },
    "server-url": { type: "string", description: "The MCP server's URL (default: the custom integration's)", valueHint: "url" },
    type: { type: "string", description: "The integration type (default custom_mcp)", valueHint: "slug" },
    "custom-integration-id": { type: "string", uuid: true, description: "The custom integration of the team's catalog it connects", valueHint: "uuid" },
    ...headerArgs,
  },
  request: async (args, runtime) => {
    if (args["server-url"] === undefined && args["custom-integration-id"] === undefined)
      throw new UsageError("give --server-url, or --custom-integration-id to use the custom integration's URL");
    const headers = await readHeaders(args, runtime);
    return {
      body: {
        name: args.name,
        provider: "user",
        auth_method: authMethod(args["auth-method"]),
        server_url: args["server-url"],
        type: args.type,
        custom_integration_id: args["custom-integration-id"],
        headers,
      },
    };
  },
  show: { fields: connectionFields },
});
