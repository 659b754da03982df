import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Delete an agent folder (asks first on a terminal; -y skips the question)",
    examples: ["duvo agent-folders delete <folder-id>", "duvo agent-folders delete <folder-id> --force -y"],
    notes: "A folder with agents or subfolders is deleted only with --force; its contents move to the top level.",
  },
  operation: "deleteAgentFolder",
  args: {
    id: { type: "positional", uuid: "folder id", description: "The folder's id", required: true },
    force: { type: "boolean", description: "Delete it even when it holds agents or folders (they move to the top level)" },
  },
  request: (args) => ({ path: { folder_id: args.id }, query: { force: args.force ? "true" : undefined } }),
  confirm: (args) => `Delete agent folder ${args.id}${args.force ? " and move what it holds to the top level" : ""}?`,
  show: { done: (_answer, args) => `Deleted agent folder ${args.id}.` },
});
