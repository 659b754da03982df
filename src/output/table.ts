/**
 * Tables for human output: a header row and aligned columns, two spaces apart, the last
 * column never padded. Cells are shown as given: callers pass server text through
 * `sanitizeLine` first, and may colour it (colour codes take no width).
 * (Fitting the terminal width comes later, here, in this function.)
 */
import type { Style } from "./style.ts";

const COLOUR_CODES = /\x1b\[[0-9;]*m/g;

export function renderTable(headers: string[], rows: string[][], style: Style): string {
  const width = (cell: string) => cell.replace(COLOUR_CODES, "").length;
  const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ""))));
  const line = (cells: string[], decorate: (text: string) => string = (text) => text) =>
    cells
      .map((cell, column) => {
        const padding = column === cells.length - 1 ? "" : " ".repeat(widths[column]! - width(cell));
        return decorate(cell) + padding;
      })
      .join("  ")
      .trimEnd();
  return `${[line(headers, style.bold), ...rows.map((row) => line(row))].join("\n")}\n`;
}
