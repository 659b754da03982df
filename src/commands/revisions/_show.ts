import type { Show } from "../../cli/operation-command.ts";

export const showRevision: Show = {
  object: "build",
  fields: [
    ["ID", "id"],
    ["Agent", "agent_id"],
    ["Name", "name"],
    ["Revision", "revision_number"],
    ["Status", "status"],
    ["Revision name", "revision_name"],
    ["Model", (b) => b.config?.data?.models?.agent?.model ?? b.config?.data?.model],
    ["Parent", "parent_build_id"],
    ["Updated", "updated_at", { time: true }],
  ],
};

export const agentArg = { agent: { type: "string", description: "The agent's id", required: true, valueHint: "id" } } as const;
