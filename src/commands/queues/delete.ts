import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Delete a queue with its cases (asks first on a terminal; -y skips the question)",
    examples: ["duvo queues delete <queue-id>", "duvo queues delete <queue-id> -y --json"],
  },
  operation: "deleteQueue",
  args: { id: { type: "positional", uuid: "queue id", description: "The queue's id", required: true } },
  request: (args) => ({ path: { queue_id: args.id } }),
  confirm: (args) => `Delete queue ${args.id} and all its cases?`,
  show: { done: (answer, args) => `Deleted queue ${args.id} (${answer.deleted_case_count} cases).` },
});
