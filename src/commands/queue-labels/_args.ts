import type { DuvoArgsDef } from "../../cli/command.ts";
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
