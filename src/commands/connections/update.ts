import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { AUTH_METHODS, authMethod, connectionFields, connectionIdArg, headerArgs, readHeaders } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Change a connection: name, server URL, auth method, headers, scope",
    examples: [
      "duvo connections update <connection-id> --name CRM",
      'duvo connections update <connection-id> --header "X-Tenant=acme" --secret-header "Authorization="',
      "duvo connections update <connection-id> --secret-header-file rotated.env",
      "duvo connections update <connection-id> --clear-headers --share",
    ],
    notes:
      "The headers given replace the connection's headers; a --secret-header with an empty value (KEY=) keeps that secret's stored value. --clear-headers removes them all. --share (managers and above) makes it the team's; --unshare yours only.",
  },
  operation: "updateConnection",
  args: {
    ...connectionIdArg,
    name: { type: "string", description: "A new name", valueHint: "n" },
    "server-url": { type: "string", description: "A new server URL", valueHint: "url" },
    "auth-method": { type: "enum", description: "A new auth method: url, apikey (or api_key), headers, oauth", options: AUTH_METHODS, valueHint: "method" },
    ...headerArgs,
    "clear-headers": { type: "boolean", conflicts: ["header", "secret-header", "secret-header-file", "secret-header-stdin"], description: "Remove every header" },
    share: { type: "boolean", conflicts: "unshare", description: "Share it with the team" },
    unshare: { type: "boolean", description: "Make it yours only" },
  },
  request: async (args, runtime) => {
    const body = {
      name: args.name,
      server_url: args["server-url"],
      auth_method: authMethod(args["auth-method"]),
      headers: args["clear-headers"] ? null : await readHeaders(args, runtime),
      shared: args.share ? true : args.unshare ? false : undefined,
    };
    if (Object.values(body).every((value) => value === undefined)) {
      throw new UsageError("nothing to change: give --name, --server-url, --auth-method, --header, --secret-header, --clear-headers, --share or --unshare");
    }
    return { path: { connection_id: args.id }, body };
  },
  show: { fields: connectionFields },
});
