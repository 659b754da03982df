/**
 * What `queues link-agent` and `unlink-agent` share: the agent's revision (its latest build
 * unless --revision), the catalog's case-queue integration for the role, and that slot on
 * the revision.
 */
import type { Call } from "../../api/call.ts";
import { printable } from "../../printable.ts";
import { CliError, UsageError } from "../../errors.ts";
import { listAllAgents, resolveAgentId } from "../agents/_resolve-agent.ts";

export const linkArgs = {
  "queue-id": { type: "positional", uuid: true, description: "The queue's id", required: true },
  agent: { type: "string", description: "The agent (id or name)", valueHint: "id", required: true },
  role: { type: "string", description: "producer (feeds the queue) or consumer (works its cases)", valueHint: "producer|consumer", required: true },
  revision: { type: "string", uuid: true, description: "The revision to change (default: the agent's live revision)", valueHint: "id" },
} as const;

export interface LinkTarget {
  queueId: string;
  agentId: string;
  revisionId: string;
  role: "producer" | "consumer";
  integrationId: string;
  /** The path parameters of the revision's integration slots. */
  slots: { agent_id: string; build_id: string };
}

export function checkRole(role: string): "producer" | "consumer" {
  if (role !== "producer" && role !== "consumer") throw new UsageError(`invalid value "${printable(role)}" for --role: expected producer or consumer`);
  return role;
}

export async function resolveLink(call: Call, args: { "queue-id": string; agent: string; role: string; revision?: string }): Promise<LinkTarget> {
  const queueId = args["queue-id"];
  const role = checkRole(args.role);
  const agentId = await resolveAgentId(call, args.agent);
  let revisionId = args.revision;
  if (!revisionId) {
    const agent = (await listAllAgents(call)).find((candidate) => candidate.id === agentId);
    revisionId = (agent as { latest_build?: { id: string } | null } | undefined)?.latest_build?.id;
    if (!revisionId) throw new CliError(`agent ${agentId} has no revision to change`, undefined, "Give one with --revision <id>.");
  }
  const catalog = await call("listIntegrations", { query: { type: `case-queue-${role}`, limit: 100 } });
  const entry = catalog.integrations.find((integration) => integration.type === `case-queue-${role}`);
  if (!entry) throw new CliError(`this team's integration catalog has no case-queue-${role} integration`);
  return { queueId, agentId, revisionId, role, integrationId: entry.id, slots: { agent_id: agentId, build_id: revisionId } };
}
