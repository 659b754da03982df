import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { printable } from "../../printable.ts";

const folderOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

export default operationCommand({
  meta: {
    description: "Rename a team file (in its folder)",
    examples: ["duvo files rename --path reports/draft.md --new-name final.md", "duvo files rename --path reports/draft.md --new-path reports/final.md"],
    notes:
      "--new-path (as the official documentation writes it) is the file's whole new path; the API renames a file in its folder only, so it must be in the same folder as --path.",
  },
  operation: "renameFile",
  args: {
    path: { type: "string", description: "The file's path", valueHint: "path", required: true },
    "new-name": { type: "string", description: "Its new name (a name, not a path)", valueHint: "name", conflicts: "new-path" },
    "new-path": { type: "string", description: "Its new path, in the same folder", valueHint: "path" },
  },
  request: (args) => {
    const newPath = args["new-path"];
    if (args["new-name"] === undefined && newPath === undefined) throw new UsageError("give the new name with --new-name (or --new-path)");
    if (newPath !== undefined && folderOf(newPath) !== folderOf(args.path)) {
      throw new UsageError(`the API renames a file in its folder only: ${printable(newPath)} is not in the folder of ${printable(args.path)}`);
    }
    const name = args["new-name"] ?? newPath!.slice(newPath!.lastIndexOf("/") + 1);
    return { body: { relativePath: args.path, newFilenameOnly: name } };
  },
  show: { done: (_, args) => `Renamed ${args.path} to ${args["new-name"] ?? args["new-path"]}.` },
});
