/** What the organization commands share: the org id argument and dates of an insights window. */
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";

export const orgIdArg = { "org-id": { type: "positional", uuid: "organization id", description: "The organization's id (see duvo teams orgs)", required: true } } as const;

export const orgPath = (args: { "org-id": string }) => ({ orgId: args["org-id"] });

export const dateArgs = {
  "start-date": { type: "string", description: "From this date or time (ISO 8601, e.g. 2026-01-01)", valueHint: "date" },
  "end-date": { type: "string", description: "Up to this date (inclusive) or time", valueHint: "date" },
} as const;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 date or date-time as the API's UTC timestamp; a date alone starts the day, or ends it for an end date. */
export function isoDate(value: string | undefined, flag: string, end = false): string | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = ISO_DATE_TIME.test(value) ? Date.parse(dateOnly ? `${value}T${end ? "23:59:59.999" : "00:00:00"}Z` : value.replace(" ", "T")) : Number.NaN;
  if (!Number.isFinite(time)) throw new UsageError(`invalid ${flag} "${printable(value)}": expected an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:30:00Z`);
  return new Date(time).toISOString();
}

/** The window's dates as the API's query; a start after the end is a usage error. */
export function window(args: { "start-date"?: string; "end-date"?: string }) {
  const startDate = isoDate(args["start-date"], "--start-date");
  const endDate = isoDate(args["end-date"], "--end-date", true);
  if (startDate && endDate && startDate > endDate) throw new UsageError("--start-date is after --end-date");
  return { startDate, endDate };
}
