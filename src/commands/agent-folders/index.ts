import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Folders that organise the team's agents",
    examples: ["duvo agent-folders list", 'duvo agent-folders create --name "Finance"', "duvo agent-folders move-agents --agent <agent-id> --folder <folder-id>"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    "move-agents": () => import("./move-agents.ts").then((module) => module.default),
  },
});
