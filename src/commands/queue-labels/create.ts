import { operationCommand } from "../../cli/operation-command.ts";
import { colorHue, queueArg, showLabel } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Add a label to a queue's vocabulary",
    examples: ["duvo queue-labels create --queue <queue-id> --value urgent", "duvo queue-labels create --queue <queue-id> --key region --value EU --color-hue 210"],
  },
  operation: "createQueueLabel",
  args: {
    ...queueArg,
    value: { type: "string", description: "The label's value", valueHint: "text", required: true },
    key: { type: "string", description: "Its key (key=value labels)", valueHint: "text" },
    "color-hue": { type: "string", description: "Its colour, a hue 0-360", valueHint: "0-360" },
  },
  request: (args) => ({ path: { queue_id: args.queue }, body: { key: args.key, value: args.value, color_hue: colorHue(args["color-hue"]) } }),
  show: showLabel,
});
