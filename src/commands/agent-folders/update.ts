import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";
import { UsageError } from "../../errors.ts";
import { showFolder } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Rename an agent folder or move it (into another folder, or to the top)",
    examples: ['duvo agent-folders update <folder-id> --name "Accounts payable"', "duvo agent-folders update <folder-id> --move-to-root"],
  },
  operation: "updateAgentFolder",
  args: {
    id: { type: "positional", description: "The folder's id", required: true },
    name: { type: "string", description: "A new name", valueHint: "n" },
    parent: { type: "string", description: "Move it inside this folder", valueHint: "id" },
    "move-to-root": { type: "boolean", description: "Move it to the top level" },
  },
  request: (args) => {
    if (args.parent !== undefined && args["move-to-root"]) throw new UsageError("--parent and --move-to-root cannot be used together");
    const body = { name: args.name, parent_folder_id: args["move-to-root"] ? null : args.parent === undefined ? undefined : checkUuid(args.parent, "folder id") };
    if (body.name === undefined && body.parent_folder_id === undefined) throw new UsageError("nothing to change: give --name, --parent or --move-to-root");
    return { path: { folder_id: checkUuid(args.id, "folder id") }, body };
  },
  show: showFolder,
});
