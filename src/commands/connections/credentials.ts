import type { AnswerOf } from "../../api/call.ts";
import { operationCommand } from "../../cli/operation-command.ts";
import { connectionIdArg } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "List the header keys a connection has (the API answers secret values blank)",
    examples: ["duvo connections credentials <connection-id>", "duvo connections credentials <connection-id> --json | jq -r '.headers | keys[]'"],
    notes: "The API never returns a secret header's value: it answers it as an empty string, shown here as (secret).",
  },
  operation: "getConnectionCredentials",
  args: connectionIdArg,
  request: (args) => ({ path: { connection_id: args.id } }),
  transform: (answer: AnswerOf<"getConnectionCredentials">) => Object.entries(answer.headers).map(([key, value]) => ({ key, value })),
  show: {
    items: "",
    columns: [
      ["HEADER", "key", { keep: true }],
      ["VALUE", (header: { value: string }) => (header.value === "" ? "(secret)" : header.value)],
    ],
    empty: "This connection has no headers.",
  },
});
