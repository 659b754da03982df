import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Connections pinned to a revision's integration (which account it uses)",
    examples: ["duvo revision-integrations connections list --agent <agent-id> --revision <revision-id> --integration <integration-id>"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    pin: () => import("./pin.ts").then((module) => module.default),
    unpin: () => import("./unpin.ts").then((module) => module.default),
  },
});
