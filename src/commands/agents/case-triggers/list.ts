import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List an agent's case triggers: queue, enabled, concurrency, conflicts",
    examples: ["duvo agents case-triggers list <agent-id>", "duvo agents case-triggers list <agent-id> --json"],
    notes: "--json prints the API response {case_triggers}.",
  },
  operation: "listAgentCaseTriggers",
  args: agentIdArg,
  request: (args) => ({ path: { agent_id: args["agent-id"] } }),
  show: {
    items: "case_triggers",
    columns: [
      ["ID", "id", { keep: true }],
      ["QUEUE", "case_queue_name"],
      ["QUEUE ID", "case_queue_id", { keep: true }],
      ["ENABLED", "enabled", { keep: true }],
      ["CONCURRENCY", (t) => t.concurrency ?? "unlimited"],
      ["CONFLICT", "has_conflict"],
    ],
    empty: "This agent has no case triggers.",
  },
});
