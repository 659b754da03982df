import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Attach a browser login (a credential) to a revision",
    examples: ["duvo revision-logins attach --agent <agent-id> --revision <revision-id> --credential <credential-id>"],
  },
  operation: "attachRevisionLogin",
  args: { ...revisionArgs, credential: { type: "string", uuid: "credential id", description: "The credential's id (see duvo credentials list)", required: true, valueHint: "id" } },
  request: (args) => ({ path: revisionPath(args), body: { exposedCredentialId: args.credential } }),
  show: { done: (_answer, args) => `Attached login ${args.credential} to revision ${args.revision}.` },
});
