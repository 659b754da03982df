import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { CliError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "Print a team text file's content (binary files are refused: use download-url)",
    examples: ["duvo files content reports/summary.md", "duvo files content reports/summary.md --json | jq -r .contentType"],
  },
  args: { path: { type: "positional", description: "The file's path", required: true }, ...jsonArgs },
  async run(args, runtime) {
    const answer = await (await runtime.api()).call("getFileContent", { path: { "*": args.path } });
    const type = answer.contentType ?? "text/plain";
    const text = /^(text\/|application\/(json|xml|x-yaml|yaml|csv|javascript))/.test(type) && !answer.content.includes("\u0000");
    if (!text) throw new CliError(`${args.path} is a binary file (${type}); download it with: duvo files download-url ${args.path}`);
    if (args.json || runtime.jq) return printJson(runtime, answer);
    await runtime.io.stdout.write(answer.content.endsWith("\n") || answer.content === "" ? answer.content : `${answer.content}\n`);
  },
});
