import type { Show } from "../../cli/operation-command.ts";

export const showFolder: Show = {
  object: "folder",
  fields: [
    ["ID", "id"],
    ["Name", "name"],
    ["Parent", "parent_folder_id"],
    ["Updated", "updated_at", { time: true }],
  ],
};
