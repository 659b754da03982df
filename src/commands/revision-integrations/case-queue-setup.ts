import { operationCommand } from "../../cli/operation-command.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Check a revision's case-queue slots: each needs at least one queue, or it fails at run time",
    examples: [
      "duvo revision-integrations case-queue-setup --agent <agent-id> --revision <revision-id>",
      "duvo revision-integrations case-queue-setup --agent <agent-id> --revision <revision-id> --json",
    ],
    notes: "--json prints the API response {configs, has_available_queues}. A slot with 0 queues: duvo revision-integrations queues set.",
  },
  operation: "getRevisionCaseQueueSetup",
  args: revisionArgs,
  request: (args) => ({ path: revisionPath(args) }),
  show: {
    items: "configs",
    columns: [
      ["SLOT", "config_id", { keep: true }],
      ["TYPE", "integration_type", { keep: true }],
      ["QUEUES", "linked_queue_count", { keep: true }],
      ["READY", (c) => c.linked_queue_count > 0],
    ],
    empty: "This revision has no case-queue slots.",
  },
});
