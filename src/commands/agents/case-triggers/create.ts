import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg, showCaseTrigger } from "../_args.ts";
import { concurrency, concurrencyArg } from "./_ids.ts";

export default operationCommand({
  meta: {
    description: "Start an agent on a queue's new cases (created switched off unless --enabled)",
    examples: [
      "duvo agents case-triggers create <agent-id> --queue <queue-id> --enabled",
      "duvo agents case-triggers create <agent-id> --queue <queue-id> --enabled --concurrency 1 --json",
    ],
    notes: "--concurrency: cases worked at once (1 = one at a time); without it, the platform's default. See conflicts with other agents first: duvo agents case-triggers preview.",
  },
  operation: "createAgentCaseTrigger",
  args: {
    ...agentIdArg,
    queue: { type: "string", uuid: "queue id", description: "The queue whose cases start the agent", required: true, valueHint: "id" },
    enabled: { type: "boolean", description: "Switch it on at once" },
    ...concurrencyArg,
  },
  request: (args) => ({
    path: { agent_id: args["agent-id"] },
    body: { case_queue_id: args.queue, enabled: args.enabled === true, concurrency: concurrency(args.concurrency) },
  }),
  show: showCaseTrigger,
});
