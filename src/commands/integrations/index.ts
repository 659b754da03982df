import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The team's integration catalog: the system integrations and the custom ones it defines",
    examples: ["duvo integrations list", "duvo integrations custom create --name CRM --auth-method apikey --server-url https://mcp.crm.example.com"],
    notes: "The catalog lists the kinds of integration; `duvo connections` lists the accounts connected to them.",
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    custom: () => import("./custom/index.ts").then((module) => module.default),
  },
});
