import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { showFolder } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Rename an agent folder or move it (into another folder, or to the top)",
    examples: ['duvo agent-folders update <folder-id> --name "Accounts payable"', "duvo agent-folders update <folder-id> --move-to-root"],
  },
  operation: "updateAgentFolder",
  args: {
    id: { type: "positional", uuid: "folder id", description: "The folder's id", required: true },
    name: { type: "string", description: "A new name", valueHint: "n" },
    parent: { type: "string", uuid: "folder id", conflicts: "move-to-root", description: "Move it inside this folder", valueHint: "id" },
    "move-to-root": { type: "boolean", description: "Move it to the top level" },
  },
  request: (args) => {
    const body = { name: args.name, parent_folder_id: args["move-to-root"] ? null : args.parent };
    if (body.name === undefined && body.parent_folder_id === undefined) throw new UsageError("nothing to change: give --name, --parent or --move-to-root");
    return { path: { folder_id: args.id }, body };
  },
  show: showFolder,
});
