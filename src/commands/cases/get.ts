import { operationCommand } from "../../cli/operation-command.ts";
import { caseFields } from "./_shared.ts";

export default operationCommand({
  meta: { description: "Show one case", examples: ["duvo cases get <case-id>", "duvo cases get <case-id> --json | jq .events"] },
  operation: "getCase",
  args: { id: { type: "positional", uuid: "case id", description: "The case's id", required: true } },
  request: (args) => ({ path: { case_id: args.id } }),
  show: { object: "case", fields: caseFields },
  early: true,
});
