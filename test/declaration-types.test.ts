/**
 * What `tsc --noEmit` (in .ci/run and `bun run typecheck`) catches in a command's declaration:
 * each `@ts-expect-error` below must be an error, or tsc fails on the unused directive. The
 * test itself only checks that the declarations were built.
 */
import { expect, test } from "bun:test";
import { leafCommand } from "../src/cli/command.ts";
import { operationCommand } from "../src/cli/operation-command.ts";

const queueList = operationCommand({
  meta: { name: "list", description: "typed" },
  operation: "listQueues",
  args: {},
  list: { items: "queues", pageSize: 250 },
  show: {
    items: "queues",
    columns: [
      ["ID", "id", { keep: true }],
      // @ts-expect-error a misspelt field of a queue
      ["NAME", "nmae"],
      ["LONG", (queue) => queue.name.length],
      // @ts-expect-error a function gets the item's real type: a queue's name is a string
      ["NAME", (queue) => queue.name.toFixed()],
      ["CREATED", "created_at", { time: true }],
    ],
  },
});

const queueGet = operationCommand({
  meta: { name: "get", description: "typed" },
  operation: "getQueue",
  args: { id: { type: "positional", uuid: "queue id", required: true } },
  request: (args) => ({ path: { queue_id: args.id } }),
  // @ts-expect-error `object` is a key of the answer ({queue})
  show: { object: "queues", fields: [["ID", "id"]] },
});

const wrongItems = operationCommand({
  meta: { name: "list", description: "typed" },
  operation: "listQueues",
  args: {},
  // @ts-expect-error `list.items` is a key of the answer holding an array
  list: { items: "total", pageSize: 250 },
  show: { items: "queues", columns: [["ID", "id"]] },
});

const choices = leafCommand({
  meta: { name: "choices", description: "typed" },
  args: {
    order: { type: "enum", options: ["asc", "desc"] },
    count: { type: "string", integer: { min: 1 } },
    ids: { type: "string", repeatable: true, uuid: true },
  },
  async run(args) {
    const order: "asc" | "desc" | undefined = args.order;
    // @ts-expect-error a flag with fixed choices is their union, not any string
    const one: "asc" = args.order;
    const count: number | undefined = args.count;
    const ids: string[] = args.ids;
    void [order, one, count, ids];
  },
});

test("typed declarations build commands", () => {
  for (const command of [queueList, queueGet, wrongItems, choices]) expect(command.meta.description).toBe("typed");
});
