import { operationCommand } from "../../cli/operation-command.ts";
import { agentArg } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "List an agent's revisions, newest first: number, name, status",
    examples: ["duvo revisions list --agent <agent-id>", "duvo revisions list --agent <agent-id> --all --json"],
    notes: "--json prints the API response {builds, total, limit, offset}; with --all the pages are joined into one.",
  },
  operation: "listAgentRevisions",
  args: agentArg,
  request: (args) => ({ path: { agent_id: args.agent } }),
  list: { items: "builds", pageSize: 100 },
  show: {
    items: "builds",
    columns: [
      ["ID", "id", { keep: true }],
      ["#", "revision_number", { keep: true }],
      ["NAME", "name"],
      ["STATUS", "status", { keep: true }],
      ["UPDATED", "updated_at", { keep: true, time: true }],
    ],
    empty: "This agent has no revisions.",
  },
});
