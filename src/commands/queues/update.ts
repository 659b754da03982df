import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { showQueue } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Change a queue's name, description or folder",
    examples: ['duvo queues update <queue-id> --name "Invoices 2026"', "duvo queues update <queue-id> --clear-description --clear-folder"],
  },
  operation: "updateQueue",
  args: {
    id: { type: "positional", uuid: "queue id", description: "The queue's id", required: true },
    name: { type: "string", description: "A new name", valueHint: "n" },
    description: { type: "string", conflicts: "clear-description", description: "A new description", valueHint: "text" },
    "clear-description": { type: "boolean", description: "Remove the description" },
    "folder-id": { type: "string", conflicts: "clear-folder", description: "Move it to this folder", valueHint: "id" },
    "clear-folder": { type: "boolean", description: "Take it out of its folder" },
  },
  request: (args) => {
    const body = {
      name: args.name,
      description: args["clear-description"] ? null : args.description,
      folder_id: args["clear-folder"] ? null : args["folder-id"],
    };
    if (Object.values(body).every((value) => value === undefined)) throw new UsageError("nothing to change: give --name, --description, --folder-id or a --clear- flag");
    return { path: { queue_id: args.id }, body };
  },
  show: showQueue,
});
