import { operationCommand } from "../../../cli/operation-command.ts";
import { integrationArg, integrationPath, revisionArgs } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List the queues of a revision's case-queue slot",
    examples: ["duvo revision-integrations queues list --agent <agent-id> --revision <revision-id> --integration <integration-id>"],
    notes: "--json prints the API response {queues}.",
  },
  operation: "listRevisionIntegrationQueues",
  args: { ...revisionArgs, ...integrationArg },
  request: (args) => ({ path: integrationPath(args) }),
  show: {
    items: "queues",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
    ],
    empty: "This slot has no queue: it fails at run time until one is set.",
  },
});
