import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Custom integrations: MCP servers the team adds to its catalog (managers and above)",
    examples: [
      "duvo integrations custom create --name CRM --auth-method apikey --server-url https://mcp.crm.example.com",
      "duvo integrations custom delete <custom-integration-id> -y",
    ],
  },
  subCommands: {
    create: () => import("./create.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});
