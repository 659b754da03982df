import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Remove an integration from a revision (asks first on a terminal; -y skips the question)",
    examples: [
      "duvo revision-integrations remove <integration-id> --agent <agent-id> --revision <revision-id>",
      "duvo revision-integrations remove <integration-id> --agent <agent-id> --revision <revision-id> -y",
    ],
  },
  operation: "removeRevisionIntegration",
  args: { "integration-id": { type: "positional", uuid: true, description: "The revision's integration (as list shows it)", required: true }, ...revisionArgs },
  request: (args) => ({ path: { ...revisionPath(args), integration_id: args["integration-id"] } }),
  confirm: (args) => `Remove integration ${args["integration-id"]} from revision ${args.revision}?`,
  show: { done: (_answer, args) => `Removed integration ${args["integration-id"]} from revision ${args.revision}.` },
});
