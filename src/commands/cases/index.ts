import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Cases in queues: add them (any number, exactly once), watch them, collect results",
    examples: [
      "duvo cases create --queue <queue-id> --from-file invoices.csv",
      "duvo cases wait --queue <queue-id> --exit-status",
      "duvo cases list --queue <queue-id> --all --json",
    ],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    wait: () => import("./wait.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    clear: () => import("./clear.ts").then((module) => module.default),
    "bulk-delete": () => import("./bulk.ts").then((module) => module.bulkDelete),
    "bulk-reprocess": () => import("./bulk.ts").then((module) => module.bulkReprocess),
    "bulk-update-status": () => import("./bulk.ts").then((module) => module.bulkUpdateStatus),
    "bulk-update-priority": () => import("./bulk.ts").then((module) => module.bulkUpdatePriority),
    runs: () => import("./runs.ts").then((module) => module.default),
    labels: () => import("./labels.ts").then((module) => module.default),
  },
});
