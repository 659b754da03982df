import { operationCommand } from "../../../cli/operation-command.ts";
import { checkUuid } from "../../../cli/values.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg, showSchedule } from "../_args.ts";
import { dayOfMonth, scheduleArgs } from "./_fields.ts";

/** A value, null when its --clear- flag is given (both: a usage error). */
function orClear<T>(value: T | undefined, clear: boolean | undefined, flag: string): T | null | undefined {
  if (value !== undefined && clear) throw new UsageError(`--${flag} and --clear-${flag} cannot be used together`);
  return clear ? null : value;
}

function either(a: boolean | undefined, b: boolean | undefined, names: [string, string]): boolean | undefined {
  if (a && b) throw new UsageError(`--${names[0]} and --${names[1]} cannot be used together`);
  return a ? true : b ? false : undefined;
}

export default operationCommand({
  meta: {
    description: "Change a schedule: its frequency, time, day, cron or time zone; switch it on or off",
    examples: ["duvo agents schedules update <agent-id> <schedule-id> --time 07:30", "duvo agents schedules update <agent-id> <schedule-id> --disable --json"],
  },
  operation: "updateSchedule",
  args: {
    ...agentIdArg,
    "schedule-id": { type: "positional", description: "The schedule's id", required: true },
    ...scheduleArgs,
    "clear-time": { type: "boolean", description: "Remove the time" },
    "clear-day": { type: "boolean", description: "Remove the day of the week" },
    "clear-day-of-month": { type: "boolean", description: "Remove the day of the month" },
    "clear-cron": { type: "boolean", description: "Remove the cron expression" },
    enable: { type: "boolean", description: "Switch it on" },
    disable: { type: "boolean", description: "Switch it off" },
    recurring: { type: "boolean", description: "Run again and again" },
    "one-shot": { type: "boolean", description: "Run once" },
  },
  request: (args) => {
    const body = {
      frequency: args.frequency,
      timezone: args.timezone,
      time: orClear(args.time, args["clear-time"], "time"),
      day: orClear(args.day, args["clear-day"], "day"),
      day_of_month: orClear(dayOfMonth(args["day-of-month"]), args["clear-day-of-month"], "day-of-month"),
      cron: orClear(args.cron, args["clear-cron"], "cron"),
      enabled: either(args.enable, args.disable, ["enable", "disable"]),
      recurring: either(args.recurring, args["one-shot"], ["recurring", "one-shot"]),
    };
    if (Object.values(body).every((value) => value === undefined)) throw new UsageError("nothing to change: give a field to set, a --clear- flag, --enable/--disable or --recurring/--one-shot");
    return { path: { agent_id: checkUuid(args["agent-id"], "agent id"), schedule_id: checkUuid(args["schedule-id"], "schedule id") }, body };
  },
  show: showSchedule,
});
