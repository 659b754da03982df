/** Argument fragments and shown fields shared by the agent commands. */
import type { DuvoArgsDef } from "../../cli/command.ts";
import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";
import type { ColumnSpec } from "../../cli/show.ts";

export const agentIdArg = {
  "agent-id": { type: "positional", uuid: true, description: "The agent's id (a UUID)", required: true },
} as const satisfies DuvoArgsDef;

export const showAgent: Show<AnswerOf<"updateAgent">> = {
  object: "agent",
  fields: [
    ["ID", "id"],
    ["Name", "name"],
    ["Folder", "folder_id"],
    ["Thread", "thread_id"],
    ["Slack", "slack_enabled"],
    ["Microsoft Teams", "microsoft_teams_enabled"],
    ["Agentic memory", "agentic_memory_enabled"],
    ["Updated", "updated_at", { time: true }],
  ],
};

export const showSchedule: Show<AnswerOf<"updateSchedule"> | AnswerOf<"createSchedule">> = {
  fields: [
    ["ID", "id"],
    ["Frequency", "frequency"],
    ["Time", "time"],
    ["Day", "day"],
    ["Day of month", "day_of_month"],
    ["Cron", "cron"],
    ["Timezone", "timezone"],
    ["Enabled", "enabled"],
    ["Recurring", "recurring"],
    ["Revision", "build_id"],
  ],
};

export const showCaseTrigger: Show<AnswerOf<"getAgentCaseTrigger"> | AnswerOf<"updateAgentCaseTrigger"> | AnswerOf<"createAgentCaseTrigger">> = {
  object: "case_trigger",
  fields: [
    ["ID", "id"],
    ["Queue", (t) => `${t.case_queue_name} (${t.case_queue_id})`],
    ["Enabled", "enabled"],
    ["Concurrency", (t) => t.concurrency ?? "unlimited"],
    ["Conflicts", (t) => t.conflicting_agents.map((a: { name: string; id: string }) => `${a.name} (${a.id})`)],
    ["Created by", "creator_display_name"],
    ["Updated", "updated_at", { time: true }],
  ],
};

export const showRubric: Show<AnswerOf<"createEvalRubric"> | AnswerOf<"updateEvalRubric">> = {
  object: "rubric",
  fields: [
    ["ID", "id"],
    ["Slug", "slug"],
    ["Title", "title"],
    ["Description", "description"],
  ],
};

export const rubricColumns: ColumnSpec<AnswerOf<"getEvalRubrics">["rubrics"][number]>[] = [
  ["ID", "id", { keep: true }],
  ["TITLE", "title"],
  ["DESCRIPTION", "description"],
];
