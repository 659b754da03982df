import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";

export default operationCommand({
  meta: { description: "Delete a case (a run working it is interrupted; asks first on a terminal)", examples: ["duvo cases delete <case-id>", "duvo cases delete <case-id> -y"] },
  operation: "deleteCase",
  args: { id: { type: "positional", description: "The case's id", required: true } },
  request: (args) => ({ path: { case_id: checkUuid(args.id, "case id") } }),
  confirm: (args) => `Delete case ${args.id}?`,
  show: { done: (answer, args) => `Deleted case ${args.id}${answer.interruptedRunIds.length ? ` (interrupted run ${answer.interruptedRunIds.join(", ")})` : ""}.` },
});
