import { operationCommand } from "../../cli/operation-command.ts";
import { caseColumns, queueArg } from "./_shared.ts";

export default operationCommand({
  meta: {
    description: "List a queue's cases (newest first unless --sort-order asc)",
    examples: ["duvo cases list --queue <queue-id> --status pending,needs_input", "duvo cases list --queue <queue-id> --all --sort-order asc --json > results.json"],
    notes: "--json prints the API response {cases, total, limit, offset}; with --all every page, joined into one.",
  },
  operation: "listCases",
  args: {
    ...queueArg,
    status: { type: "string", description: "Only these statuses, comma-separated (pending, in_progress, needs_input, completed, failed)", valueHint: "list" },
    priority: { type: "string", description: "Only these priorities, comma-separated (none, medium, high)", valueHint: "list" },
    search: { type: "string", description: "Only cases whose title or data contain this", valueHint: "text" },
    "created-at-from": { type: "string", description: "Only cases created at or after this time", valueHint: "iso" },
    "updated-at-from": { type: "string", description: "Only cases updated at or after this time", valueHint: "iso" },
    "sort-by": { type: "enum", options: ["created_at", "updated_at", "postponed_to"], description: "Sort by created_at, updated_at or postponed_to", valueHint: "field" },
    "sort-order": { type: "enum", options: ["asc", "desc"], description: "asc or desc", valueHint: "asc|desc" },
  },
  request: (args) => ({
    path: { queue_id: args.queue },
    query: {
      status: args.status,
      priority: args.priority,
      search: args.search,
      created_at_from: args["created-at-from"],
      updated_at_from: args["updated-at-from"],
      sort_by: args["sort-by"],
      sort_order: args["sort-order"],
    },
  }),
  list: { items: "cases", pageSize: 100 },
  show: { items: "cases", columns: caseColumns, empty: "No cases." },
});
