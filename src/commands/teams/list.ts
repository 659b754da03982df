import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { sanitizeLine } from "../../output/style.ts";
import { fitWidth, renderTable } from "../../output/table.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "List the teams the API key sees (commands act in one of them: see duvo team)",
    examples: ["duvo teams list", "duvo teams list --json"],
  },
  args: { ...jsonArgs },
  async run(args, runtime) {
    const { teams } = await runtime.api();
    const listing = await teams();
    if (args.json) return printJson(runtime, listing);
    const rows = listing.teams.map((team) => [sanitizeLine(team.id), sanitizeLine(team.name), sanitizeLine(team.organization_id ?? "-")]);
    const columns = [{ header: "ID", keep: true }, "NAME", { header: "ORGANIZATION", keep: true }];
    await runtime.io.stdout.write(renderTable(columns, rows, runtime.outStyle, { width: fitWidth(runtime.io) }));
  },
});
