import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "What Duvo suggests changing in an agent (its procedure, its connections): list, apply, reject",
    examples: ["duvo suggestions list <agent-id>", "duvo suggestions consume <suggestion-id>"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    consume: () => import("./consume.ts").then((module) => module.default),
    reject: () => import("./reject.ts").then((module) => module.default),
  },
});
