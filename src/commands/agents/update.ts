import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { agentIdArg, showAgent } from "./_args.ts";

/** `--a|--b` (the parser refuses both): true, false, or undefined when neither is given. */
const toggle = (on: boolean | undefined, off: boolean | undefined) => (on ? true : off ? false : undefined);

export default operationCommand({
  meta: {
    description: "Rename an agent, switch Slack, Microsoft Teams or agentic memory on or off, set its thread, pin it",
    examples: ['duvo agents update <agent-id> --name "Invoice Reconciler 2"', "duvo agents update <agent-id> --enable-slack --pin --json"],
  },
  operation: "updateAgent",
  args: {
    ...agentIdArg,
    name: { type: "string", description: "A new name", valueHint: "n" },
    "enable-slack": { type: "boolean", conflicts: "disable-slack", description: "Let people talk to the agent in Slack" },
    "disable-slack": { type: "boolean", description: "Switch Slack off" },
    "enable-microsoft-teams": { type: "boolean", conflicts: "disable-microsoft-teams", description: "Let people talk to the agent in Microsoft Teams" },
    "disable-microsoft-teams": { type: "boolean", description: "Switch Microsoft Teams off" },
    "enable-agentic-memory": { type: "boolean", conflicts: "disable-agentic-memory", description: "Let the agent remember what it learns across runs" },
    "disable-agentic-memory": { type: "boolean", description: "Switch agentic memory off" },
    "thread-id": { type: "string", uuid: "thread id", conflicts: "clear-thread", description: "Attach the agent to this thread", valueHint: "id" },
    "clear-thread": { type: "boolean", description: "Detach it from its thread" },
    pin: { type: "boolean", conflicts: "unpin", description: "Pin the agent (for you)" },
    unpin: { type: "boolean", conflicts: "unpin", description: "Unpin it" },
  },
  request: (args) => {
    const body = {
      name: args.name,
      slack_enabled: toggle(args["enable-slack"], args["disable-slack"]),
      microsoft_teams_enabled: toggle(args["enable-microsoft-teams"], args["disable-microsoft-teams"]),
      agentic_memory_enabled: toggle(args["enable-agentic-memory"], args["disable-agentic-memory"]),
      thread_id: args["clear-thread"] ? null : args["thread-id"],
      pinned: toggle(args.pin, args.unpin),
    };
    if (Object.values(body).every((value) => value === undefined))
      throw new UsageError("nothing to change: give --name, an --enable-/--disable- flag, --thread-id, --clear-thread, --pin or --unpin");
    return { path: { agent_id: args["agent-id"] }, body };
  },
  show: showAgent,
});
