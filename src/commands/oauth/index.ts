import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Connect accounts through OAuth: native providers (Gmail, Slack, …) and MCP servers",
    examples: ["duvo oauth native start gmail --wait", 'duvo oauth mcp authorize --url https://mcp.example.com --name "Example MCP" --integration-type custom_mcp'],
    notes:
      "Each flow prints an authorization URL that a person opens in a browser to grant access; on a terminal it is opened for you (--no-browser to skip). --wait waits until the connection exists.",
  },
  subCommands: {
    native: () => import("./native/index.ts").then((module) => module.default),
    mcp: () => import("./mcp/index.ts").then((module) => module.default),
  },
});
