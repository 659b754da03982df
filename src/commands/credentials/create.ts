import { operationCommand } from "../../cli/operation-command.ts";
import { readSecret, stdinOnce } from "../_secret-input.ts";
import { CREDENTIAL_SECRETS, secretFlags, showCredential, userIdOf } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Save a browser login for a domain",
    examples: [
      "duvo credentials create --domain example.com --username ops@example.com --password-stdin < password.txt",
      "duvo credentials create --domain example.com --username ops --password-file pw.txt --otp-secret-file totp.txt --shared",
    ],
    notes: "The password and the TOTP secret are never printed (*** unless --show-secrets); stdin can feed one of them.",
  },
  operation: "createCredential",
  args: {
    domain: { type: "string", description: "The site's domain (e.g. example.com)", required: true, valueHint: "domain" },
    username: { type: "string", description: "The user name or email to sign in with", valueHint: "u" },
    ...secretFlags,
    shared: { type: "boolean", description: "Share it with the team (default: yours only)" },
  },
  request: async (args, runtime) => {
    const stdin = stdinOnce(runtime);
    const password = await readSecret("password", args, stdin);
    const otpSecret = await readSecret("otp-secret", args, stdin);
    return {
      path: { userId: userIdOf(runtime) },
      body: { domain: args.domain, username: args.username, password, otp_secret: otpSecret, shared: args.shared },
    };
  },
  secrets: CREDENTIAL_SECRETS,
  show: showCredential,
});
