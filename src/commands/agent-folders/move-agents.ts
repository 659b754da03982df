import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";

export default operationCommand({
  meta: {
    description: "Put agents into a folder, or back to the top level",
    examples: ["duvo agent-folders move-agents --agent <agent-id> --agent <agent-id> --folder <folder-id>", "duvo agent-folders move-agents --agent <agent-id> --to-root"],
  },
  operation: "moveAgentsToFolder",
  args: {
    agent: { type: "string", repeatable: true, uuid: "agent id", description: "An agent to move (repeat for more)", valueHint: "id" },
    folder: { type: "string", uuid: "folder id", description: "The folder to put them in", valueHint: "id" },
    "to-root": { type: "boolean", description: "Take them out of their folders" },
  },
  request: (args) => {
    if (args.agent.length === 0) throw new UsageError("give at least one --agent");
    if ((args.folder === undefined) === !args["to-root"]) throw new UsageError("give either --folder or --to-root");
    return { body: { agent_ids: args.agent, folder_id: args["to-root"] ? null : args.folder! } };
  },
  show: {
    done: (answer, args) => `Moved ${answer.moved_count} agent${answer.moved_count === 1 ? "" : "s"} ${args["to-root"] ? "to the top level" : `into folder ${args.folder}`}.`,
  },
});
