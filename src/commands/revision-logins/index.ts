import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The browser logins (saved credentials) a revision's browser agent can use",
    examples: [
      "duvo revision-logins list --agent <agent-id> --revision <revision-id>",
      "duvo revision-logins attach --agent <agent-id> --revision <revision-id> --credential <credential-id>",
    ],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    attach: () => import("./attach.ts").then((module) => module.default),
    detach: () => import("./detach.ts").then((module) => module.default),
  },
});
