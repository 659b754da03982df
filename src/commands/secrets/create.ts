import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { parsePairs, readPairsFile, stdinOnce } from "../_secret-input.ts";
import { SECRET_KEYS, showSecret } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Create a secret: a named set of KEY=VALUE environment variables",
    examples: [
      "duvo secrets create --name Stripe --value STRIPE_KEY=sk_live_... --service-slug stripe",
      "duvo secrets create --name Warehouse --value-file warehouse.env --shared",
      "vault read -field=env kv/warehouse | duvo secrets create --name Warehouse --value-file -",
    ],
    notes:
      "--value-file reads KEY=VALUE lines (blank lines and # comments skipped) from a file, or from stdin with -, so values stay out of shell history. Values are never printed.",
  },
  operation: "createSecret",
  args: {
    name: { type: "string", description: "The secret's name (1-128 characters)", required: true, valueHint: "n" },
    value: { type: "string", description: "One variable, KEY=VALUE (repeatable)", repeatable: true, valueHint: "KEY=VALUE" },
    "value-file": { type: "string", description: "Read KEY=VALUE lines from a file, or - for stdin", valueHint: "path|-" },
    "service-slug": { type: "string", description: "The service it belongs to (e.g. stripe)", valueHint: "slug" },
    shared: { type: "boolean", description: "Share it with the team (default: personal)" },
  },
  request: async (args, runtime) => {
    const values = parsePairs(args.value, "--value");
    if (args["value-file"] !== undefined) await readPairsFile(args["value-file"], "--value-file", stdinOnce(runtime), values);
    if (Object.keys(values).length === 0) throw new UsageError("a secret needs at least one variable: give --value KEY=VALUE or --value-file <file|->");
    return { body: { name: args.name, values, service_slug: args["service-slug"], shared: args.shared } };
  },
  secrets: SECRET_KEYS,
  show: showSecret,
});
