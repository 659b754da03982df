import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: { description: "List the team's files: path, type, size, updated", examples: ["duvo files list", "duvo files list --json | jq -r '.files[].path'"] },
  operation: "listFiles",
  args: {},
  show: {
    items: "files",
    columns: [
      ["PATH", "path", { keep: true }],
      ["TYPE", (file) => file.metadata?.mimetype],
      ["SIZE", (file) => file.metadata?.size],
      ["UPDATED", "updated_at", { keep: true, time: true }],
    ],
    empty: "This team has no files.",
  },
});
