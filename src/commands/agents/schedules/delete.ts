import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "Delete a schedule (asks first on a terminal; -y skips the question)",
    examples: ["duvo agents schedules delete <agent-id> <schedule-id>", "duvo agents schedules delete <agent-id> <schedule-id> -y"],
  },
  operation: "deleteSchedule",
  args: { ...agentIdArg, "schedule-id": { type: "positional", uuid: true, description: "The schedule's id", required: true } },
  request: (args) => ({ path: { agent_id: args["agent-id"], schedule_id: args["schedule-id"] } }),
  confirm: (args) => `Delete schedule ${args["schedule-id"]} of agent ${args["agent-id"]}?`,
  show: { done: (_answer, args) => `Deleted schedule ${args["schedule-id"]}.` },
});
