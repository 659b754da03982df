import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Start runs, check status, stream messages, answer human-in-the-loop requests, stop runs.",
    examples: [
      "duvo runs start --agent <agent-id>             # start a Run",
      "duvo runs get <run-id>                         # get Run status",
      "duvo runs messages <run-id>                    # list conversation messages",
      "duvo runs stop <run-id>                        # stop a running Run",
      "duvo runs start --agent <agent-id> --follow    # start a Run and stream its messages",
      "duvo runs messages <run-id> --follow           # attach to a running Run and follow new messages",
    ],
    notes: "Add --json to any command for machine-readable output suitable for scripting.",
  },
  subCommands: {
    start: () => import("./start.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    messages: () => import("./messages.ts").then((module) => module.default),
    "send-message": () => import("./send-message.ts").then((module) => module.default),
    respond: () => import("./respond.ts").then((module) => module.default),
    stop: () => import("./stop.ts").then((module) => module.default),
    list: () => import("./list.ts").then((module) => module.default),
    evaluation: () => import("./evaluation.ts").then((module) => module.default),
    wait: () => import("./wait.ts").then((module) => module.default),
  },
});
