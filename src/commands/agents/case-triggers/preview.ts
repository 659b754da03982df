import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "Before creating a case trigger: which other agents already take this queue's cases",
    examples: ["duvo agents case-triggers preview <agent-id> --queue <queue-id>", "duvo agents case-triggers preview <agent-id> --queue <queue-id> --json"],
  },
  operation: "previewAgentCaseTriggerConflicts",
  args: { ...agentIdArg, queue: { type: "string", uuid: "queue id", description: "The queue", required: true, valueHint: "id" } },
  request: (args) => ({ path: { agent_id: args["agent-id"] }, query: { case_queue_id: args.queue } }),
  show: {
    fields: [
      ["Conflict", "has_conflict"],
      ["Agents", (p) => p.conflicting_agents.map((a: { name: string; id: string }) => `${a.name} (${a.id})`)],
    ],
  },
});
