import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Detach a browser login from a revision (asks first on a terminal; -y skips the question)",
    examples: ["duvo revision-logins detach <credential-id> --agent <agent-id> --revision <revision-id> -y"],
  },
  operation: "detachRevisionLogin",
  args: { "credential-id": { type: "positional", uuid: true, description: "The credential's id", required: true }, ...revisionArgs },
  request: (args) => ({ path: { ...revisionPath(args), exposedCredentialId: args["credential-id"] } }),
  confirm: (args) => `Detach login ${args["credential-id"]} from revision ${args.revision}?`,
  show: { done: (_answer, args) => `Detached login ${args["credential-id"]} from revision ${args.revision}.` },
});
