import { UncertainOutcomeError } from "../../api/client.ts";
import type { StartRunBody } from "../../api/schemas.ts";
import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { printable } from "../../printable.ts";
import { ApiError, CliError, ExitCode, UnexpectedResponseError, UsageError } from "../../errors.ts";
import { followAndPrint } from "../../follow/print-follow.ts";
import { exitStatusArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";
import { readMessageArg } from "../_message-arg.ts";
import { resolveAgentId } from "../agents/_resolve-agent.ts";

export default leafCommand({
  meta: {
    description: "Start a run of an agent; prints the run id (or follows it with --follow)",
    examples: [
      "duvo runs start --agent <agent-id>             # start a Run",
      "duvo runs start --agent <agent-id> --follow    # start a Run and stream its messages",
      'duvo runs start --agent "Invoice Reconciler" --message "Reconcile March"',
      "RUN_ID=$(duvo runs start --agent \"$AGENT_ID\" --json | jq -r '.run.id')",
      "duvo runs start --agent <agent-id> --file ./invoice.pdf --file ./march.csv:/workspace/input/march.csv",
    ],
    notes:
      "--file PATH[:DEST] (repeatable) creates a sandbox (or uses --sandbox-id), uploads each file (DEST defaults to\n/workspace/<file name>), and starts the run only when every file is in. An unreadable file is exit 4 before anything is sent.",
  },
  args: {
    agent: { type: "string", description: "Agent id, or its name (case-insensitive)", valueHint: "id|name", required: true },
    message: { type: "string", description: "First message to the agent; - reads stdin", valueHint: "text|-" },
    "sandbox-id": { type: "string", description: "Run in this sandbox", valueHint: "id" },
    file: { type: "string", description: "Upload this file into the run's sandbox first (DEST default /workspace/<name>)", valueHint: "path[:dest]", repeatable: true },
    "webhook-url": { type: "string", description: "URL to receive human_request and run_* events", valueHint: "url" },
    "idempotency-key": { type: "string", description: "Key that makes a retried start safe", valueHint: "key" },
    follow: { type: "boolean", description: "Stream the run's messages until it ends" },
    ...exitStatusArg,
    ...jsonArgs,
  },
  async run(args, runtime) {
    if (args["webhook-url"] !== undefined) checkWebhookUrl(args["webhook-url"]);
    if (args["idempotency-key"] !== undefined && !/^[\x21-\x7e]{1,255}$/.test(args["idempotency-key"])) {
      throw new UsageError("invalid --idempotency-key: use 1-255 printable ASCII characters without spaces");
    }
    if (args.agent.trim() === "") throw new UsageError("--agent is empty");
    const files = args.file.length > 0 ? (await import("../_upload.ts")).parseFileArgs(args.file) : [];
    const message = args.message === undefined ? undefined : await readMessageArg(runtime, args.message);

    const { call, teamId } = await runtime.api();
    await teamId(); // a key that sees several teams stops here, before any upload
    const agentId = await resolveAgentId(call, args.agent);
    const body: StartRunBody = { agent_id: agentId };
    if (message !== undefined) body.message = message;
    if (args["sandbox-id"] !== undefined) body.sandbox_id = args["sandbox-id"];
    if (files.length > 0) {
      const { createSandbox, uploadToSandbox } = await import("../_upload.ts");
      body.sandbox_id ??= await createSandbox(call);
      for (const file of files) {
        await uploadToSandbox(runtime, call, body.sandbox_id, file);
        if (!args.json) runtime.log.info(`Uploaded ${file.local} to ${file.dest}`);
      }
    }
    if (args["webhook-url"] !== undefined) body.webhook_url = args["webhook-url"];

    let run;
    try {
      ({ run } = await call("startRun", { body, idempotencyKey: args["idempotency-key"] }));
    } catch (error) {
      // The server may have created the run although we got no usable answer: a dropped
      // connection, a 5xx, or a 2xx body we could not read. Say so, and how to check.
      const uncertain = error instanceof UncertainOutcomeError || (error instanceof ApiError && error.status >= 500) || error instanceof UnexpectedResponseError;
      if (!uncertain) throw error;
      const message = error instanceof UncertainOutcomeError ? error.failure : (error as CliError).message;
      throw new CliError(
        `${message}; the run may or may not have been started`,
        ExitCode.error,
        `Check with: duvo runs list --agent ${agentId} --limit 5${args["idempotency-key"] ? ` (retrying with the same --idempotency-key is safe)` : ""}`,
      );
    }

    if (args.follow) {
      if (!args.json) runtime.log.info(`Started run ${run.id} (${run.status})`);
      return followAndPrint(runtime, {
        call,
        runId: run.id,
        offset: 0,
        initial: { run, pending_human_request: null },
        json: args.json === true,
        exitStatus: args["exit-status"] === true,
      });
    }
    if (args.json) await printJson(runtime, { run });
    else {
      await runtime.io.stdout.write(`${run.id}\n`);
      runtime.log.info(`Started run ${run.id} of agent ${agentId} (${run.status}). Follow it: duvo runs messages ${run.id} --follow`);
    }
  },
});

function checkWebhookUrl(value: string) {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new UsageError(`invalid --webhook-url "${printable(value)}": expected an http(s) URL`);
  }
}
