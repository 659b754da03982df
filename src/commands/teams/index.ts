import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The teams the API key sees, and the organizations they belong to",
    examples: ["duvo teams list", "duvo teams orgs", "duvo teams org-usage <org-id> --granularity week"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    org: () => import("./org.ts").then((module) => module.default),
    orgs: () => import("./orgs.ts").then((module) => module.default),
    "create-org-team": () => import("./create-org-team.ts").then((module) => module.default),
    "invite-org-member": () => import("./invite-org-member.ts").then((module) => module.default),
    "org-insights": () => import("./org-insights.ts").then((module) => module.default),
    "org-metrics": () => import("./org-metrics.ts").then((module) => module.default),
    "org-usage": () => import("./org-usage.ts").then((module) => module.default),
  },
});
