import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { readSecret, stdinOnce } from "../_secret-input.ts";
import { CREDENTIAL_SECRETS, credentialIdArg, credentialPath, secretFlags, showCredential } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Change a browser login: domain, username, password, TOTP secret, scope",
    examples: ["duvo credentials update <credential-id> --password-stdin < new-password.txt", "duvo credentials update <credential-id> --username ops2@example.com --shared"],
  },
  operation: "updateCredential",
  args: {
    ...credentialIdArg,
    domain: { type: "string", description: "A new domain", valueHint: "d" },
    username: { type: "string", description: "A new user name", valueHint: "u" },
    ...secretFlags,
    shared: { type: "boolean", conflicts: "personal", description: "Share it with the team" },
    personal: { type: "boolean", description: "Make it yours only" },
  },
  request: async (args, runtime) => {
    const stdin = stdinOnce(runtime);
    const body = {
      domain: args.domain,
      username: args.username,
      password: await readSecret("password", args, stdin),
      otp_secret: await readSecret("otp-secret", args, stdin),
      shared: args.shared ? true : args.personal ? false : undefined,
    };
    if (Object.values(body).every((value) => value === undefined)) {
      throw new UsageError("nothing to change: give --domain, --username, a password or OTP secret flag, --shared or --personal");
    }
    return { path: credentialPath(args.id, runtime), body };
  },
  secrets: CREDENTIAL_SECRETS,
  show: showCredential,
});
