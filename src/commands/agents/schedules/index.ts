import { groupCommand } from "../../../cli/command.ts";
import list from "./list.ts";

/** Also a command: `duvo agents schedules <agent-id>` is `duvo agents schedules list <agent-id>`. */
export default groupCommand({
  meta: {
    description: "When an agent runs on its own: its schedules (duvo agents schedules <agent-id> lists them)",
    examples: ["duvo agents schedules <agent-id>", "duvo agents schedules create <agent-id> --frequency daily --time 09:00 --timezone Europe/Prague"],
  },
  args: list.args,
  run: (args, runtime) => list.duvoRun!(args, runtime),
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});
