import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { orgIdArg, orgPath } from "./_org.ts";

const ROLES = ["member", "admin", "owner", "executive"];

export default operationCommand({
  meta: {
    description: "Invite someone to an organization by email, optionally into one of its teams",
    examples: ["duvo teams invite-org-member <org-id> --email ana@example.com", "duvo teams invite-org-member <org-id> --email ana@example.com --role admin --team-id <team-id>"],
    notes: "--role is member (the default), admin, owner or executive (organization:member etc. also accepted). Without --email, it is asked for on a terminal.",
  },
  operation: "inviteOrgMember",
  args: {
    ...orgIdArg,
    email: { type: "string", description: "Who to invite", valueHint: "email" },
    role: { type: "string", description: "Their role in the organization (default member)", valueHint: "role" },
    "team-id": { type: "string", uuid: true, description: "Also add them to this team of the organization", valueHint: "id" },
    "frontend-url": { type: "string", description: "The web app's URL the invitation links to", valueHint: "url" },
  },
  request: async (args, runtime) => {
    const role = (args.role ?? "member").replace(/^organization:/, "");
    if (!ROLES.includes(role)) throw new UsageError(`invalid --role "${args.role}": expected one of ${ROLES.join(", ")}`);
    const path = orgPath(args);
    const teamId = args["team-id"];
    let email = args.email;
    if (email === undefined) {
      if (!runtime.canPrompt) throw new UsageError("missing --email", "pass --email <address>");
      email = (await runtime.prompter.text("Email address to invite:", { placeholder: "name@example.com" })).trim();
    }
    return { path, body: { email, role: `organization:${role}`, teamId, frontendUrl: args["frontend-url"] } };
  },
  show: { done: (answer, args) => `Invited ${args.email ?? "them"} (invitation ${answer.invitationId}${answer.emailSent ? ", email sent" : ", no email sent"}).` },
});
