import { operationCommand } from "../../../cli/operation-command.ts";
import { UsageError } from "../../../errors.ts";
import { readSecret, stdinOnce } from "../../_secret-input.ts";
import { AUTH_METHODS, authMethod } from "../../connections/_show.ts";

export default operationCommand({
  meta: {
    description: "Add a custom integration (an MCP server) to the team's catalog",
    examples: [
      "duvo integrations custom create --name CRM --auth-method apikey --server-url https://mcp.crm.example.com",
      "duvo integrations custom create --name Wiki --auth-method oauth --server-url https://mcp.wiki.example.com --oauth-client-id wiki-duvo --oauth-client-secret-file client-secret.txt",
    ],
    notes:
      "--oauth-client-id and an OAuth client secret go together, and only with --auth-method oauth. The client secret is never printed; --oauth-client-secret-stdin or --oauth-client-secret-file keep it out of shell history.",
  },
  operation: "createCustomIntegration",
  args: {
    name: { type: "string", description: "The integration's name in the catalog", required: true, valueHint: "n" },
    "auth-method": {
      type: "enum",
      description: "How its connections authenticate: url, apikey (or api_key), headers, oauth",
      required: true,
      options: AUTH_METHODS,
      valueHint: "method",
    },
    "server-url": { type: "string", description: "The MCP server's URL", required: true, valueHint: "url" },
    "oauth-client-id": { type: "string", description: "The OAuth client id (with --auth-method oauth)", valueHint: "id" },
    "oauth-client-secret": { type: "string", description: "The OAuth client secret (visible in shell history: prefer the -stdin or -file form)", valueHint: "secret" },
    "oauth-client-secret-stdin": { type: "boolean", description: "Read the OAuth client secret from stdin" },
    "oauth-client-secret-file": { type: "string", description: "Read the OAuth client secret from a file", valueHint: "path" },
  },
  request: async (args, runtime) => {
    const secret = await readSecret("oauth-client-secret", args, stdinOnce(runtime));
    if ((args["oauth-client-id"] === undefined) !== (secret === undefined)) throw new UsageError("--oauth-client-id and the OAuth client secret go together");
    if (secret !== undefined && args["auth-method"] !== "oauth") throw new UsageError("an OAuth client (--oauth-client-id, --oauth-client-secret) needs --auth-method oauth");
    return {
      body: {
        name: args.name,
        auth_method: authMethod(args["auth-method"]),
        server_url: args["server-url"],
        oauth_client_id: args["oauth-client-id"],
        oauth_client_secret: secret,
      },
    };
  },
  secrets: ["oauth_client_secret"],
  show: {
    fields: [
      ["ID", "id"],
      ["Name", "name"],
      ["Type", "type"],
      ["Server URL", "server_url"],
      ["Auth method", "auth_method"],
      ["Created", "created_at", { time: true }],
    ],
  },
});
