/**
 * "The agent's revision": its latest_build (as the team's agent list shows it), unless the
 * command was given one. Composite commands read it once before changing anything.
 */
import type { Call } from "../../api/call.ts";
import type { Agent } from "../../api/schemas.ts";
import { NotFoundError } from "../../errors.ts";
import { listAllAgents } from "./_resolve-agent.ts";

export type Revision = NonNullable<Agent["latest_build"]>;

export async function latestRevision(call: Call, agentId: string): Promise<{ agent: Agent; revision: Revision }> {
  const agent = (await listAllAgents(call)).find((item) => item.id.toLowerCase() === agentId);
  if (!agent) throw new NotFoundError(`agent ${agentId} not found in this team`);
  if (!agent.latest_build)
    throw new NotFoundError(`agent ${agentId} has no revision yet`, `create one: duvo revisions create --agent ${agentId} --name <text> --config-file <path>`);
  return { agent, revision: agent.latest_build };
}
