import { operationCommand } from "../../cli/operation-command.ts";
import { agentArg, showRevision } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Create a revision (a draft) of an agent from a config file",
    examples: [
      "duvo revisions create --agent <agent-id> --name v4 --config-file agent.json",
      "jq '.data.input = \"...\"' agent.json | duvo revisions create --agent <agent-id> --name v5 --config-file - --json",
    ],
    notes:
      'The config file is JSON: {"version": "v2", "data": {"models": {...}, "input": ..., ...}}, checked against the API\'s schema before sending (the field named). Promote the draft with duvo revisions promote.',
  },
  operation: "createRevision",
  args: {
    ...agentArg,
    name: { type: "string", description: "The revision's name", required: true, valueHint: "text" },
    "config-file": { type: "string", description: "The revision config (JSON file), or - for stdin", required: true, valueHint: "path|-" },
  },
  request: async (args, runtime) => {
    const agentId = args.agent;
    const { readRevisionConfig } = await import("./_config.ts");
    const config = await readRevisionConfig(runtime, args["config-file"], "--config-file");
    return { path: { agent_id: agentId }, body: { name: args.name, config } };
  },
  show: showRevision,
});
