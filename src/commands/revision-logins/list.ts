import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List the browser logins attached to a revision (domain and user, never passwords)",
    examples: ["duvo revision-logins list --agent <agent-id> --revision <revision-id>", "duvo revision-logins list --agent <agent-id> --revision <revision-id> --json"],
    notes: "--json prints the API response (an array of logins).",
  },
  operation: "listRevisionLogins",
  args: revisionArgs,
  request: (args) => ({ path: revisionPath(args) }),
  show: {
    items: "",
    columns: [
      ["ID", "id", { keep: true }],
      ["DOMAIN", "domain"],
      ["USERNAME", "username"],
      ["SHARED", (l) => l.user_id === null],
    ],
    empty: "No browser logins are attached to this revision.",
  },
});
