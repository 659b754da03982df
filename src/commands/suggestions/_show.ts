import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";

export const showSuggestion: Show<AnswerOf<"consumeAgentSuggestion"> | AnswerOf<"rejectAgentSuggestion">> = {
  object: "data",
  fields: [
    ["ID", "id"],
    ["Agent", "agent_id"],
    ["Type", "type"],
    ["Status", "status"],
    ["Title", "title"],
    ["Description", "description"],
  ],
};
