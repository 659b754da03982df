import { jsonArgs, leafCommand } from "../../../cli/command.ts";
import { probe } from "../../connections/_probe.ts";

export default leafCommand({
  meta: {
    description: "Probe an MCP server URL and list its tools (the same as duvo connections probe --url)",
    examples: ['duvo oauth mcp probe https://mcp.example.com --header "X-Key=demo"', "duvo oauth mcp probe https://mcp.example.com --json"],
    notes: "Exit 1 when the probe fails (success: false), with the server's reason; --json prints the answer either way.",
  },
  args: {
    url: { type: "positional", description: "The MCP server's URL", required: true },
    header: { type: "string", repeatable: true, description: "A header to send, KEY=VALUE (repeatable)", valueHint: "KEY=VALUE" },
    ...jsonArgs,
  },
  run: (args, runtime) => probe(runtime, { server_url: args.url }, args.header, args.json === true || runtime.jq !== undefined),
});
