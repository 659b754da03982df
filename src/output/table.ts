/**
 * Tables for human output: a header row and aligned columns, two spaces apart, the last
 * column never padded. Cells are shown as given: callers pass server text through
 * `sanitizeLine` first, and may colour it (colour codes take no width).
 *
 * On a terminal the table is fitted to its width: the widest of the columns that may be
 * cut lose a cell at a time until the table fits, and cut text ends in "…". Columns marked
 * `keep` (ids, which every other command needs whole; statuses; times) are never cut, so
 * a terminal too narrow even for those gets lines that wrap rather than useless ids.
 * Widths are terminal cells (`Bun.stringWidth`): CJK and emoji take two.
 */
import type { IO } from "./io.ts";
import type { Style } from "./style.ts";

export interface Column {
  header: string;
  /** Never cut when fitting the table to the terminal. */
  keep?: boolean;
}

export interface TableOptions {
  /** Fit the table to this many terminal cells; undefined: cells are never cut (pipes, files). */
  width?: number;
}

const GAP = 2;
const ELLIPSIS = "…";
/** A column that may be cut keeps at least this many cells (or its header's width, or its own if smaller). */
const MIN_CUT_WIDTH = 4;

export const cellWidth = (text: string): number => Bun.stringWidth(text);

/** The width to fit tables to: the terminal's, or none when stdout is not a terminal. */
export function fitWidth(io: Pick<IO, "env" | "stdout">): number | undefined {
  if (!io.stdout.isTTY) return undefined;
  const columns = io.stdout.columns || Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

export function renderTable(columns: (string | Column)[], rows: string[][], style: Style, options: TableOptions = {}): string {
  return tableWriter(columns, style, options)(rows);
}

/**
 * A table written a chunk of rows at a time (a list streamed page by page): the header comes
 * with the first chunk, and a column is as wide as its widest cell so far, so a table written
 * in one chunk is exactly `renderTable`'s and later chunks line up unless a cell is wider.
 */
export function tableWriter(columns: (string | Column)[], style: Style, options: TableOptions = {}): (rows: string[][]) => string {
  const specs = columns.map((column) => (typeof column === "string" ? { header: column } : column));
  const natural = specs.map(({ header }) => cellWidth(header));
  let started = false;
  return (rows) => {
    for (const row of rows) {
      for (const [index, cell] of row.entries()) natural[index] = Math.max(natural[index] ?? 0, cellWidth(cell));
    }
    const widths = options.width === undefined ? natural : fit(specs, natural, options.width);
    const line = (cells: string[], decorate: (text: string) => string = (text) => text) =>
      cells
        .map((cell, index) => {
          const shown = cellWidth(cell) > widths[index]! ? cut(cell, widths[index]!) : cell;
          const padding = index === cells.length - 1 ? "" : " ".repeat(Math.max(0, widths[index]! - cellWidth(shown)));
          return decorate(shown) + padding;
        })
        .join(" ".repeat(GAP))
        .trimEnd();
    const lines = rows.map((row) => line(row));
    if (!started)
      lines.unshift(
        line(
          specs.map(({ header }) => header),
          style.bold,
        ),
      );
    started = true;
    return lines.length ? `${lines.join("\n")}\n` : "";
  };
}

/** Column widths that fit `available` cells: the widest cuttable column gives up a cell at a time. */
function fit(specs: Column[], natural: number[], available: number): number[] {
  const widths = [...natural];
  const minimum = specs.map((spec, index) => (spec.keep ? natural[index]! : Math.min(natural[index]!, Math.max(cellWidth(spec.header), MIN_CUT_WIDTH))));
  let total = widths.reduce((sum, width) => sum + width, 0) + GAP * (widths.length - 1);
  while (total > available) {
    let widest = -1;
    widths.forEach((width, index) => {
      if (width > minimum[index]! && (widest === -1 || width > widths[widest]!)) widest = index;
    });
    if (widest === -1) break; // only kept columns left: the lines wrap
    widths[widest]!--;
    total--;
  }
  return widths;
}

const COLOUR_CODES = /\x1b\[[0-9;]*m/g;
/** Made when a cell is first cut: ICU's segmenter costs every command that loads this module ~1.5 ms of start-up (docs/performance.md). */
let graphemes: Intl.Segmenter | undefined;

/** `text` cut to `width` cells, ending in "…"; a wide character that would straddle the edge goes too. */
export function cut(text: string, width: number): string {
  const plain = text.replace(COLOUR_CODES, ""); // a cut cell loses its colour rather than leak an open code
  if (cellWidth(plain) <= width) return plain;
  let kept = "";
  let used = 0;
  for (const { segment } of (graphemes ??= new Intl.Segmenter()).segment(plain)) {
    const size = cellWidth(segment);
    if (used + size > width - 1) break;
    kept += segment;
    used += size;
  }
  return width > 0 ? `${kept.trimEnd()}${ELLIPSIS}` : "";
}
