import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { UsageError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { concurrency } from "../agents/case-triggers/_ids.ts";
import { checkRole, linkArgs, resolveLink } from "./_links.ts";

export default leafCommand({
  meta: {
    description: "Make an agent a producer or consumer of a queue",
    examples: [
      "duvo queues link-agent <queue-id> --agent <agent-id> --role producer",
      "duvo queues link-agent <queue-id> --agent <agent-id> --role consumer --enable-trigger --concurrency 3",
    ],
    notes: `What it does, each step only if not done yet: attaches the case-queue-producer or -consumer integration to
the agent's revision (its live one unless --revision), adds the queue to that slot's queue set (the API
replaces the set whole: it is read, the queue added, the set written back), and for a consumer creates the
agent's case trigger on the queue (an agent has at most one).
--concurrency: cases worked at a time (1 = one at a time); without it, the platform's default.
--json prints {agent_id, revision_id, role, integration_id, queues, case_trigger}.`,
  },
  args: {
    ...linkArgs,
    "enable-trigger": { type: "boolean", description: "Consumer: enable the case trigger now" },
    concurrency: { type: "string", description: "Consumer: cases worked at a time (1 = one at a time)", valueHint: "n" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const role = checkRole(args.role);
    const limit = concurrency(args.concurrency);
    if (role === "producer" && (args["enable-trigger"] || args.concurrency !== undefined)) {
      throw new UsageError("--enable-trigger and --concurrency are for --role consumer");
    }
    const { call } = await runtime.api();
    const target = await resolveLink(call, args);
    const slots = await call("listRevisionIntegrations", { path: target.slots });
    if (!slots.integrations.some((slot) => slot.integration_id === target.integrationId)) {
      await call("attachRevisionIntegrations", { path: target.slots, body: { integration_ids: [target.integrationId] } });
    }
    const slot = { ...target.slots, integration_id: target.integrationId };
    let queues = (await call("listRevisionIntegrationQueues", { path: slot })).queues;
    if (!queues.some((queue) => queue.id === target.queueId)) {
      const body = { queue_ids: [...queues.map((queue) => queue.id), target.queueId] };
      queues = (await call("replaceRevisionIntegrationQueues", { path: slot, body })).queues;
    }
    let trigger: unknown = null;
    if (role === "consumer") {
      const agent = { agent_id: target.agentId };
      const existing = (await call("listAgentCaseTriggers", { path: agent })).case_triggers;
      const mine = existing.find((candidate) => candidate.case_queue_id === target.queueId);
      if (mine) {
        trigger = mine;
        const changes: Record<string, unknown> = {};
        if (args["enable-trigger"] && !mine.enabled) changes.enabled = true;
        if (limit !== undefined && mine.concurrency !== limit) changes.concurrency = limit;
        if (Object.keys(changes).length) trigger = (await call("updateAgentCaseTrigger", { path: { ...agent, trigger_id: mine.id }, body: changes })).case_trigger;
      } else if (existing.length > 0) {
        const { CliError } = await import("../../errors.ts");
        throw new CliError(
          `agent ${target.agentId} already has a case trigger on queue ${existing[0]!.case_queue_id} (an agent has at most one)`,
          undefined,
          `Unlink it first: duvo queues unlink-agent ${existing[0]!.case_queue_id} --agent ${target.agentId} --role consumer`,
        );
      } else {
        const body = { case_queue_id: target.queueId, enabled: args["enable-trigger"] === true, ...(limit !== undefined ? { concurrency: limit } : {}) };
        trigger = (await call("createAgentCaseTrigger", { path: agent, body })).case_trigger;
      }
    }
    const result = { agent_id: target.agentId, revision_id: target.revisionId, role, integration_id: target.integrationId, queues, case_trigger: trigger };
    if (args.json || runtime.jq) return printJson(runtime, result);
    const triggerText = role === "consumer" ? ` (case trigger ${(trigger as { enabled: boolean }).enabled ? "enabled" : "disabled"})` : "";
    runtime.log.success(`Agent ${target.agentId} is a ${role} of queue ${target.queueId}${triggerText}.`);
  },
});
