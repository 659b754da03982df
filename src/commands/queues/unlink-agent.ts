import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printJson } from "../../output/print-json.ts";
import { linkArgs, resolveLink } from "./_links.ts";

export default leafCommand({
  meta: {
    description: "Stop an agent being a producer or consumer of a queue",
    examples: ["duvo queues unlink-agent <queue-id> --agent <agent-id> --role consumer"],
    notes: `Undoes link-agent: removes the queue from the revision's case-queue slot (the set is read, the queue taken
out, the set written back whole; a slot left with no queue is detached, as it would fail at runtime), and for
a consumer deletes the agent's case trigger on this queue.
--json prints {agent_id, revision_id, role, integration_id, queues, deleted_case_trigger}.`,
  },
  args: { ...linkArgs, ...jsonArgs },
  async run(args, runtime) {
    const { call } = await runtime.api();
    const target = await resolveLink(call, args);
    const slots = await call("listRevisionIntegrations", { path: target.slots });
    let queues: { id: string; name: string }[] = [];
    if (slots.integrations.some((slot) => slot.integration_id === target.integrationId)) {
      const slot = { ...target.slots, integration_id: target.integrationId };
      queues = (await call("listRevisionIntegrationQueues", { path: slot })).queues;
      if (queues.some((queue) => queue.id === target.queueId)) {
        const body = { queue_ids: queues.filter((queue) => queue.id !== target.queueId).map((queue) => queue.id) };
        queues = (await call("replaceRevisionIntegrationQueues", { path: slot, body })).queues;
      }
      if (queues.length === 0) await call("removeRevisionIntegration", { path: slot });
    }
    let deleted: string | null = null;
    if (target.role === "consumer") {
      const mine = (await call("listAgentCaseTriggers", { path: { agent_id: target.agentId } })).case_triggers.find((candidate) => candidate.case_queue_id === target.queueId);
      if (mine) {
        await call("deleteAgentCaseTrigger", { path: { agent_id: target.agentId, trigger_id: mine.id } });
        deleted = mine.id;
      }
    }
    const result = { agent_id: target.agentId, revision_id: target.revisionId, role: target.role, integration_id: target.integrationId, queues, deleted_case_trigger: deleted };
    if (args.json || runtime.jq) return printJson(runtime, result);
    runtime.log.success(`Agent ${target.agentId} is no longer a ${target.role} of queue ${target.queueId}.`);
  },
});
