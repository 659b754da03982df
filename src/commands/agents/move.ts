import { operationCommand } from "../../cli/operation-command.ts";
import { agentIdArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Move an agent with its connected workspace to another team (asks first on a terminal; --dry-run shows what would move)",
    examples: ["duvo agents move <agent-id> --to-team <team-id> --dry-run", "duvo agents move <agent-id> --to-team <team-id> --skip-learnings -y"],
    notes: "--json prints the API response: the agents, queues, files and skills that move, and the warnings.",
  },
  operation: "moveAgent",
  args: {
    ...agentIdArg,
    "to-team": { type: "string", uuid: "team id", description: "The team to move it to", required: true, valueHint: "id" },
    "all-together": { type: "boolean", description: "Move it even when it is linked to other agents, which then move with it" },
    "skip-learnings": { type: "boolean", description: "Leave the agent's learnings behind" },
    "dry-run": { type: "boolean", description: "Only show what would move; nothing changes (and nothing is asked)" },
  },
  request: (args) => ({
    path: { agent_id: args["agent-id"] },
    query: { dry_run: args["dry-run"] ? true : undefined },
    body: {
      target_team_id: args["to-team"],
      move_learnings: args["skip-learnings"] ? false : undefined,
      bypass_standalone_gate: args["all-together"] ? true : undefined,
    },
  }),
  confirm: (args) => (args["dry-run"] ? undefined : `Move agent ${args["agent-id"]} to team ${args["to-team"]}?`),
  show: {
    fields: [
      ["Applied", "applied"],
      ["From team", "source_team_id"],
      ["To team", "target_team_id"],
      ["Agents", (m) => m.agents.map((a: { name: string; id: string }) => `${a.name} (${a.id})`)],
      ["Queues", (m) => m.queues.map((q: { name: string }) => q.name)],
      ["Runs", "total_runs"],
      ["Case items", "total_case_items"],
      ["Files", (m) => m.files_to_copy.length],
      ["Skills", (m) => m.skills_to_clone.map((s: { name: string }) => s.name)],
    ],
  },
});
