import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Queues of cases, and the agents that feed and work them",
    examples: ["duvo queues list", 'duvo queues create --name "Invoices"'],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    agents: () => import("./agents.ts").then((module) => module.default),
    "link-agent": () => import("./link-agent.ts").then((module) => module.default),
    "unlink-agent": () => import("./unlink-agent.ts").then((module) => module.default),
  },
});
