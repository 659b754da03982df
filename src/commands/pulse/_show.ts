/** How a dashboard is shown by the commands that print one. */
import type { AnswerOf } from "../../api/call.ts";
import type { FieldSpec } from "../../cli/show.ts";

type Dashboard = AnswerOf<"refreshPulseDashboard">;

export const dashboardFields: FieldSpec<Dashboard>[] = [
  ["ID", "id"],
  ["Title", "title"],
  ["Status", "status"],
  ["Visibility", "visibility"],
  ["Refresh", "refresh_frequency"],
  ["Last refresh", "last_refresh_at", { time: true }],
  ["Updated", "updated_at", { time: true }],
];
