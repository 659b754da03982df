import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Detach a secret from a revision (asks first on a terminal; -y skips the question)",
    examples: ["duvo revision-secrets detach <secret-id> --agent <agent-id> --revision <revision-id> -y"],
  },
  operation: "detachRevisionSecret",
  args: { "secret-id": { type: "positional", uuid: true, description: "The secret's id", required: true }, ...revisionArgs },
  request: (args) => ({ path: { ...revisionPath(args), credentialId: args["secret-id"] } }),
  confirm: (args) => `Detach secret ${args["secret-id"]} from revision ${args.revision}?`,
  show: { done: (_answer, args) => `Detached secret ${args["secret-id"]} from revision ${args.revision}.` },
});
