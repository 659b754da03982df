import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Get a presigned URL to upload one file into a sandbox (PUT the bytes to it)",
    examples: [
      "duvo sandboxes prepare-upload-url <sandbox-id> --path /workspace/data.csv",
      "URL=$(duvo sandboxes prepare-upload-url <sandbox-id> --path /workspace/data.csv --json | jq -r .upload_url)\ncurl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @data.csv \"$URL\"",
    ],
    notes: "duvo sandboxes upload does both steps (and streams files of any size).",
  },
  operation: "createSandboxUploadUrl",
  args: {
    sandbox_id: { type: "positional", description: "The sandbox's id", required: true },
    path: { type: "string", description: "Where the file goes in the sandbox", valueHint: "p", required: true },
  },
  request: (args) => ({ path: { sandbox_id: args.sandbox_id }, body: { path: args.path } }),
  show: {
    fields: [
      ["Upload URL", "upload_url"],
      ["Path", "path"],
      ["Expires in", (answer) => `${answer.expires_in_seconds} s`],
    ],
  },
});
