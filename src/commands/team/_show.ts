import type { Show } from "../../cli/operation-command.ts";

export const showTeam: Show = {
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
