import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Delete a team file (asks first on a terminal; -y skips the question)",
    examples: ["duvo files delete reports/old.md", "duvo files delete reports/old.md -y"],
  },
  operation: "deleteFile",
  args: { path: { type: "positional", description: "The file's path", required: true } },
  request: (args) => ({ path: { "*": args.path } }),
  confirm: (args) => `Delete the team file ${args.path}?`,
  show: { done: (_, args) => `Deleted ${args.path}.` },
});
