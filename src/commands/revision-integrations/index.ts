import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The integrations a revision uses, the connections pinned to them, the queues of its case-queue slots",
    examples: [
      "duvo revision-integrations list --agent <agent-id> --revision <revision-id>",
      "duvo revision-integrations attach --agent <agent-id> --revision <revision-id> --integration gmail",
    ],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    attach: () => import("./attach.ts").then((module) => module.default),
    remove: () => import("./remove.ts").then((module) => module.default),
    connections: () => import("./connections/index.ts").then((module) => module.default),
    queues: () => import("./queues/index.ts").then((module) => module.default),
    "case-queue-setup": () => import("./case-queue-setup.ts").then((module) => module.default),
  },
});
