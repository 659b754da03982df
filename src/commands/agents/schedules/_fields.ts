/** The flags a schedule's fields come from, shared by create and update. */
import type { DuvoArgsDef } from "../../../cli/command.ts";
import { parseCount } from "../../../cli/values.ts";

export const FREQUENCIES = ["every_5_minutes", "every_15_minutes", "hourly", "daily", "workday", "weekly", "monthly", "custom"];
export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export const scheduleArgs = {
  frequency: { type: "enum", options: FREQUENCIES, description: `How often: ${FREQUENCIES.join(", ")}`, valueHint: "f" },
  timezone: { type: "string", description: "IANA time zone the time is in (e.g. Europe/Prague)", valueHint: "tz" },
  time: { type: "string", description: "Time of day, 24-hour (daily and slower)", valueHint: "HH:MM" },
  day: { type: "enum", options: DAYS, description: "Day of the week (weekly)", valueHint: "day" },
  "day-of-month": { type: "string", description: "Day of the month, 1-31 (monthly)", valueHint: "n" },
  cron: { type: "string", description: "A cron expression (frequency custom)", valueHint: "expr" },
} as const satisfies DuvoArgsDef;

export function dayOfMonth(value: string | undefined): number | undefined {
  return parseCount(value, "--day-of-month", { min: 1 });
}
