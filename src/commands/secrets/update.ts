import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { parsePairs, readPairsFile, stdinOnce } from "../_secret-input.ts";
import { SECRET_KEYS, secretIdArg, showSecret } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Rename a secret, change its service or scope, set, remove or rename its variables",
    examples: [
      "duvo secrets update <secret-id> --set STRIPE_KEY=sk_live_new",
      "duvo secrets update <secret-id> --remove OLD_KEY --rename API_TOKEN=STRIPE_TOKEN",
      "duvo secrets update <secret-id> --value-file rotated.env --personal",
    ],
    notes: "--set and --value-file add variables or replace their values; the others stay. Keys given to --remove and --rename are upper case (A-Z, 0-9, _).",
  },
  operation: "updateSecret",
  args: {
    ...secretIdArg,
    name: { type: "string", description: "A new name", valueHint: "n" },
    "service-slug": { type: "string", conflicts: "clear-service-slug", description: "A new service", valueHint: "slug" },
    "clear-service-slug": { type: "boolean", description: "Remove the service" },
    shared: { type: "boolean", conflicts: "personal", description: "Share it with the team" },
    personal: { type: "boolean", description: "Make it yours only" },
    set: { type: "string", description: "Add a variable or change its value, KEY=VALUE (repeatable)", repeatable: true, valueHint: "KEY=VALUE" },
    "value-file": { type: "string", description: "Like --set, from KEY=VALUE lines of a file, or - for stdin", valueHint: "path|-" },
    remove: { type: "string", description: "Remove a variable (repeatable)", repeatable: true, valueHint: "KEY" },
    rename: { type: "string", description: "Rename a variable, OLD=NEW (repeatable)", repeatable: true, valueHint: "OLD=NEW" },
  },
  request: async (args, runtime) => {
    const added = parsePairs(args.set, "--set");
    if (args["value-file"] !== undefined) await readPairsFile(args["value-file"], "--value-file", stdinOnce(runtime), added);
    const renamed = parsePairs(args.rename, "--rename");
    const body = {
      name: args.name,
      service_slug: args["clear-service-slug"] ? null : args["service-slug"],
      shared: args.shared ? true : args.personal ? false : undefined,
      add_values: Object.keys(added).length ? added : undefined,
      remove_keys: args.remove.length ? args.remove : undefined,
      rename_keys: Object.keys(renamed).length ? renamed : undefined,
    };
    if (Object.values(body).every((value) => value === undefined)) {
      throw new UsageError("nothing to change: give --name, --service-slug, --shared/--personal, --set, --value-file, --remove, --rename or --clear-service-slug");
    }
    return { path: { id: args.id }, body };
  },
  secrets: SECRET_KEYS,
  show: showSecret,
});
