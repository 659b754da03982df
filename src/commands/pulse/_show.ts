/** How a dashboard is shown by the commands that print one. */
import type { Show } from "../../cli/operation-command.ts";

export const showDashboard: Extract<Show, { fields: unknown }> = {
  fields: [
    ["ID", "id"],
    ["Title", "title"],
    ["Status", "status"],
    ["Visibility", "visibility"],
    ["Refresh", "refresh_frequency"],
    ["Last refresh", "last_refresh_at"],
    ["Updated", "updated_at"],
  ],
};
