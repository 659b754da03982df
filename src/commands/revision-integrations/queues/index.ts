import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The queues of a revision's case-queue slot (producer or consumer)",
    examples: ["duvo revision-integrations queues set --agent <agent-id> --revision <revision-id> --integration <integration-id> --queue <queue-id>"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    set: () => import("./set.ts").then((module) => module.default),
  },
});
