import { operationCommand } from "../../../cli/operation-command.ts";
import { integrationArg, integrationPath, revisionArgs } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "Pin a connection to a revision's integration",
    examples: ["duvo revision-integrations connections pin <connection-id> --agent <agent-id> --revision <revision-id> --integration <integration-id>"],
  },
  operation: "pinRevisionIntegrationConnection",
  args: { "connection-id": { type: "positional", uuid: true, description: "The connection's id", required: true }, ...revisionArgs, ...integrationArg },
  request: (args) => ({ path: integrationPath(args), body: { connection_id: args["connection-id"] } }),
  show: { done: (_answer, args) => `Pinned connection ${args["connection-id"]}.` },
});
