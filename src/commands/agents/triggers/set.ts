import { operationCommand } from "../../../cli/operation-command.ts";
import { printable } from "../../../printable.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg } from "../_args.ts";

function filterConfig(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`invalid value "${printable(text)}" for --filter-config: expected a JSON object`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError("--filter-config must be a JSON object");
  return value as Record<string, unknown>;
}

export default operationCommand({
  meta: {
    description: "Create or change an agent's event trigger (one per integration and trigger type)",
    examples: [
      'duvo agents triggers set <agent-id> --integration gmail --trigger-type new_email --filter-config \'{"from":"billing@acme.com"}\'',
      "duvo agents triggers set <agent-id> --integration slack --trigger-type new_message --disabled --json",
    ],
    notes: "duvo agents triggers types lists the integrations, trigger types and their filter schemas.",
  },
  operation: "upsertAgentTrigger",
  args: {
    ...agentIdArg,
    integration: { type: "string", description: "The integration's slug (e.g. gmail)", required: true, valueHint: "slug" },
    "trigger-type": { type: "string", description: "The trigger type (e.g. new_email)", required: true, valueHint: "type" },
    "filter-config": { type: "string", description: "Which events start the agent, as JSON (see the type's filter schema)", valueHint: "json" },
    disabled: { type: "boolean", description: "Set it switched off" },
  },
  request: (args) => ({
    path: { agentId: args["agent-id"] },
    body: { integration_slug: args.integration, trigger_type: args["trigger-type"], filter_config: filterConfig(args["filter-config"]), enabled: !args.disabled },
  }),
  show: {
    fields: [
      ["ID", "id"],
      ["Integration", "integration_slug"],
      ["Type", "trigger_type"],
      ["Filter", "filter_config"],
      ["Enabled", "enabled"],
    ],
  },
});
