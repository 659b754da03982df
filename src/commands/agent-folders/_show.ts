import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";

export const showFolder: Show<AnswerOf<"updateAgentFolder"> | AnswerOf<"createAgentFolder">> = {
  object: "folder",
  fields: [
    ["ID", "id"],
    ["Name", "name"],
    ["Parent", "parent_folder_id"],
    ["Updated", "updated_at", { time: true }],
  ],
};
