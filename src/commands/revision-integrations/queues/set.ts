import { operationCommand } from "../../../cli/operation-command.ts";
import { integrationArg, integrationPath, revisionArgs } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "Set the queues of a revision's case-queue slot (the whole set: queues not given are unlinked)",
    examples: [
      "duvo revision-integrations queues set --agent <agent-id> --revision <revision-id> --integration <integration-id> --queue <queue-id>",
      "duvo revision-integrations queues set --agent <agent-id> --revision <revision-id> --integration <integration-id>   # no queue: unlink all",
    ],
  },
  operation: "replaceRevisionIntegrationQueues",
  args: {
    ...revisionArgs,
    ...integrationArg,
    queue: { type: "string", repeatable: true, uuid: "queue id", description: "A queue (repeat for more; none unlinks every queue)", valueHint: "id" },
  },
  request: (args) => ({ path: integrationPath(args), body: { queue_ids: args.queue } }),
  show: {
    items: "queues",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
    ],
    empty: "The slot has no queue now.",
  },
});
