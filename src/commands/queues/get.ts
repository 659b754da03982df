import { operationCommand } from "../../cli/operation-command.ts";
import { showQueue } from "./_show.ts";

export default operationCommand({
  meta: { description: "Show one queue", examples: ["duvo queues get <queue-id>", "duvo queues get <queue-id> --json"] },
  operation: "getQueue",
  args: { id: { type: "positional", uuid: "queue id", description: "The queue's id", required: true } },
  request: (args) => ({ path: { queue_id: args.id } }),
  show: showQueue,
  early: true,
});
