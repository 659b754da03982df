import { operationCommand } from "../../cli/operation-command.ts";
import { skillIdArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "List the files of a skill (a team skill or a system skill)",
    examples: ["duvo skills files <skill-id>", "duvo skills files <skill-id> --json | jq -r '.files[].path'"],
    notes: "--json prints the API response {files}.",
  },
  operation: "listSkillFiles",
  args: skillIdArg,
  request: (args) => ({ path: { skill_id: args["skill-id"] } }),
  show: {
    items: "files",
    columns: [
      ["PATH", "path", { keep: true }],
      ["SIZE", (file) => (file.size === undefined ? "" : String(file.size))],
      ["TYPE", (file) => file.contentType ?? ""],
      ["UPDATED", (file) => file.updatedAt, { keep: true, time: true }],
    ],
    empty: "This skill has no files.",
  },
});
