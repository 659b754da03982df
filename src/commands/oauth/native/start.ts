import { checkBody } from "../../../api/call.ts";
import { leafCommand } from "../../../cli/command.ts";
import { flowArgs, runFlow } from "../_flow.ts";

export default leafCommand({
  meta: {
    description: "Start an OAuth connection with a native provider: prints the authorization URL (and opens it on a terminal)",
    examples: [
      "duvo oauth native start gmail",
      "duvo oauth native start gmail --no-browser --wait --timeout 10m",
      "duvo oauth native start slack --reconnect-instance-id <connection-id>",
      "duvo oauth native start googlesheets --json | jq -r .authorization_url",
    ],
    notes:
      "The URL is printed on stdout. Once someone grants access there, the platform makes the connection (or, with --reconnect-instance-id, renews that one in place). --wait polls your connections until it is there, then prints it (--json: {authorization_url, connection}); exit 7 when --timeout runs out.",
  },
  args: { provider: { type: "positional", description: "The provider's slug (gmail, googlesheets, slack, outlook, …)", required: true }, ...flowArgs },
  async run(args, runtime) {
    const { call } = await runtime.api();
    const body: Record<string, string> = {};
    if (args["return-url"] !== undefined) body.return_url = args["return-url"];
    if (args["reconnect-instance-id"] !== undefined) body.reconnect_instance_id = args["reconnect-instance-id"];
    return runFlow(
      runtime,
      args,
      args.provider,
      () => call("startNativeOAuth", { path: { provider: args.provider }, body }),
      () => checkBody("startNativeOAuth", body),
    );
  },
});
