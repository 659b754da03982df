import type { Show } from "../../cli/operation-command.ts";

export const showSuggestion: Show = {
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
