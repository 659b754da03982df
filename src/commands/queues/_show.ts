/** How a queue is shown, by the commands that print one. */
import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";

export const showQueue: Show<AnswerOf<"getQueue"> | AnswerOf<"updateQueue"> | AnswerOf<"createQueue">> = {
  object: "queue",
  fields: [
    ["ID", "id"],
    ["Name", "name"],
    ["Description", "description"],
    ["Folder", "folder_id"],
    ["Approvals", "has_approvals"],
    ["Created", "created_at", { time: true }],
  ],
};
