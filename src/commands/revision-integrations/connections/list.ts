import { operationCommand } from "../../../cli/operation-command.ts";
import { integrationArg, integrationPath, revisionArgs } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List the connections pinned to a revision's integration",
    examples: ["duvo revision-integrations connections list --agent <agent-id> --revision <revision-id> --integration <integration-id>"],
    notes: "--json prints the API response {connections}.",
  },
  operation: "listRevisionIntegrationConnections",
  args: { ...revisionArgs, ...integrationArg },
  request: (args) => ({ path: integrationPath(args) }),
  show: {
    items: "connections",
    columns: [
      ["CONNECTION", "connection_id", { keep: true }],
      ["PINNED", "created_at", { keep: true }],
    ],
    empty: "No connections are pinned to this integration.",
  },
});
