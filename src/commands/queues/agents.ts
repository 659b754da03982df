import type { AnswerOf } from "../../api/call.ts";
import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "The agents bound to a queue: producers (feed it) and consumers (work its cases)",
    examples: ["duvo queues agents <queue-id>", "duvo queues agents <queue-id> --json | jq -r '.consumers[].agent_name'"],
  },
  operation: "listQueueAgents",
  args: { "queue-id": { type: "positional", uuid: true, description: "The queue's id", required: true } },
  request: (args) => ({ path: { queue_id: args["queue-id"] } }),
  show: {
    items: "agents",
    columns: [
      ["ROLE", "role", { keep: true }],
      ["AGENT", "agent_id", { keep: true }],
      ["NAME", "agent_name"],
      ["TRIGGER", "case_trigger_enabled"],
      ["CONCURRENCY", (agent) => ("concurrency_limit" in agent ? agent.concurrency_limit : undefined)], // consumers only
      ["PROBLEMS", "problems"],
    ],
    empty: "No agent feeds or works this queue.",
  },
  transform: (answer: AnswerOf<"listQueueAgents">) => ({
    agents: [...answer.producers.map((agent) => ({ role: "producer", ...agent })), ...answer.consumers.map((agent) => ({ role: "consumer", ...agent }))],
  }),
});
