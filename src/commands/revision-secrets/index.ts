import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The team's secrets (environment variables) a revision can use",
    examples: [
      "duvo revision-secrets list --agent <agent-id> --revision <revision-id>",
      "duvo revision-secrets attach --agent <agent-id> --revision <revision-id> --secret <secret-id>",
    ],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    attach: () => import("./attach.ts").then((module) => module.default),
    detach: () => import("./detach.ts").then((module) => module.default),
  },
});
