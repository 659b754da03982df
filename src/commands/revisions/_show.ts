import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";

export const showRevision: Show<AnswerOf<"getRevision"> | AnswerOf<"updateRevision"> | AnswerOf<"createRevision">> = {
  object: "build",
  fields: [
    ["ID", "id"],
    ["Agent", "agent_id"],
    ["Name", "name"],
    ["Revision", "revision_number"],
    ["Status", "status"],
    ["Revision name", "revision_name"],
    ["Model", (b) => (b.config?.data?.models as { agent?: { model?: string } } | undefined)?.agent?.model ?? b.config?.data?.model],
    ["Parent", "parent_build_id"],
    ["Updated", "updated_at", { time: true }],
  ],
};

export const agentArg = { agent: { type: "string", uuid: "agent id", description: "The agent's id", required: true, valueHint: "id" } } as const;
