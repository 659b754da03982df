import { jsonArgs, leafCommand } from "../../../cli/command.ts";
import { UsageError } from "../../../errors.ts";
import { printJson } from "../../../output/print-json.ts";
import { agentIdArg } from "../_args.ts";

export default leafCommand({
  meta: {
    description: "Print one of an agent's memory files",
    examples: ["duvo agents memory file-get <agent-id> learnings/vendors.md", "duvo agents memory file-get <agent-id> learnings/vendors.md --json"],
    notes: "Prints the file's content as it is; --json prints the API response {path, content, ...}.",
  },
  args: { ...agentIdArg, path: { type: "positional", description: "The file's path (as memory files lists it)", required: true }, ...jsonArgs },
  async run(args, runtime) {
    const agentId = args["agent-id"];
    const path = args.path.replace(/^\/+/, "");
    if (path === "") throw new UsageError("the path is empty");
    const { call } = await runtime.api();
    const answer = await call("getAgentMemoryFile", { path: { agent_id: agentId, "*": path } });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    await runtime.io.stdout.write(answer.content.endsWith("\n") || answer.content === "" ? answer.content : `${answer.content}\n`);
  },
});
