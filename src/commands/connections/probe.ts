import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { UsageError } from "../../errors.ts";
import { probe } from "./_probe.ts";

export default leafCommand({
  meta: {
    description: "Probe an MCP server and list the tools it exposes (nothing is saved)",
    examples: ['duvo connections probe --url https://mcp.example.com --header "X-Key=demo"', "duvo connections probe --slug gmail --json"],
    notes:
      "--url probes a server you name, with the --header values you give; --slug a catalog integration (the platform supplies its URL and headers). Exit 1 when the probe fails (success: false), with the server's reason; --json prints the answer either way.",
  },
  args: {
    url: { type: "string", conflicts: "slug", description: "The MCP server's URL", valueHint: "url" },
    slug: { type: "string", description: "A catalog integration's slug (gmail, slack, notion, …)", valueHint: "slug" },
    header: { type: "string", repeatable: true, description: "A header to send with --url, KEY=VALUE (repeatable)", valueHint: "KEY=VALUE" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    if (args.url === undefined && args.slug === undefined) throw new UsageError("give --url <url> or --slug <slug>");
    if (args.slug !== undefined && args.header.length > 0) throw new UsageError("--header goes with --url (with --slug the platform supplies the headers)");
    return probe(runtime, args.url !== undefined ? { server_url: args.url } : { integration_slug: args.slug }, args.header, args.json === true || runtime.jq !== undefined);
  },
});
