import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printJson } from "../../output/print-json.ts";
import { fitWidth, renderTable } from "../../output/table.ts";
import { guides } from "./_guides.ts";

export default leafCommand({
  meta: {
    description: "List the guides shipped with duvo (no request is made)",
    examples: ["duvo guide list", "duvo guide list --json | jq -r '.guides[].name'"],
    notes: "--json prints {guides: [{name, title, description}]}.",
  },
  args: { ...jsonArgs },
  async run(args, runtime) {
    const listed = guides().map(({ name, title, description }) => ({ name, title, description }));
    if (args.json) return printJson(runtime, { guides: listed });
    const rows = listed.map((guide) => [guide.name, guide.title]);
    await runtime.io.stdout.write(renderTable([{ header: "NAME", keep: true }, { header: "TITLE" }], rows, runtime.outStyle, { width: fitWidth(runtime.io) }));
    runtime.log.info("Read one with: duvo guide get <name>");
  },
});
