import { operationCommand } from "../../../cli/operation-command.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg, showSchedule } from "../_args.ts";
import { dayOfMonth, scheduleArgs } from "./_fields.ts";

/** A value, null when its --clear- flag is given (the parser refuses both). */
const orClear = <T>(value: T | undefined, clear: boolean | undefined): T | null | undefined => (clear ? null : value);
/** `--a|--b` (the parser refuses both): true, false, or undefined when neither is given. */
const either = (a: boolean | undefined, b: boolean | undefined) => (a ? true : b ? false : undefined);

export default operationCommand({
  meta: {
    description: "Change a schedule: its frequency, time, day, cron or time zone; switch it on or off",
    examples: ["duvo agents schedules update <agent-id> <schedule-id> --time 07:30", "duvo agents schedules update <agent-id> <schedule-id> --disable --json"],
  },
  operation: "updateSchedule",
  args: {
    ...agentIdArg,
    "schedule-id": { type: "positional", uuid: true, description: "The schedule's id", required: true },
    ...scheduleArgs,
    time: { ...scheduleArgs.time, conflicts: "clear-time" },
    day: { ...scheduleArgs.day, conflicts: "clear-day" },
    "day-of-month": { ...scheduleArgs["day-of-month"], conflicts: "clear-day-of-month" },
    cron: { ...scheduleArgs.cron, conflicts: "clear-cron" },
    "clear-time": { type: "boolean", description: "Remove the time" },
    "clear-day": { type: "boolean", description: "Remove the day of the week" },
    "clear-day-of-month": { type: "boolean", description: "Remove the day of the month" },
    "clear-cron": { type: "boolean", description: "Remove the cron expression" },
    enable: { type: "boolean", conflicts: "disable", description: "Switch it on" },
    disable: { type: "boolean", description: "Switch it off" },
    recurring: { type: "boolean", conflicts: "one-shot", description: "Run again and again" },
    "one-shot": { type: "boolean", description: "Run once" },
  },
  request: (args) => {
    const body = {
      frequency: args.frequency,
      timezone: args.timezone,
      time: orClear(args.time, args["clear-time"]),
      day: orClear(args.day, args["clear-day"]),
      day_of_month: orClear(dayOfMonth(args["day-of-month"]), args["clear-day-of-month"]),
      cron: orClear(args.cron, args["clear-cron"]),
      enabled: either(args.enable, args.disable),
      recurring: either(args.recurring, args["one-shot"]),
    };
    if (Object.values(body).every((value) => value === undefined))
      throw new UsageError("nothing to change: give a field to set, a --clear- flag, --enable/--disable or --recurring/--one-shot");
    return { path: { agent_id: args["agent-id"], schedule_id: args["schedule-id"] }, body };
  },
  show: showSchedule,
});
