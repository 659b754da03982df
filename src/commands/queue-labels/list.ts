import { operationCommand } from "../../cli/operation-command.ts";
import { queueArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List a queue's labels and how many cases carry each",
    examples: ["duvo queue-labels list --queue <queue-id>", "duvo queue-labels list --queue <queue-id> --all --json"],
  },
  operation: "listQueueLabels",
  args: { ...queueArg },
  request: (args) => ({ path: { queue_id: args.queue } }),
  list: { items: "labels", pageSize: 1000 },
  show: {
    items: "labels",
    columns: [
      ["ID", "id", { keep: true }],
      ["KEY", "key"],
      ["VALUE", "value"],
      ["HUE", "color_hue"],
      ["CASES", "case_count"],
    ],
    empty: "This queue has no labels.",
  },
});
