import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the team's queues: id, name, description, created",
    examples: ["duvo queues list", "duvo queues list --all --json | jq -r '.queues[].name'"],
    notes: "--json prints the API response {queues, total, limit, offset}; with --all the pages are joined into one.",
  },
  operation: "listQueues",
  args: {},
  list: { items: "queues", pageSize: 250 },
  show: {
    items: "queues",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["DESCRIPTION", "description"],
      ["CREATED", "created_at", { keep: true, time: true }],
    ],
    empty: "This team has no queues.",
  },
});
