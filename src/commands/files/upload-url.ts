import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "Get a signed URL to upload a team file (PUT the bytes to it)",
    examples: ["duvo files upload-url --file-name report.pdf --content-type application/pdf"],
  },
  operation: "createFileUploadUrl",
  args: {
    "file-name": { type: "string", description: "The file's name", valueHint: "name", required: true },
    "content-type": { type: "string", description: "Its media type", valueHint: "mime", required: true },
  },
  request: (args) => ({ body: { fileName: args["file-name"], contentType: args["content-type"] } }),
  show: {
    fields: [
      ["Upload URL", "signedUrl"],
      ["Path", "filePath"],
      ["Expires", "expiresAt"],
    ],
  },
});
