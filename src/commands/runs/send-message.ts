import { leafCommand, jsonArgs } from "../../cli/command.ts";
import { runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";
import { readMessageArg } from "../_message-arg.ts";

export default leafCommand({
  meta: {
    description: "Send a message to a run in progress (resumes a waiting or finished run)",
    examples: ['duvo runs send-message <run-id> \\\n  --message "Please also check the backup."', "echo 'Use the EU account' | duvo runs send-message <run-id> --message -"],
  },
  args: {
    ...runIdArg,
    message: { type: "string", description: "The text to send; - reads stdin", valueHint: "text|-", required: true },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = args["run-id"];
    const text = await readMessageArg(runtime, args.message);
    const { call } = await runtime.api();
    const result = await call("postRunMessage", { path: { run_id: runId }, body: { message: text } });
    if (args.json) return printJson(runtime, result);
    await runtime.io.stdout.write(`${result.message.id}\n`);
    runtime.log.success(`Sent message to run ${runId}`);
  },
});
