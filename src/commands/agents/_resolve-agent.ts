/**
 * `--agent <id|name>`: an id is used as is; a name is matched case-insensitively against
 * the team's agents. Unknown or ambiguous names are usage errors listing candidates.
 */
import type { Call } from "../../api/call.ts";
import { collectPages, type Page } from "../../api/paging.ts";
import type { Agent } from "../../api/schemas.ts";
import { isUuid } from "../../cli/values.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { sanitizeLine } from "../../output/style.ts";

/** The API's page ceiling for agents. */
export const AGENT_PAGE_SIZE = 100;

/** One page of the team's agents, in the shape `collectPages` reads. */
export const agentPages =
  (call: Call) =>
  async (page: { limit: number; offset: number }): Promise<Page<Agent>> => {
    const result = await call("listAgents", { query: page });
    return { items: result.agents, total: result.total };
  };

export async function listAllAgents(call: Call): Promise<Agent[]> {
  const { items } = await collectPages({ offset: 0, limit: undefined, pageSize: AGENT_PAGE_SIZE, fetchPage: agentPages(call) });
  return items;
}

export async function resolveAgentId(call: Call, idOrName: string): Promise<string> {
  if (isUuid(idOrName)) return idOrName.toLowerCase();
  const agents = await listAllAgents(call);
  const wanted = idOrName.trim().toLowerCase();
  const matches = agents.filter((agent) => agent.name.trim().toLowerCase() === wanted);
  if (matches.length === 1) return matches[0]!.id;
  const describe = (list: Agent[]) => list.map((agent) => `${sanitizeLine(agent.name)} (${agent.id})`).join(", ");
  if (matches.length > 1) {
    throw new UsageError(`agent name "${printable(idOrName)}" is ambiguous: ${describe(matches)}; use an id`);
  }
  const similar = agents.filter((agent) => agent.name.toLowerCase().includes(wanted) || wanted.includes(agent.name.toLowerCase()));
  const candidates = similar.length ? similar : agents;
  throw new UsageError(
    `no agent named "${printable(idOrName)}"` +
      (candidates.length ? `; ${similar.length ? "did you mean" : "agents are"}: ${describe(candidates.slice(0, 10))}` : "; this team has no agents"),
  );
}
