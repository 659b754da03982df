import { operationCommand } from "../../cli/operation-command.ts";
import { SECRET_KEYS, scopeOf } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "List the team's secrets you can see: id, name, service, keys, scope",
    examples: ["duvo secrets list", "duvo secrets list --json | jq -r '.[] | select(.service_slug == \"stripe\") | .id'"],
    notes: "--json prints the API's answer: an array of secrets (keys only, never values).",
  },
  operation: "listSecrets",
  args: {},
  secrets: SECRET_KEYS,
  show: {
    items: "",
    columns: [
      ["ID", "id", { keep: true }],
      ["NAME", "name"],
      ["SERVICE", "service_slug"],
      ["KEYS", "env_var_keys"],
      ["SCOPE", scopeOf, { keep: true }],
      ["UPDATED", "updated_at", { keep: true, time: true }],
    ],
    empty: "This team has no secrets you can see.",
  },
});
