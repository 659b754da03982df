/** Aligned `key  value` lines for one object (`runs get`, `agents get`, `whoami`, `runs evaluation`). */
import type { Style } from "./style.ts";

export function renderKeyValues(rows: [string, string][], style: Style): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return `${rows.map(([key, value]) => `${style.bold(key.padEnd(width))}  ${value}`.trimEnd()).join("\n")}\n`;
}
