/** What the cases commands share: how a case is shown, and the --ids list. */
import type { DuvoArgsDef } from "../../cli/command.ts";
import type { AnswerOf } from "../../api/call.ts";
import type { ColumnSpec, FieldSpec } from "../../cli/show.ts";
import { checkUuid } from "../../cli/values.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";

export const queueArg = {
  queue: { type: "string", uuid: true, description: "The queue's id", valueHint: "id", required: true },
} as const satisfies DuvoArgsDef;

export const labelsText = (item: { labels?: { key: string; value: string }[] }) =>
  (item.labels ?? []).map((label) => (label.key ? `${label.key}=${label.value}` : label.value)).join(", ");

export const caseColumns: ColumnSpec<AnswerOf<"listCases">["cases"][number]>[] = [
  ["ID", "id", { keep: true }],
  ["TITLE", "title"],
  ["STATUS", "display_status", { keep: true }],
  ["PRIORITY", "priority"],
  ["LABELS", labelsText],
  ["CREATED", "created_at", { keep: true, time: true }],
];

export const caseFields: FieldSpec<AnswerOf<"getCase">["case"]>[] = [
  ["ID", "id"],
  ["Queue", "queue_id"],
  ["Title", "title"],
  ["Status", "display_status"],
  ["Priority", "priority"],
  ["Labels", labelsText],
  ["Data", "data"],
  ["Claimed by run", "claimed_by_run_id"],
  ["Created", "created_at", { time: true }],
  ["Updated", "updated_at", { time: true }],
];

/** `--ids a,b,c`: 1-100 case ids. */
export function caseIds(value: string): string[] {
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError("--ids is empty: give case ids separated by commas");
  if (ids.length > 100) throw new UsageError(`--ids has ${ids.length} ids; the API takes at most 100 at a time`);
  return ids.map((id) => checkUuid(id, "case id in --ids"));
}

/** `key=value` or `value` → a label. */
export function parseLabel(text: string, flag = "--label"): { key?: string; value: string } {
  const at = text.indexOf("=");
  const key = at === -1 ? undefined : text.slice(0, at).trim();
  const value = (at === -1 ? text : text.slice(at + 1)).trim();
  if (value === "") throw new UsageError(`invalid ${flag} "${printable(text)}": expected key=value or value`);
  return key ? { key, value } : { value };
}
