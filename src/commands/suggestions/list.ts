import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the suggestions for an agent: pending ones, or the history",
    examples: ["duvo suggestions list <agent-id>", "duvo suggestions list <agent-id> --status history --json"],
    notes: "--json prints the API response {data, pending_count}.",
  },
  operation: "listAgentSuggestions",
  args: {
    "agent-id": { type: "positional", uuid: true, description: "The agent's id", required: true },
    status: { type: "enum", options: ["pending", "history"], description: "Pending suggestions (default), or those resolved", valueHint: "pending|history" },
  },
  request: (args) => ({ path: { agent_id: args["agent-id"] }, query: { status: args.status } }),
  list: { items: "data", pageSize: 250 },
  show: {
    items: "data",
    columns: [
      ["ID", "id", { keep: true }],
      ["TYPE", "type", { keep: true }],
      ["STATUS", "status", { keep: true }],
      ["TITLE", "title"],
      ["CREATED", "created_at", { keep: true, time: true }],
    ],
    empty: "No suggestions.",
  },
});
