import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "What an agent's runs are evaluated against: its custom rubrics (at most 5 per revision)",
    examples: [
      "duvo agents eval-rubrics list <agent-id>",
      'duvo agents eval-rubrics add <agent-id> --title "Totals match" --description "The reconciled total equals the invoice total."',
    ],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    add: () => import("./add.ts").then((module) => module.default),
    replace: () => import("./replace.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    remove: () => import("./remove.ts").then((module) => module.default),
  },
});
