import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";
import { UsageError } from "../../errors.ts";
import { agentIdArg, showAgent } from "./_args.ts";

/** `--a|--b`: true, false, or undefined when neither is given (both: a usage error). */
function toggle(on: boolean | undefined, off: boolean | undefined, a: string, b: string): boolean | undefined {
  if (on && off) throw new UsageError(`--${a} and --${b} cannot be used together`);
  return on ? true : off ? false : undefined;
}

export default operationCommand({
  meta: {
    description: "Rename an agent, switch Slack, Microsoft Teams or agentic memory on or off, set its thread, pin it",
    examples: ['duvo agents update <agent-id> --name "Invoice Reconciler 2"', "duvo agents update <agent-id> --enable-slack --pin --json"],
  },
  operation: "updateAgent",
  args: {
    ...agentIdArg,
    name: { type: "string", description: "A new name", valueHint: "n" },
    "enable-slack": { type: "boolean", description: "Let people talk to the agent in Slack" },
    "disable-slack": { type: "boolean", description: "Switch Slack off" },
    "enable-microsoft-teams": { type: "boolean", description: "Let people talk to the agent in Microsoft Teams" },
    "disable-microsoft-teams": { type: "boolean", description: "Switch Microsoft Teams off" },
    "enable-agentic-memory": { type: "boolean", description: "Let the agent remember what it learns across runs" },
    "disable-agentic-memory": { type: "boolean", description: "Switch agentic memory off" },
    "thread-id": { type: "string", description: "Attach the agent to this thread", valueHint: "id" },
    "clear-thread": { type: "boolean", description: "Detach it from its thread" },
    pin: { type: "boolean", description: "Pin the agent (for you)" },
    unpin: { type: "boolean", description: "Unpin it" },
  },
  request: (args) => {
    if (args["thread-id"] !== undefined && args["clear-thread"]) throw new UsageError("--thread-id and --clear-thread cannot be used together");
    const body = {
      name: args.name,
      slack_enabled: toggle(args["enable-slack"], args["disable-slack"], "enable-slack", "disable-slack"),
      microsoft_teams_enabled: toggle(args["enable-microsoft-teams"], args["disable-microsoft-teams"], "enable-microsoft-teams", "disable-microsoft-teams"),
      agentic_memory_enabled: toggle(args["enable-agentic-memory"], args["disable-agentic-memory"], "enable-agentic-memory", "disable-agentic-memory"),
      thread_id: args["clear-thread"] ? null : args["thread-id"] === undefined ? undefined : checkUuid(args["thread-id"], "thread id"),
      pinned: toggle(args.pin, args.unpin, "pin", "unpin"),
    };
    if (Object.values(body).every((value) => value === undefined)) throw new UsageError("nothing to change: give --name, an --enable-/--disable- flag, --thread-id, --clear-thread, --pin or --unpin");
    return { path: { agent_id: checkUuid(args["agent-id"], "agent id") }, body };
  },
  show: showAgent,
});
