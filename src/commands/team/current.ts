import { operationCommand } from "../../cli/operation-command.ts";
import { showTeam } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Show the team commands act in (from --team, DUVO_TEAM_ID, the profile, or the key)",
    examples: ["duvo team current", "duvo team current --json | jq -r .team.id"],
  },
  operation: "getTeam",
  args: {},
  show: showTeam,
});
