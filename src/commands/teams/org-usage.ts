import { operationCommand } from "../../cli/operation-command.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { dateArgs, orgIdArg, orgPath, window } from "./_org.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export default operationCommand({
  meta: {
    description: "An organization's runs over time, per day, week or month (scheduled and on demand)",
    examples: ["duvo teams org-usage <org-id>", "duvo teams org-usage <org-id> --start-date 2026-01-01 --end-date 2026-03-31 --granularity month --json"],
    notes: "Defaults: the 30 days up to now, per day. Dates are ISO 8601; a date alone is midnight UTC (the end of that day for --end-date).",
  },
  operation: "getOrgInsightsUsageChart",
  args: {
    ...orgIdArg,
    ...dateArgs,
    granularity: { type: "enum", options: ["day", "week", "month"], description: "One bar per day, week or month (default day)", valueHint: "day|week|month" },
    timezone: { type: "string", description: "Where days start (IANA name, e.g. Europe/Prague; default UTC)", valueHint: "tz" },
  },
  request: (args) => {
    const given = window(args);
    if (args.timezone !== undefined && !isTimeZone(args.timezone))
      throw new UsageError(`invalid --timezone "${printable(args.timezone)}": expected an IANA time zone such as Europe/Prague`);
    const endDate = given.endDate ?? new Date().toISOString();
    const startDate = given.startDate ?? new Date(Date.parse(endDate) - 30 * DAY_MS).toISOString();
    return { path: orgPath(args), query: { startDate, endDate, granularity: (args.granularity as string | undefined) ?? "day", timezone: args.timezone } };
  },
  show: {
    items: "buckets",
    columns: [
      ["PERIOD", "period", { keep: true }],
      ["RUNS", "total_runs", { keep: true }],
      ["SCHEDULED", "scheduled_runs", { keep: true }],
      ["ON DEMAND", "on_demand_runs", { keep: true }],
    ],
    empty: "No runs in this window.",
  },
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return /^[A-Za-z_]+(?:\/[A-Za-z_\-+0-9]+){0,2}$/.test(name);
  } catch {
    return false;
  }
}
