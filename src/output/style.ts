/**
 * Colour for human output, and the scrubbing of text that came from the server.
 * Colour only on a TTY or with FORCE_COLOR, never with NO_COLOR.
 */
import type { IO, OutputStream } from "./io.ts";

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const plain: Style = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
  magenta: (t) => t,
};

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const coloured: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  magenta: sgr(35, 39),
};

export function colourEnabled(io: Pick<IO, "env">, stream: OutputStream): boolean {
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return stream.isTTY && env.TERM !== "dumb";
}

export function styleFor(io: Pick<IO, "env">, stream: OutputStream): Style {
  return colourEnabled(io, stream) ? coloured : plain;
}

// CSI/OSC/other escape sequences, then any remaining C0/C1 control except tab and newline.
const ESCAPE_SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Text from the server, made safe to print to a terminal (kept exact in --json). */
export function sanitize(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, "").replace(CONTROL_CHARACTERS, "");
}

/** Like `sanitize`, and folded onto one line. */
export function sanitizeLine(text: string): string {
  return sanitize(text.replace(/\s*\n\s*/g, " ")).trim();
}
