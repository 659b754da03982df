import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Pulse dashboards: live, agent-generated views of your Duvo data",
    examples: ['duvo pulse create --message "Weekly invoices by status"', "duvo pulse pdf <id> -o report.pdf", "duvo pulse refresh <id> --wait"],
  },
  subCommands: {
    create: () => import("./create.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    html: () => import("./html.ts").then((module) => module.default),
    pdf: () => import("./pdf.ts").then((module) => module.default),
    refresh: () => import("./refresh.ts").then((module) => module.default),
  },
});
