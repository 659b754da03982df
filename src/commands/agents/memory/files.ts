import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg } from "../_args.ts";

export default operationCommand({
  meta: {
    description: "List an agent's memory files",
    examples: ["duvo agents memory files <agent-id>", "duvo agents memory files <agent-id> --json"],
    notes: "--json prints the API response {files}.",
  },
  operation: "listAgentMemoryFiles",
  args: agentIdArg,
  request: (args) => ({ path: { agent_id: args["agent-id"] } }),
  show: {
    items: "files",
    columns: [
      ["PATH", "path", { keep: true }],
      ["SOURCE", "source_type"],
      ["UPDATED", "updated_at", { keep: true, time: true }],
    ],
    empty: "This agent remembers nothing yet.",
  },
});
