import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "An agent's case triggers: the queues whose new cases start it",
    examples: ["duvo agents case-triggers list <agent-id>", "duvo agents case-triggers create <agent-id> --queue <queue-id> --enabled"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    preview: () => import("./preview.ts").then((module) => module.default),
  },
});
