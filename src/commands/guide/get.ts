import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printJson } from "../../output/print-json.ts";
import { guide, GUIDE_NAMES } from "./_guides.ts";

export default leafCommand({
  meta: {
    description: "Print a guide shipped with duvo, as Markdown (no request is made)",
    examples: ["duvo guide get scripting", "duvo guide get pulse --json | jq -r .content"],
    notes: "--json prints {name, title, description, content}.",
  },
  args: { name: { type: "positional", description: `The guide: ${GUIDE_NAMES.join(", ")}`, required: true, options: GUIDE_NAMES }, ...jsonArgs },
  async run(args, runtime) {
    const shown = guide(args.name);
    if (args.json) return printJson(runtime, shown);
    await runtime.io.stdout.write(shown.content);
  },
});
