import { groupCommand, jsonArgs } from "../../cli/command.ts";
import type { AnswerOf } from "../../api/call.ts";
import { operationCommand } from "../../cli/operation-command.ts";
import type { Show } from "../../cli/show.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { parseLabel, queueArg } from "./_shared.ts";

const caseArg = { "case-id": { type: "positional", uuid: true, description: "The case's id", required: true } } as const;
const labelTable: Show<AnswerOf<"listCaseLabels"> | AnswerOf<"assignCaseLabels">> = {
  items: "labels",
  columns: [
    ["ID", "id", { keep: true }],
    ["KEY", "key"],
    ["VALUE", "value"],
  ],
  empty: "No labels.",
};

const list = operationCommand({
  meta: { description: "List a case's labels", examples: ["duvo cases labels list <case-id> --queue <queue-id>"] },
  operation: "listCaseLabels",
  args: { ...caseArg, ...queueArg },
  request: (args) => ({ path: { queue_id: args.queue, case_id: args["case-id"] }, query: { limit: 1000 } }),
  show: labelTable,
});

const assign = operationCommand({
  meta: {
    description: "Put labels on a case (labels missing from the queue are created)",
    examples: ["duvo cases labels assign <case-id> --queue <queue-id> --label region=EU --label urgent"],
  },
  operation: "assignCaseLabels",
  args: { ...caseArg, ...queueArg, label: { type: "string", description: '"key=value" or "value"', valueHint: "key=value", repeatable: true } },
  request: (args) => {
    if (args.label.length === 0) throw new UsageError("give at least one --label");
    return { path: { queue_id: args.queue, case_id: args["case-id"] }, body: { labels: args.label.map((label) => parseLabel(label)) } };
  },
  show: labelTable,
});

const unlink = operationCommand({
  meta: {
    description: "Take labels off a case, by id or by key=value",
    examples: ["duvo cases labels unlink <case-id> --queue <queue-id> --label urgent", "duvo cases labels unlink <case-id> --queue <queue-id> --label-id <label-id>"],
    notes: "A --label is looked up among the case's labels (key=value, or a value without a key).",
  },
  operation: "unlinkCaseLabels",
  args: {
    ...caseArg,
    ...queueArg,
    "label-id": { type: "string", uuid: true, description: "A label's id", valueHint: "id", repeatable: true },
    label: { type: "string", description: '"key=value" or "value"', valueHint: "key=value", repeatable: true },
  },
  request: async (args, runtime) => {
    const queueId = args.queue;
    const caseId = args["case-id"];
    if (args["label-id"].length === 0 && args.label.length === 0) throw new UsageError("give --label-id or --label");
    const ids = args["label-id"];
    const wanted = args.label.map((label) => parseLabel(label));
    if (wanted.length > 0) {
      const { call } = await runtime.api();
      const { labels } = await call("listCaseLabels", { path: { queue_id: queueId, case_id: caseId }, query: { limit: 1000 } });
      for (const label of wanted) {
        const found = labels.find((candidate) => candidate.value === label.value && (label.key === undefined ? candidate.key === "" : candidate.key === label.key));
        if (!found) throw new UsageError(`the case has no label ${printable(`${label.key ? `${label.key}=` : ""}${label.value}`)}`);
        ids.push(found.id);
      }
    }
    return { path: { queue_id: queueId, case_id: caseId }, body: { label_ids: [...new Set(ids)] } };
  },
  show: { done: (_, args) => `Took ${args["label-id"].length + args.label.length} label(s) off case ${args["case-id"]}.` },
});

void jsonArgs;
export default groupCommand({
  meta: { description: "A case's labels", examples: ["duvo cases labels list <case-id> --queue <queue-id>"] },
  subCommands: { list: async () => list, assign: async () => assign, unlink: async () => unlink },
});
