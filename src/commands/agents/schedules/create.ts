import { operationCommand } from "../../../cli/operation-command.ts";
import { agentIdArg, showSchedule } from "../_args.ts";
import { dayOfMonth, scheduleArgs } from "./_fields.ts";

export default operationCommand({
  meta: {
    description: "Schedule an agent: how often, at what time, in which time zone",
    examples: [
      "duvo agents schedules create <agent-id> --frequency daily --time 09:00 --timezone Europe/Prague",
      "duvo agents schedules create <agent-id> --frequency custom --cron '0 */2 * * 1-5' --timezone UTC --json",
    ],
    notes: "The schedule runs the agent's live revision. --no-recurring makes it run once; --disabled creates it switched off.",
  },
  operation: "createSchedule",
  args: {
    ...agentIdArg,
    ...scheduleArgs,
    frequency: { ...scheduleArgs.frequency, required: true },
    timezone: { ...scheduleArgs.timezone, required: true },
    disabled: { type: "boolean", description: "Create it switched off" },
    "no-recurring": { type: "boolean", description: "Run once, not again and again" },
  },
  request: (args) => ({
    path: { agent_id: args["agent-id"] },
    body: {
      enabled: !args.disabled,
      frequency: args.frequency,
      timezone: args.timezone,
      time: args.time,
      day: args.day,
      day_of_month: dayOfMonth(args["day-of-month"]),
      cron: args.cron,
      recurring: args["no-recurring"] ? false : undefined,
    },
  }),
  show: showSchedule,
});
