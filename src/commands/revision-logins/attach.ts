import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Attach a browser login (a credential) to a revision",
    examples: ["duvo revision-logins attach --agent <agent-id> --revision <revision-id> --credential <credential-id>"],
  },
  operation: "attachRevisionLogin",
  args: { ...revisionArgs, credential: { type: "string", description: "The credential's id (see duvo credentials list)", required: true, valueHint: "id" } },
  request: (args) => ({ path: revisionPath(args), body: { exposedCredentialId: checkUuid(args.credential, "credential id") } }),
  show: { done: (_answer, args) => `Attached login ${args.credential} to revision ${args.revision}.` },
});
