import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The label vocabulary of a queue (key=value tags on its cases)",
    examples: ["duvo queue-labels list --queue <queue-id>", "duvo queue-labels create --queue <queue-id> --key region --value EU"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});
