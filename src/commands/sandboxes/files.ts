import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the files in a sandbox folder (default /workspace)",
    examples: ["duvo sandboxes files <sandbox-id>", "duvo sandboxes files <sandbox-id> --path /workspace/input --json"],
  },
  operation: "listSandboxFiles",
  args: {
    sandbox_id: { type: "positional", description: "The sandbox's id", required: true },
    path: { type: "string", description: "The folder to list", valueHint: "dir" },
  },
  request: (args) => ({ path: { sandbox_id: args.sandbox_id }, query: { path: args.path } }),
  show: {
    items: "files",
    columns: [
      ["PATH", "path", { keep: true }],
      ["TYPE", "type"],
      ["SIZE", "size_bytes"],
    ],
    empty: "No files there.",
  },
});
