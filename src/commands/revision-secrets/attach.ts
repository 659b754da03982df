import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Attach one of the team's secrets to a revision",
    examples: ["duvo revision-secrets attach --agent <agent-id> --revision <revision-id> --secret <secret-id>"],
  },
  operation: "attachRevisionSecret",
  args: { ...revisionArgs, secret: { type: "string", description: "The secret's id", required: true, valueHint: "id" } },
  request: (args) => ({ path: revisionPath(args), body: { credentialId: checkUuid(args.secret, "secret id") } }),
  show: { done: (_answer, args) => `Attached secret ${args.secret} to revision ${args.revision}.` },
});
