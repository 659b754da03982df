/**
 * Times in human output: relative ("3m ago") on a terminal, where people read them, and
 * the API's ISO 8601 text otherwise, where scripts and logs want the exact instant.
 */
import { sanitizeLine } from "./style.ts";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** "just now", "42s ago", "3m ago", "5h ago", "2d ago", "4mo ago", "1y ago"; "in 3m" for a future time. */
export function relativeTime(iso: string, now = Date.now()): string | undefined {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return undefined;
  const seconds = Math.round((now - time) / 1000);
  const size = Math.abs(seconds);
  // Clocks disagree by a few seconds: anything that close is "just now", either way.
  if (size < 5 || (seconds < 0 && size < MINUTE)) return "just now";
  const amount =
    size < MINUTE
      ? `${size}s`
      : size < HOUR
        ? `${Math.floor(size / MINUTE)}m`
        : size < DAY
          ? `${Math.floor(size / HOUR)}h`
          : size < MONTH
            ? `${Math.floor(size / DAY)}d`
            : size < YEAR
              ? `${Math.floor(size / MONTH)}mo`
              : `${Math.floor(size / YEAR)}y`;
  return seconds < 0 ? `in ${amount}` : `${amount} ago`;
}

/** A time cell: relative when `relative` (a terminal), else the API's text; "-" for none. */
export function timeText(value: string | null | undefined, relative: boolean, now = Date.now()): string {
  if (value === null || value === undefined || value === "") return "-";
  return (relative && relativeTime(value, now)) || sanitizeLine(value);
}
