import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List an agent's schedules (also: duvo agents schedules <agent-id>)",
    examples: ["duvo agents schedules list <agent-id>", "duvo agents schedules list <agent-id> --json"],
    notes: "duvo agents schedules <agent-id> is the same command. --json prints the API response {schedules}.",
  },
  operation: "listAgentSchedules",
  args: agentIdArg,
  request: (args) => ({ path: { agent_id: args["agent-id"] } }),
  show: {
    items: "schedules",
    columns: [
      ["ID", "id", { keep: true }],
      ["FREQUENCY", "frequency", { keep: true }],
      ["WHEN", (s) => s.cron ?? [s.day, s.day_of_month, s.time].filter((part) => part !== null && part !== undefined).join(" ")],
      ["TIMEZONE", "timezone"],
      ["ENABLED", "enabled", { keep: true }],
      ["RECURRING", "recurring"],
    ],
    empty: "This agent has no schedules.",
  },
});
