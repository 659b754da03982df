import { operationCommand } from "../../../cli/operation-command.ts";
import { checkUuid } from "../../../cli/values.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg, showCaseTrigger } from "../_args.ts";
import { concurrency, concurrencyArg, triggerIdArg, triggerPath } from "./_ids.ts";

export default operationCommand({
  meta: {
    description: "Change a case trigger: its queue, on or off, its concurrency",
    examples: ["duvo agents case-triggers update <agent-id> <trigger-id> --disable", "duvo agents case-triggers update <agent-id> <trigger-id> --clear-concurrency --json"],
    notes: "--concurrency: the API accepts only 1; --clear-concurrency removes the limit.",
  },
  operation: "updateAgentCaseTrigger",
  args: {
    ...agentIdArg,
    ...triggerIdArg,
    queue: { type: "string", description: "Move it to this queue", valueHint: "id" },
    enable: { type: "boolean", description: "Switch it on" },
    disable: { type: "boolean", description: "Switch it off" },
    ...concurrencyArg,
    "clear-concurrency": { type: "boolean", description: "No limit on cases worked at once" },
  },
  request: (args) => {
    if (args.enable && args.disable) throw new UsageError("--enable and --disable cannot be used together");
    if (args.concurrency !== undefined && args["clear-concurrency"]) throw new UsageError("--concurrency and --clear-concurrency cannot be used together");
    const body = {
      case_queue_id: args.queue === undefined ? undefined : checkUuid(args.queue, "queue id"),
      enabled: args.enable ? true : args.disable ? false : undefined,
      concurrency: args["clear-concurrency"] ? null : concurrency(args.concurrency),
    };
    if (Object.values(body).every((value) => value === undefined)) throw new UsageError("nothing to change: give --queue, --enable, --disable, --concurrency or --clear-concurrency");
    return { path: triggerPath(args), body };
  },
  show: showCaseTrigger,
});
