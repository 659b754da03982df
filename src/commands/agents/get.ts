import { getAgent } from "../../api/endpoints.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { isUuid } from "../../cli/values.ts";
import { UsageError } from "../../errors.ts";
import { renderKeyValues } from "../../output/key-values.ts";
import { sanitizeLine } from "../../output/style.ts";
import { printJson } from "../../output/print-json.ts";
import { resolveAgentId } from "./_resolve-agent.ts";

export default leafCommand({
  meta: {
    name: "get",
    description: "Show one agent, by id or by name (case-insensitive)",
    examples: ["duvo agents get <agent-id>", 'duvo agents get "invoice reconciler"', "duvo agents get <agent-id> --json"],
    notes: "--json prints the API response {agent, user_context}.",
  },
  args: {
    "agent-id|name": { type: "positional", description: "The agent's id, or its name", required: true },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const wanted = args["agent-id|name"];
    if (wanted.trim() === "") throw new UsageError("the agent id or name is empty");
    const { client, teamId } = await runtime.api();
    // An id needs no team; a name is looked up among the team's agents.
    const agentId = isUuid(wanted) ? wanted.toLowerCase() : await resolveAgentId(client, await teamId(), wanted);
    const details = await getAgent(client, agentId);
    if (args.json) return printJson(runtime, details);
    const { agent } = details;
    const text = (value: string | null | undefined) => (value == null ? "-" : sanitizeLine(value));
    const build = agent.latest_build;
    const rows: [string, string][] = [
      ["ID", text(agent.id)],
      ["Name", text(agent.name)],
      ["Team", text(agent.team_id)],
      ["Created", text(agent.created_at)],
      ["Updated", text(agent.updated_at)],
      ["Last run", text(agent.last_run_at)],
      ["Pinned", text(details.user_context?.pinned_at ?? agent.pinned_at)],
      [
        "Build",
        build
          ? [text(build.name ?? build.id), build.revision_number == null ? "" : `revision ${build.revision_number}`, build.status ? text(build.status) : ""]
              .filter(Boolean)
              .join(", ")
          : "-",
      ],
    ];
    await runtime.io.stdout.write(renderKeyValues(rows, runtime.outStyle));
  },
});
