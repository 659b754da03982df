import { operationCommand } from "../../cli/operation-command.ts";
import { queueArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Delete a queue label (taken off every case; asks first on a terminal)",
    examples: ["duvo queue-labels delete <label-id> --queue <queue-id>", "duvo queue-labels delete <label-id> --queue <queue-id> -y"],
  },
  operation: "deleteQueueLabel",
  args: { "label-id": { type: "positional", uuid: true, description: "The label's id", required: true }, ...queueArg },
  request: (args) => ({ path: { queue_id: args.queue, label_id: args["label-id"] } }),
  confirm: (args) => `Delete label ${args["label-id"]} from queue ${args.queue} and every case?`,
  show: { done: (_, args) => `Deleted label ${args["label-id"]}.` },
});
