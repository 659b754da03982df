import { operationCommand } from "../../cli/operation-command.ts";
import { showTeam } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Show a team: the one given with --team, else the current one",
    examples: ["duvo team get", "duvo team get --team <team-id> --json"],
  },
  operation: "getTeam",
  args: {},
  show: showTeam,
});
