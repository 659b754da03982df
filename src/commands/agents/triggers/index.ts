import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "An agent's event triggers: what in a connected app starts it (a new e-mail, a message)",
    examples: ["duvo agents triggers types <agent-id>", "duvo agents triggers set <agent-id> --integration gmail --trigger-type new_email"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    set: () => import("./set.ts").then((module) => module.default),
    types: () => import("./types.ts").then((module) => module.default),
  },
});
