import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List the secrets attached to a revision (names and keys, never values)",
    examples: ["duvo revision-secrets list --agent <agent-id> --revision <revision-id>", "duvo revision-secrets list --agent <agent-id> --revision <revision-id> --json"],
    notes: "--json prints the API response (an array of secrets).",
  },
  operation: "listRevisionSecrets",
  args: revisionArgs,
  request: (args) => ({ path: revisionPath(args) }),
  show: {
    items: "",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["KEYS", "env_var_keys"],
      ["SERVICE", "service_slug"],
    ],
    empty: "No secrets are attached to this revision.",
  },
});
