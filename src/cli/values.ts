/** Checks for user-given values, done before credentials and before any request. */
import { UsageError } from "../errors.ts";
import { printable } from "../printable.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An environment switch: set, and not "", "0" or "false" (any case). */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** A setting's number when it is one above 0 (DUVO_HTTP_TIMEOUT), else undefined. */
export function positiveNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** A setting's number when it is one of 0 or more (DUVO_RETRY_BUDGET), else undefined. */
export function nonNegativeNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(number) && number >= 0 ? number : undefined;
}

export function checkUuid(value: string, what: string): string {
  if (!isUuid(value)) throw new UsageError(`invalid ${what} "${printable(value)}": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90`);
  return value.toLowerCase();
}

export function parseCount(value: string | undefined, flag: string, { min = 0, max }: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || (max !== undefined && Number(value) > max)) {
    const range = max !== undefined ? ` from ${min} to ${max}` : min ? ` ≥ ${min}` : "";
    throw new UsageError(`invalid value "${printable(value)}" for ${flag}: expected a whole number${range}`);
  }
  return Number(value);
}

/** `90s`, `5m`, `1h` (and combinations like `1h30m`) in milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!value || !match || match.slice(1).every((part) => part === undefined)) {
    throw new UsageError(`invalid duration "${printable(value)}" for ${flag}: use e.g. 90s, 5m or 1h`);
  }
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}
