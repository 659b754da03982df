import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Attach one of the team's secrets to a revision",
    examples: ["duvo revision-secrets attach --agent <agent-id> --revision <revision-id> --secret <secret-id>"],
  },
  operation: "attachRevisionSecret",
  args: { ...revisionArgs, secret: { type: "string", uuid: "secret id", description: "The secret's id", required: true, valueHint: "id" } },
  request: (args) => ({ path: revisionPath(args), body: { credentialId: args.secret } }),
  show: { done: (_answer, args) => `Attached secret ${args.secret} to revision ${args.revision}.` },
});
