import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";

export default operationCommand({
  meta: {
    description: "The agents bound to a queue: producers (feed it) and consumers (work its cases)",
    examples: ["duvo queues agents <queue-id>", "duvo queues agents <queue-id> --json | jq -r '.consumers[].agent_name'"],
  },
  operation: "listQueueAgents",
  args: { "queue-id": { type: "positional", description: "The queue's id", required: true } },
  request: (args) => ({ path: { queue_id: checkUuid(args["queue-id"], "queue id") } }),
  show: {
    items: "agents",
    columns: [
      ["ROLE", "role", { keep: true }],
      ["AGENT", "agent_id", { keep: true }],
      ["NAME", "agent_name"],
      ["TRIGGER", "case_trigger_enabled"],
      ["CONCURRENCY", "concurrency_limit"],
      ["PROBLEMS", "problems"],
    ],
    empty: "No agent feeds or works this queue.",
  },
  transform: (answer: any) => ({
    agents: [
      ...answer.producers.map((agent: any) => ({ role: "producer", ...agent })),
      ...answer.consumers.map((agent: any) => ({ role: "consumer", ...agent })),
    ],
  }),
});
