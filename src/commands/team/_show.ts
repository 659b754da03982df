import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";

export const showTeam: Show<AnswerOf<"getTeam">> = {
  object: "team",
  fields: [
    ["ID", "id"],
    ["Name", "name"],
    ["Organization", "organization_id"],
    ["Slack team", "slack_team_id"],
    ["Discovery", "discovery_mode"],
    ["Created", "created_at", { time: true }],
  ],
};
