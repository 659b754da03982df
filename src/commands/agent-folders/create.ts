import { operationCommand } from "../../cli/operation-command.ts";
import { showFolder } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Create an agent folder, at the top or inside another",
    examples: ['duvo agent-folders create --name "Finance"', 'duvo agent-folders create --name "Payables" --parent <folder-id> --json'],
  },
  operation: "createAgentFolder",
  args: {
    name: { type: "string", description: "The folder's name (1-100 characters)", required: true, valueHint: "n" },
    parent: { type: "string", uuid: "folder id", description: "Put it inside this folder", valueHint: "id" },
  },
  request: (args) => ({ body: { name: args.name, parent_folder_id: args.parent } }),
  show: showFolder,
});
