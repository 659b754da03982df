import { operationCommand } from "../../cli/operation-command.ts";
import { CREDENTIAL_SECRETS, credentialIdArg, credentialPath, showCredential } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Show one browser login (password and OTP secret as *** unless --show-secrets)",
    examples: ["duvo credentials get <credential-id>", "duvo credentials get <credential-id> --json --show-secrets"],
  },
  operation: "getCredential",
  args: credentialIdArg,
  request: (args, runtime) => ({ path: credentialPath(args.id, runtime) }),
  secrets: CREDENTIAL_SECRETS,
  show: showCredential,
});
