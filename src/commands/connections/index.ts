import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Your connections: the accounts and MCP servers agents reach (Gmail, Slack, a custom MCP server)",
    examples: [
      "duvo connections list --type slack --json",
      'duvo connections create --name "Example MCP" --auth-method api_key --server-url https://mcp.example.com --secret-header-file headers.env',
      'duvo connections probe --url https://mcp.example.com --header "X-Key=demo"',
    ],
    notes:
      "OAuth-based connections (Gmail, Slack, …) are made with `duvo oauth native start <provider>` or `duvo oauth mcp authorize`; `connections create` is for MCP servers you give the headers of. Secret header values are never printed.",
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    credentials: () => import("./credentials.ts").then((module) => module.default),
    probe: () => import("./probe.ts").then((module) => module.default),
  },
});
