import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Remote MCP servers: probe their tools, check for OAuth Dynamic Client Registration, authorize",
    examples: ["duvo oauth mcp check --url https://mcp.example.com", 'duvo oauth mcp authorize --url https://mcp.example.com --name "Example MCP" --integration-type custom_mcp'],
  },
  subCommands: {
    probe: () => import("./probe.ts").then((module) => module.default),
    check: () => import("./check.ts").then((module) => module.default),
    authorize: () => import("./authorize.ts").then((module) => module.default),
  },
});
