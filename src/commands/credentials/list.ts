import { operationCommand } from "../../cli/operation-command.ts";
import { showCredentials, userIdOf } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "List your browser logins and the team's shared ones: id, domain, username, whether a password and OTP are set",
    examples: ["duvo credentials list", "duvo credentials list --domain example.com --json"],
    notes: "--json prints the API's answer: an array of logins (hasPassword and hasEnabledTOTP, never the secrets).",
  },
  operation: "listCredentials",
  args: { domain: { type: "string", description: "Only logins for this domain", valueHint: "domain" } },
  request: (args, runtime) => ({ path: { userId: userIdOf(runtime) }, query: { domain: args.domain } }),
  show: showCredentials,
});
