import type { Agent } from "../../api/schemas.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { fetchPages, pageArgs, readPaging } from "../../cli/paging.ts";
import { printList } from "../../cli/show.ts";
import { AGENT_PAGE_SIZE } from "./_resolve-agent.ts";

export default leafCommand({
  meta: {
    description: "List the team's agents: id, name, last run, revision",
    examples: ["duvo agents list", "duvo agents list --limit 5 --offset 10", "duvo agents list --all --json | jq -r '.agents[] | [.id, .name] | @tsv'"],
    notes: "--json prints the API response {agents, total, limit, offset}; with --all (or a --limit above 100) the pages are joined into one such document.",
  },
  args: { ...pageArgs, limit: { ...pageArgs.limit, description: "How many to show (default: the API's page of 20; above 100, page by page)" }, ...jsonArgs },
  async run(args, runtime) {
    const paging = readPaging(args, AGENT_PAGE_SIZE);
    const { call } = await runtime.api();
    const pages = fetchPages(paging, AGENT_PAGE_SIZE, async (query) => {
      const answer = await call("listAgents", { query });
      return { items: answer.agents, total: answer.total, answer };
    });
    await printList<Agent>(runtime, pages, {
      paging,
      key: "agents",
      json: args.json === true,
      columns: [
        ["ID", "id", { keep: true }],
        ["NAME", "name"],
        ["LAST RUN", "last_run_at", { keep: true, time: true }],
        ["REVISION", (agent) => agent.latest_build?.revision_number, { keep: true }],
      ],
      empty: ({ total, offset }) => (total ? `No agents at offset ${offset} (the team has ${total}).` : "This team has no agents."),
      noun: "agents",
    });
  },
});
