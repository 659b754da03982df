import { operationCommand } from "../../cli/operation-command.ts";
import { checkUuid } from "../../cli/values.ts";
import { agentArg, showRevision } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Show one revision of an agent; --json includes its config",
    examples: ["duvo revisions get <revision-id> --agent <agent-id>", "duvo revisions get <revision-id> --agent <agent-id> --json | jq .build.config > agent.json"],
  },
  operation: "getRevision",
  args: { "revision-id": { type: "positional", description: "The revision's id", required: true }, ...agentArg },
  request: (args) => ({ path: { agent_id: checkUuid(args.agent, "agent id"), build_id: checkUuid(args["revision-id"], "revision id") } }),
  show: showRevision,
});
