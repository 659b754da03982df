import { operationCommand } from "../../cli/operation-command.ts";
import { queueArg } from "./_shared.ts";

export default operationCommand({
  meta: {
    description: "Delete every case of a queue (asks first on a terminal)",
    examples: ["duvo cases clear --queue <queue-id>", "duvo cases clear --queue <queue-id> -y --json"],
  },
  operation: "clearQueueCases",
  args: { ...queueArg },
  request: (args) => ({ path: { queue_id: args.queue } }),
  confirm: (args) => `Delete every case of queue ${args.queue}?`,
  show: { done: (answer) => `Deleted ${answer.deletedCount} cases.` },
});
