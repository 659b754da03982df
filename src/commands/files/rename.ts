import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: { description: "Rename a team file (in its folder)", examples: ["duvo files rename --path reports/draft.md --new-name final.md"] },
  operation: "renameFile",
  args: {
    path: { type: "string", description: "The file's path", valueHint: "path", required: true },
    "new-name": { type: "string", description: "Its new name (a name, not a path)", valueHint: "name", required: true },
  },
  request: (args) => ({ body: { relativePath: args.path, newFilenameOnly: args["new-name"] } }),
  show: { done: (_, args) => `Renamed ${args.path} to ${args["new-name"]}.` },
});
