import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Get a signed URL to download a team file",
    examples: ["duvo files download-url reports/summary.md", 'curl -sfo summary.md "$(duvo files download-url reports/summary.md --json | jq -r .url)"'],
  },
  operation: "getFileDownloadUrl",
  args: { path: { type: "positional", description: "The file's path", required: true } },
  request: (args) => ({ path: { "*": args.path } }),
  show: {
    fields: [
      ["URL", "url"],
      ["Expires", "expiresAt"],
    ],
  },
});
