import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    name: "agents",
    description: "List the team's agents and look one up by id or name",
    examples: ["duvo agents list", "duvo agents list --all --json", 'duvo agents get "Invoice Reconciler"'],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
  },
});
