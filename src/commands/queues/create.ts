import { operationCommand } from "../../cli/operation-command.ts";
import { showQueue } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Create a queue",
    examples: ['duvo queues create --name "Invoices"', 'duvo queues create --name "Invoices" --description "Incoming PDFs" --json'],
  },
  operation: "createQueue",
  args: {
    name: { type: "string", description: "The queue's name (1-100 characters)", required: true, valueHint: "name" },
    description: { type: "string", description: "What the queue is for", valueHint: "text" },
    "folder-id": { type: "string", description: "The folder to put it in", valueHint: "id" },
  },
  request: (args) => ({ body: { name: args.name, description: args.description, folder_id: args["folder-id"] } }),
  show: showQueue,
});
