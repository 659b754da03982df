/**
 * A plan as people read it (in a terminal or a pull request's job summary): one line per
 * resource, `+` create, `~` change, `-` remove, and under a change the fields that differ.
 */
import { sanitizeLine, type Style } from "../output/style.ts";
import type { Change, Plan } from "./plan.ts";

const SIGN = { create: "+", change: "~", remove: "-" } as const;
const KIND = {
  folder: "folder",
  queue: "queue",
  label: "label",
  secret: "secret",
  login: "login",
  agent: "agent",
  schedule: "schedule",
  case_trigger: "case trigger",
  event_trigger: "event trigger",
} as const;

/** A value on one line: JSON, long text cut in the middle of nothing (a config's input stays whole but on one line). */
function shown(value: unknown): string {
  if (value === undefined) return "(none)";
  return sanitizeLine(JSON.stringify(value));
}

function header(change: Change): string {
  const owner = change.parent ? ` of "${sanitizeLine(change.parent)}"` : "";
  return `${SIGN[change.action]} ${change.action} ${KIND[change.kind]} "${sanitizeLine(change.name)}"${owner}`;
}

export function renderPlan(plan: Plan, style: Style): string {
  if (plan.changes.length === 0) return "No changes: the team matches the file.\n";
  const color = { create: style.green, change: style.yellow, remove: style.red } as const;
  const lines: string[] = [];
  for (const change of plan.changes) {
    lines.push(color[change.action](header(change)));
    if (change.note) lines.push(style.dim(`    (${change.note})`));
    if (change.action === "change") for (const field of change.fields) lines.push(`    ${field.field}: ${shown(field.before)} → ${shown(field.after)}`);
    else if (change.action === "create") for (const field of change.fields) lines.push(`    ${field.field}: ${shown(field.after)}`);
  }
  const { create, change, remove } = plan.summary;
  lines.push("", `Plan: ${create} to create, ${change} to change, ${remove} to remove.`);
  return `${lines.join("\n")}\n`;
}
