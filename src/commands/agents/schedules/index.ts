import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    name: "schedules",
    description: "When an agent runs on its own: its schedules (duvo agents schedules <agent-id> lists them)",
    examples: ["duvo agents schedules <agent-id>", "duvo agents schedules create <agent-id> --frequency daily --time 09:00 --timezone Europe/Prague"],
  },
  defaultSubCommand: "list",
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});
