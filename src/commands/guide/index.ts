import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Guides shipped inside duvo, for people and AI agents (no request is made)",
    examples: ["duvo guide list", "duvo guide get scripting"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    path: () => import("./path.ts").then((module) => module.default),
  },
});
