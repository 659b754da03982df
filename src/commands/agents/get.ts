import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { isUuid } from "../../cli/values.ts";
import { UsageError } from "../../errors.ts";
import { renderKeyValues } from "../../output/key-values.ts";
import { sanitizeLine } from "../../output/style.ts";
import { printJson } from "../../output/print-json.ts";
import { resolveAgentId } from "./_resolve-agent.ts";

export default leafCommand({
  meta: {
    description: "Show one agent, by id or by name (case-insensitive)",
    examples: ["duvo agents get <agent-id>", 'duvo agents get "invoice reconciler"', "duvo agents get <agent-id> --json"],
    notes: "--json prints the API response {agent, user_context}.",
  },
  args: {
    "agent-id|name": { type: "positional", description: "The agent's id, or its name", required: true },
    ...jsonArgs,
  },
  // By id: its one GET (a name is looked up among the team's agents first).
  early: ["getAgent"],
  async run(args, runtime) {
    const wanted = args["agent-id|name"];
    if (wanted.trim() === "") throw new UsageError("the agent id or name is empty");
    const { call } = await runtime.api();
    // An id needs no team; a name is looked up among the team's agents.
    const agentId = isUuid(wanted) ? wanted.toLowerCase() : await resolveAgentId(call, wanted);
    const details = await call("getAgent", { path: { agent_id: agentId } });
    if (args.json) return printJson(runtime, details);
    const { agent } = details;
    const text = (value: string | null | undefined) => (value == null ? "-" : sanitizeLine(value));
    const flag = (value: boolean | null | undefined) => (value == null ? "-" : value ? "on" : "off");
    const person = (who: typeof agent.created_by) => (who ? text(who.name ?? who.email) : "-");
    const rows: [string, string][] = [
      ["ID", text(agent.id)],
      ["Name", text(agent.name)],
      ["Team", text(agent.team_id)],
      ["Folder", text(agent.folder_id)],
      ["Created", `${text(agent.created_at)}${agent.created_by ? ` by ${person(agent.created_by)}` : ""}`],
      ["Updated", `${text(agent.updated_at)}${agent.updated_by ? ` by ${person(agent.updated_by)}` : ""}`],
      ["Pinned", text(details.user_context.pinned_at)],
      ["Slack", flag(agent.slack_enabled)],
      ["Microsoft Teams", flag(agent.microsoft_teams_enabled)],
      ["Agentic memory", flag(agent.agentic_memory_enabled)],
    ];
    await runtime.io.stdout.write(renderKeyValues(rows, runtime.outStyle));
  },
});
