import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The team's agents: list, look up, create, change, move, delete; their schedules, triggers, memory and evaluation",
    examples: ["duvo agents list", 'duvo agents get "Invoice Reconciler"', 'duvo agents create --name "Invoice Reconciler" --config agent.json'],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    models: () => import("./models.ts").then((module) => module.default),
    "set-model": () => import("./set-model.ts").then((module) => module.default),
    move: () => import("./move.ts").then((module) => module.default),
    schedules: () => import("./schedules/index.ts").then((module) => module.default),
    "case-triggers": () => import("./case-triggers/index.ts").then((module) => module.default),
    triggers: () => import("./triggers/index.ts").then((module) => module.default),
    memory: () => import("./memory/index.ts").then((module) => module.default),
    "eval-scores": () => import("./eval-scores.ts").then((module) => module.default),
    "eval-rubrics": () => import("./eval-rubrics/index.ts").then((module) => module.default),
  },
});
