import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { UsageError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { skillIdArg } from "./_args.ts";

export default leafCommand({
  meta: {
    description: "Print one file of a skill, as it is",
    examples: ["duvo skills file-get <skill-id> SKILL.md", "duvo skills file-get <skill-id> scripts/fill.py --json | jq -r .contentType"],
    notes: "The path is as `duvo skills files` lists it. --json prints the API response {content, path, contentType}.",
  },
  args: { ...skillIdArg, path: { type: "positional", description: "The file's path inside the skill", required: true }, ...jsonArgs },
  async run(args, runtime) {
    const path = args.path.replace(/^\/+/, "");
    if (path === "") throw new UsageError("the path is empty");
    const { call } = await runtime.api();
    const answer = await call("getSkillFileContent", { path: { skill_id: args["skill-id"], "*": path } });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    await runtime.io.stdout.write(answer.content.endsWith("\n") || answer.content === "" ? answer.content : `${answer.content}\n`);
  },
});
