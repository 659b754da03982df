import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Versioned agent configs: list, read, create and change revisions, promote one to live",
    examples: ["duvo revisions list --agent <agent-id>", "duvo revisions create --agent <agent-id> --name v4 --config-file agent.json", "duvo revisions promote <revision-id>"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    promote: () => import("./promote.ts").then((module) => module.default),
  },
});
