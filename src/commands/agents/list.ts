import { listAgents } from "../../api/endpoints.ts";
import { collectPages } from "../../api/paging.ts";
import type { Agent } from "../../api/schemas.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { sanitizeLine } from "../../output/style.ts";
import { fitWidth, renderTable } from "../../output/table.ts";
import { timeText } from "../../output/time.ts";
import { pageArgs, readPaging } from "../_paging.ts";
import { printJson } from "../../output/print-json.ts";
import { AGENT_PAGE_SIZE, agentPages } from "./_resolve-agent.ts";


export default leafCommand({
  meta: {
    description: "List the team's agents: id, name, last run, revision",
    examples: [
      "duvo agents list",
      "duvo agents list --limit 5 --offset 10",
      "duvo agents list --all --json | jq -r '.agents[] | [.id, .name] | @tsv'",
    ],
    notes: "--json prints the API response {agents, total, limit, offset}; with --all (or a --limit above 100) the pages are joined into one such document.",
  },
  args: { ...pageArgs, ...jsonArgs },
  async run(args, runtime) {
    const paging = readPaging(args, AGENT_PAGE_SIZE);
    const { client, teamId } = await runtime.api();
    const team = await teamId();
    let document: { agents: Agent[]; total: number; limit: number; offset: number };
    if (paging.multiPage) {
      const { items, total } = await collectPages({ offset: paging.offset, limit: paging.limit, pageSize: AGENT_PAGE_SIZE, fetchPage: agentPages(client, team) });
      document = { agents: items, total, limit: items.length, offset: paging.offset };
    } else {
      document = await listAgents(client, team, { limit: paging.limit, offset: args.offset === undefined ? undefined : paging.offset });
    }
    if (args.json) return printJson(runtime, document);

    if (document.agents.length === 0) {
      runtime.log.info(document.total > 0 ? `No agents at offset ${document.offset} (the team has ${document.total}).` : "This team has no agents.");
      return;
    }
    const rows = document.agents.map((agent) => [
      sanitizeLine(agent.id),
      sanitizeLine(agent.name),
      timeText(agent.last_run_at, runtime.io.stdout.isTTY),
      agent.latest_build?.revision_number == null ? "-" : String(agent.latest_build.revision_number),
    ]);
    const columns = [{ header: "ID", keep: true }, "NAME", { header: "LAST RUN", keep: true }, { header: "REVISION", keep: true }];
    await runtime.io.stdout.write(renderTable(columns, rows, runtime.outStyle, { width: fitWidth(runtime.io) }));
    const shownTo = paging.offset + document.agents.length;
    if (!paging.all && shownTo < document.total) {
      runtime.log.info(`Showing ${paging.offset + 1}-${shownTo} of ${document.total} agents; more with --offset ${shownTo}, or --all.`);
    }
  },
});
