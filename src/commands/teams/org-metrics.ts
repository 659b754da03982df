import { operationCommand } from "../../cli/operation-command.ts";
import { dateArgs, orgIdArg, orgPath, window } from "./_org.ts";

export default operationCommand({
  meta: {
    description: "An organization's figures per team: members, agents, schedules, jobs, runs",
    examples: ["duvo teams org-metrics <org-id>", "duvo teams org-metrics <org-id> --start-date 2026-01-01 --json | jq '.teams | sort_by(-.total_runs)'"],
    notes: "Dates are ISO 8601; a date alone is midnight UTC (the end of that day for --end-date).",
  },
  operation: "getOrgInsightsMetrics",
  args: { ...orgIdArg, ...dateArgs },
  request: (args) => ({ path: orgPath(args), query: window(args) }),
  show: {
    items: "teams",
    columns: [
      ["TEAM", "team_id", { keep: true }],
      ["NAME", "team_name"],
      ["MEMBERS", "member_count", { keep: true }],
      ["AGENTS", "assignment_count", { keep: true }],
      ["SCHEDULED", "scheduled_job_count", { keep: true }],
      ["JOBS", "total_jobs", { keep: true }],
      ["FAILED", "failed_jobs", { keep: true }],
      ["RUNS", "total_runs", { keep: true }],
    ],
    empty: "No team figures in this window.",
  },
});
