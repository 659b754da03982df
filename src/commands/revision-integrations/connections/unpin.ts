import { operationCommand } from "../../../cli/operation-command.ts";
import { integrationArg, integrationPath, revisionArgs } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "Unpin a connection from a revision's integration (asks first on a terminal; -y skips the question)",
    examples: ["duvo revision-integrations connections unpin <connection-id> --agent <agent-id> --revision <revision-id> --integration <integration-id> -y"],
  },
  operation: "unpinRevisionIntegrationConnection",
  args: { "connection-id": { type: "positional", uuid: true, description: "The connection's id", required: true }, ...revisionArgs, ...integrationArg },
  request: (args) => ({ path: { ...integrationPath(args), connection_id: args["connection-id"] } }),
  confirm: (args) => `Unpin connection ${args["connection-id"]} from integration ${args.integration}?`,
  show: { done: (_answer, args) => `Unpinned connection ${args["connection-id"]}.` },
});
