import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: { description: "Delete a case (a run working it is interrupted; asks first on a terminal)", examples: ["duvo cases delete <case-id>", "duvo cases delete <case-id> -y"] },
  operation: "deleteCase",
  args: { id: { type: "positional", uuid: "case id", description: "The case's id", required: true } },
  request: (args) => ({ path: { case_id: args.id } }),
  confirm: (args) => `Delete case ${args.id}?`,
  show: { done: (answer, args) => `Deleted case ${args.id}${answer.interruptedRunIds.length ? ` (interrupted run ${answer.interruptedRunIds.join(", ")})` : ""}.` },
});
