import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Make a revision the live one (what triggers and new runs use)",
    examples: [
      "duvo revisions promote <revision-id>",
      'duvo revisions promote <revision-id> --agent <agent-id> --description "Converts currencies first"',
      'duvo revisions promote <revision-id> --name "March release" --description "Converts currencies first"',
    ],
    notes:
      "--agent (as the official documentation writes it) first checks that the revision is that agent's (GET the revision under the agent: exit 3 if not); the promotion itself needs only the revision's id.",
  },
  operation: "promoteRevision",
  args: {
    id: { type: "positional", uuid: "revision id", description: "The revision's id", required: true },
    agent: { type: "string", uuid: "agent id", description: "The agent it belongs to (checked before promoting)", valueHint: "id" },
    name: { type: "string", description: "Name the revision (1-80 characters)", valueHint: "text" },
    description: { type: "string", description: "Describe it (up to 500 characters)", valueHint: "text" },
  },
  request: async (args, runtime) => {
    if (args.agent !== undefined) await (await runtime.api()).call("getRevision", { path: { agent_id: args.agent, build_id: args.id } });
    return { path: { build_id: args.id }, body: { revision_name: args.name, revision_description: args.description } };
  },
  show: { done: (answer, args) => (answer.success ? `Revision ${args.id} is live.` : `Revision ${args.id} was not promoted.`) },
});
