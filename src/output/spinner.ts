/**
 * A one-line spinner on stderr, for a terminal only (never with --json or NO_COLOR; the
 * caller decides). Redraws in place every 100 ms and erases itself when done.
 */
import type { OutputStream } from "./io.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface Spinner {
  update(text: string): void;
  stop(): Promise<void>;
}

export function startSpinner(stream: OutputStream, text: string): Spinner {
  let frame = 0;
  let current = text;
  const draw = () => void stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`).catch(() => {});
  draw();
  const timer = setInterval(draw, 100);
  return {
    update(next) {
      current = next;
    },
    async stop() {
      clearInterval(timer);
      await stream.write("\r\x1b[2K").catch(() => {});
    },
  };
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
