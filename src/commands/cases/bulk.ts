import { operationCommand } from "../../cli/operation-command.ts";
import { caseIds, queueArg } from "./_shared.ts";

const idsArg = { ids: { type: "string", description: "Case ids, comma-separated (at most 100)", valueHint: "list", required: true } } as const;

export const bulkDelete = operationCommand({
  meta: { description: "Delete up to 100 cases of a queue (asks first on a terminal)", examples: ["duvo cases bulk-delete --queue <queue-id> --ids <id>,<id>"] },
  operation: "bulkDeleteCases",
  args: { ...queueArg, ...idsArg },
  request: (args) => ({ path: { queue_id: args.queue }, body: { case_ids: caseIds(args.ids) } }),
  confirm: (args) => `Delete ${args.ids.split(",").length} cases of queue ${args.queue}?`,
  show: { done: (answer) => `Deleted ${answer.deletedCount} cases.` },
});

export const bulkReprocess = operationCommand({
  meta: {
    description: "Put up to 100 cases back to be worked again, by an agent (asks first on a terminal)",
    examples: ["duvo cases bulk-reprocess --queue <queue-id> --agent <agent-id> --ids <id>,<id>"],
  },
  operation: "bulkReprocessCases",
  args: { ...queueArg, agent: { type: "string", uuid: true, description: "The agent to work them", valueHint: "id", required: true }, ...idsArg },
  request: (args) => ({ path: { queue_id: args.queue }, body: { case_ids: caseIds(args.ids), agent_id: args.agent } }),
  confirm: (args) => `Reprocess ${args.ids.split(",").length} cases of queue ${args.queue}?`,
  show: { done: (answer) => `Reprocessing ${answer.reprocessedCount} cases (${answer.skippedCount} skipped).` },
});

export const bulkUpdateStatus = operationCommand({
  meta: {
    description: "Mark up to 100 cases completed or failed (asks first on a terminal)",
    examples: ["duvo cases bulk-update-status --queue <queue-id> --ids <id>,<id> --status completed"],
  },
  operation: "bulkUpdateCaseStatus",
  args: { ...queueArg, ...idsArg, status: { type: "enum", options: ["completed", "failed"], description: "completed or failed", valueHint: "completed|failed", required: true } },
  request: (args) => ({ path: { queue_id: args.queue }, body: { case_ids: caseIds(args.ids), status: args.status as "completed" | "failed" } }),
  confirm: (args) => `Mark ${args.ids.split(",").length} cases of queue ${args.queue} ${args.status}?`,
  show: { done: (answer) => `Updated ${answer.updatedCount} cases (${answer.skippedCount} skipped).` },
});

export const bulkUpdatePriority = operationCommand({
  meta: {
    description: "Set the priority of up to 100 cases (asks first on a terminal)",
    examples: ["duvo cases bulk-update-priority --queue <queue-id> --ids <id>,<id> --priority high"],
  },
  operation: "bulkUpdateCasePriority",
  args: {
    ...queueArg,
    ...idsArg,
    priority: { type: "enum", options: ["none", "medium", "high"], description: "none, medium or high", valueHint: "none|medium|high", required: true },
  },
  request: (args) => ({ path: { queue_id: args.queue }, body: { case_ids: caseIds(args.ids), priority: args.priority as "none" | "medium" | "high" } }),
  confirm: (args) => `Set the priority of ${args.ids.split(",").length} cases of queue ${args.queue} to ${args.priority}?`,
  show: { done: (answer) => `Updated ${answer.updatedCount} cases (${answer.skippedCount} skipped).` },
});
