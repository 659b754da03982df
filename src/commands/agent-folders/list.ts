import { operationCommand } from "../../cli/operation-command.ts";

export default operationCommand({
  meta: {
    description: "List the team's agent folders: name, parent, how many agents and subfolders",
    examples: ["duvo agent-folders list", "duvo agent-folders list --json"],
    notes: "--json prints the API response {folders}.",
  },
  operation: "listAgentFolders",
  args: {},
  show: {
    items: "folders",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["PARENT", "parent_folder_id"],
      ["AGENTS", "agent_count", { keep: true }],
      ["SUBFOLDERS", "subfolder_count", { keep: true }],
    ],
    empty: "This team has no agent folders.",
  },
});
