import { operationCommand } from "../../cli/operation-command.ts";
import { SECRET_KEYS, secretIdArg, showSecret } from "./_show.ts";

export default operationCommand({
  meta: { description: "Show one secret (its keys, never its values)", examples: ["duvo secrets get <secret-id>", "duvo secrets get <secret-id> --json"] },
  operation: "getSecret",
  args: secretIdArg,
  request: (args) => ({ path: { id: args.id } }),
  secrets: SECRET_KEYS,
  show: showSecret,
});
