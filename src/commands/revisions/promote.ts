import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Make a revision the live one (what triggers and new runs use)",
    examples: ["duvo revisions promote <revision-id>", 'duvo revisions promote <revision-id> --name "March release" --description "Converts currencies first"'],
  },
  operation: "promoteRevision",
  args: {
    id: { type: "positional", uuid: "revision id", description: "The revision's id", required: true },
    name: { type: "string", description: "Name the revision (1-80 characters)", valueHint: "text" },
    description: { type: "string", description: "Describe it (up to 500 characters)", valueHint: "text" },
  },
  request: (args) => ({ path: { build_id: args.id }, body: { revision_name: args.name, revision_description: args.description } }),
  show: { done: (answer, args) => (answer.success ? `Revision ${args.id} is live.` : `Revision ${args.id} was not promoted.`) },
});
