import { operationCommand } from "../../../cli/operation-command.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg, showCaseTrigger } from "../_args.ts";
import { concurrency, concurrencyArg, triggerIdArg, triggerPath } from "./_ids.ts";

export default operationCommand({
  meta: {
    description: "Change a case trigger: its queue, on or off, its concurrency",
    examples: ["duvo agents case-triggers update <agent-id> <trigger-id> --disable", "duvo agents case-triggers update <agent-id> <trigger-id> --clear-concurrency --json"],
    notes: "--concurrency: cases worked at once (1 = one at a time); --clear-concurrency goes back to the platform's default.",
  },
  operation: "updateAgentCaseTrigger",
  args: {
    ...agentIdArg,
    ...triggerIdArg,
    queue: { type: "string", uuid: "queue id", description: "Move it to this queue", valueHint: "id" },
    enable: { type: "boolean", conflicts: "disable", description: "Switch it on" },
    disable: { type: "boolean", description: "Switch it off" },
    concurrency: { ...concurrencyArg.concurrency, conflicts: "clear-concurrency" },
    "clear-concurrency": { type: "boolean", description: "No limit on cases worked at once" },
  },
  request: (args) => {
    const body = {
      case_queue_id: args.queue,
      enabled: args.enable ? true : args.disable ? false : undefined,
      concurrency: args["clear-concurrency"] ? null : concurrency(args.concurrency),
    };
    if (Object.values(body).every((value) => value === undefined))
      throw new UsageError("nothing to change: give --queue, --enable, --disable, --concurrency or --clear-concurrency");
    return { path: triggerPath(args), body };
  },
  show: showCaseTrigger,
});
