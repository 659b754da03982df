import { operationCommand } from "../../cli/operation-command.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { colorHue, queueArg, showLabel } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Change a queue label's key, value or colour",
    examples: ["duvo queue-labels update <label-id> --queue <queue-id> --value EMEA", "duvo queue-labels update <label-id> --queue <queue-id> --color-hue 30"],
    notes: "The API takes the value with every change: without --value the label's current one is read and sent back.",
  },
  operation: "updateQueueLabel",
  args: {
    "label-id": { type: "positional", uuid: true, description: "The label's id", required: true },
    ...queueArg,
    key: { type: "string", description: "A new key", valueHint: "text" },
    value: { type: "string", description: "A new value", valueHint: "text" },
    "color-hue": { type: "string", description: "A new colour, a hue 0-360", valueHint: "0-360" },
  },
  request: async (args, runtime) => {
    const queueId = args.queue;
    const labelId = args["label-id"];
    const hue = colorHue(args["color-hue"]);
    if (args.key === undefined && args.value === undefined && hue === undefined) throw new UsageError("nothing to change: give --key, --value or --color-hue");
    let value = args.value;
    if (value === undefined) {
      const { call } = await runtime.api();
      const { labels } = await call("listQueueLabels", { path: { queue_id: queueId }, query: { limit: 1000 } });
      const current = labels.find((label) => label.id === labelId);
      if (!current) throw new NotFoundError(`label ${labelId} not found in queue ${queueId}`);
      value = current.value;
    }
    return { path: { queue_id: queueId, label_id: labelId }, body: { key: args.key, value, color_hue: hue } };
  },
  show: showLabel,
});
