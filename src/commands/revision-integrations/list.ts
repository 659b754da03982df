import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List the integrations a revision uses",
    examples: ["duvo revision-integrations list --agent <agent-id> --revision <revision-id>", "duvo revision-integrations list --agent <agent-id> --revision <revision-id> --json"],
    notes: "--json prints the API response {integrations}. The ID column is what the other revision-integrations commands take.",
  },
  operation: "listRevisionIntegrations",
  args: revisionArgs,
  request: (args) => ({ path: revisionPath(args) }),
  show: {
    items: "integrations",
    columns: [
      ["ID", "id", { keep: true }],
      ["TYPE", "integration_type", { keep: true }],
      ["NAME", "integration_name"],
      ["CATALOG ID", (i) => i.integration_id ?? i.custom_integration_id],
      ["CREATED", "created_at", { keep: true, time: true }],
    ],
    empty: "This revision uses no integrations.",
  },
});
