import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "List the models an agent can run on (no request: the API's document lists them)",
    examples: ["duvo agents models", "duvo agents models --json"],
    notes: "--json prints {models: [...]}. Set one with duvo agents set-model, or in a revision's config (data.models.agent.model).",
  },
  args: { ...jsonArgs },
  async run(args, runtime) {
    const { agentModels } = await import("../revisions/_config.ts");
    const models = await agentModels();
    if (args.json || runtime.jq) return printJson(runtime, { models });
    await runtime.io.stdout.write(models.map((model) => `${model}\n`).join(""));
  },
});
