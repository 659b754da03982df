import { operationCommand } from "../../cli/operation-command.ts";
import { dateArgs, orgIdArg, orgPath, window } from "./_org.ts";

export default operationCommand({
  meta: {
    description: "An organization's headline figures: runs, success rate, active agents and users",
    examples: ["duvo teams org-insights <org-id>", "duvo teams org-insights <org-id> --start-date 2026-01-01 --end-date 2026-01-31 --json"],
    notes: "Dates are ISO 8601; a date alone is midnight UTC (the end of that day for --end-date). Without them, the API's default window.",
  },
  operation: "getOrgInsightsHeadline",
  args: { ...orgIdArg, ...dateArgs },
  request: (args) => ({ path: orgPath(args), query: window(args) }),
  show: {
    object: "headline",
    fields: [
      ["Runs", "total_runs"],
      ["Completed", "completed_runs"],
      ["Failed", "failed_runs"],
      ["Success rate", "success_rate"],
      ["Active agents", "active_agents"],
      ["Active users", "active_users"],
      ["Teams", (headline: { aggregated_teams: number; total_teams: number }) => `${headline.aggregated_teams} of ${headline.total_teams}`],
      ["From", "start_date"],
      ["To", "end_date"],
      ["Truncated", "truncated"],
    ],
  },
});
