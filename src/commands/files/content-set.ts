import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";

export default operationCommand({
  meta: {
    description: "Write a team text file's content (from --content, a file, or - for stdin)",
    examples: ['duvo files content-set notes/todo.md --content "- reconcile March"', "duvo files content-set notes/todo.md --content-file ./todo.md"],
  },
  operation: "updateFileContent",
  args: {
    path: { type: "positional", description: "The file's path", required: true },
    content: { type: "string", description: "The new content", valueHint: "text" },
    "content-file": { type: "string", description: "Read the new content from this file (- for stdin)", valueHint: "path|-" },
  },
  request: async (args, runtime) => {
    if ((args.content === undefined) === (args["content-file"] === undefined)) throw new UsageError("give the content with --content or --content-file");
    const { readFileOrStdin } = await import("../_files.ts");
    const content = args.content ?? (await readFileOrStdin(runtime, args["content-file"]!, "--content-file", { allowEmpty: true }));
    return { path: { "*": args.path }, body: { content } };
  },
  show: { done: (_, args) => `Wrote ${args.path}.` },
});
