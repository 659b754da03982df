import type { AnswerOf } from "../../api/call.ts";
import type { DuvoArgsDef } from "../../cli/command.ts";
import type { Show } from "../../cli/show.ts";
import { UsageError } from "../../errors.ts";
import { printable } from "../../printable.ts";

export const queueArg = {
  queue: { type: "string", uuid: true, description: "The queue's id", valueHint: "id", required: true },
} as const satisfies DuvoArgsDef;

/** `--color-hue`: a whole number 0-360. */
export function colorHue(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value) || Number(value) > 360) throw new UsageError(`invalid value "${printable(value)}" for --color-hue: expected a whole number 0-360`);
  return Number(value);
}

/** How a label is shown by the commands that print one. */
export const showLabel: Show<AnswerOf<"createQueueLabel"> | AnswerOf<"updateQueueLabel">> = {
  object: "label",
  fields: [
    ["ID", "id"],
    ["Key", "key"],
    ["Value", "value"],
    ["Hue", "color_hue"],
  ],
};
