/**
 * A progress bar on stderr for a transfer (an upload or a download), redrawn in place when
 * the percentage changes. Only for a terminal (callers check stderr is one), and only for
 * large bodies: it appears when the size, or without a known size what has moved so far,
 * is over 4 MB; without a known size it counts megabytes.
 */
import type { OutputStream } from "./io.ts";

/** Transfers over this size get a progress bar on a terminal. */
export const PROGRESS_FROM_BYTES = 4 * 2 ** 20;

export interface Progress {
  /** `bytes` more were moved. */
  advance(bytes: number): void;
  /** Clears the bar's line (the caller then says what happened). */
  clear(): Promise<void>;
}

export function startProgress(stream: OutputStream, verb: string, name: string, total: number | undefined): Progress {
  let moved = 0;
  let drawn = "";
  const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  return {
    advance(bytes) {
      moved += bytes;
      if ((total ?? moved) <= PROGRESS_FROM_BYTES) return;
      let line: string;
      if (total === undefined) line = `${verb} ${name} ${megabytes(moved)} MB`;
      else {
        const percent = total === 0 ? 100 : Math.min(100, Math.floor((moved / total) * 100));
        const width = 24;
        const filled = Math.round((percent / 100) * width);
        line = `${verb} ${name} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${percent}% of ${megabytes(total)} MB`;
      }
      if (line === drawn) return;
      drawn = line;
      void stream.write(`\r\x1b[2K${line}`);
    },
    clear: () => (drawn === "" ? Promise.resolve() : stream.write("\r\x1b[2K")),
  };
}
