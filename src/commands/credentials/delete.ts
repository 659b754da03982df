import { operationCommand } from "../../cli/operation-command.ts";
import { credentialIdArg, credentialPath } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Delete a browser login (asks first on a terminal; -y skips the question)",
    examples: ["duvo credentials delete <credential-id>", "duvo credentials delete <credential-id> -y"],
    notes: "The API answers 204 (no body): --json prints null.",
  },
  operation: "deleteCredential",
  args: credentialIdArg,
  request: (args, runtime) => ({ path: credentialPath(args.id, runtime) }),
  confirm: (args) => `Delete browser login ${args.id}?`,
  show: { done: (_answer, args) => `Deleted browser login ${args.id}.` },
});
