import { operationCommand } from "../../../cli/operation-command.ts";
import { checkUuid } from "../../../cli/values.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "Before creating a case trigger: which other agents already take this queue's cases",
    examples: ["duvo agents case-triggers preview <agent-id> --queue <queue-id>", "duvo agents case-triggers preview <agent-id> --queue <queue-id> --json"],
  },
  operation: "previewAgentCaseTriggerConflicts",
  args: { ...agentIdArg, queue: { type: "string", description: "The queue", required: true, valueHint: "id" } },
  request: (args) => ({ path: { agent_id: checkUuid(args["agent-id"], "agent id") }, query: { case_queue_id: checkUuid(args.queue, "queue id") } }),
  show: {
    fields: [
      ["Conflict", "has_conflict"],
      ["Agents", (p) => p.conflicting_agents.map((a: { name: string; id: string }) => `${a.name} (${a.id})`)],
    ],
  },
});
