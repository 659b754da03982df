/** Shared by every layer that reports bad input (cli/, api/, config/, commands/), so it sits below them all. */

/** For echoing user input in an error: short, one line, no control characters, no API key. */
export function printable(value: string): string {
  const cleaned = value.replace(/[\x00-\x1f\x7f-\x9f]/g, "?").replace(/dv_[A-Za-z0-9_-]{4,}/g, (key) => `dv_…${key.slice(-4)}`); // a key pasted in the wrong place
  return cleaned.length > 60 ? `${cleaned.slice(0, 57)}...` : cleaned;
}
