import { operationCommand } from "../../cli/operation-command.ts";
import { connectionFields, connectionIdArg } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Show one of your connections (never its header values)",
    examples: ["duvo connections get <connection-id>", "duvo connections get <connection-id> --json"],
  },
  operation: "getConnection",
  args: connectionIdArg,
  request: (args) => ({ path: { connection_id: args.id } }),
  show: { fields: connectionFields },
});
