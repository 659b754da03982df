import { operationCommand } from "../../cli/operation-command.ts";
import { agentArg, showRevision } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Show one revision of an agent; --json includes its config",
    examples: ["duvo revisions get <revision-id> --agent <agent-id>", "duvo revisions get <revision-id> --agent <agent-id> --json | jq .build.config > agent.json"],
  },
  operation: "getRevision",
  args: { "revision-id": { type: "positional", uuid: true, description: "The revision's id", required: true }, ...agentArg },
  request: (args) => ({ path: { agent_id: args.agent, build_id: args["revision-id"] } }),
  show: showRevision,
});
