import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printJson } from "../../output/print-json.ts";
import { basename } from "node:path";
import { readableFile } from "../_files.ts";
import { uploadToSandbox } from "../_upload.ts";

export default leafCommand({
  meta: {
    description: "Put a local file into a sandbox (any size, streamed; progress on a terminal)",
    examples: ["duvo sandboxes upload <sandbox-id> ./invoice.pdf", "duvo sandboxes upload <sandbox-id> ./export.csv --path /workspace/input/export.csv"],
    notes:
      "The file goes through a presigned upload URL (an HTTP PUT of its bytes); the API key is never sent to the storage host.\n--json prints the upload URL's answer {upload_url, path, expires_in_seconds}.",
  },
  args: {
    sandbox_id: { type: "positional", description: "The sandbox's id", required: true },
    file: { type: "positional", description: "The local file", required: true },
    path: { type: "string", description: "Where it goes in the sandbox (default /workspace/<file name>)", valueHint: "dest" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const dest = args.path ?? `/workspace/${basename(args.file)}`;
    const file = { local: args.file, dest: dest.startsWith("/") ? dest : `/workspace/${dest}`, size: readableFile(args.file, "<file>") };
    const { call } = await runtime.api();
    const grant = await uploadToSandbox(runtime, call, args.sandbox_id, file);
    if (args.json || runtime.jq) return printJson(runtime, grant);
    runtime.log.success(`Uploaded ${file.local} to ${grant.path} (${file.size} bytes).`);
  },
});
