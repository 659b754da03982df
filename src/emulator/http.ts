/** The emulator's HTTP vocabulary: replies, API errors and request validation helpers. */
import { STATUS_CODES } from "node:http";
import type { ErrorBody } from "../api/schemas.ts";

/** What a handler produces; server.ts turns every Reply into the actual Response in one place. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The statuses whose errors name their reason (Node's wording); any other is an "Error". */
const REASONED = new Set([400, 401, 403, 404, 409, 413, 422, 429, 500, 502]);

/** Thrown anywhere while handling a request; becomes `{error, message}` (and any details: a 400's `validationErrors`) with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  toReply(): Reply {
    const body: ErrorBody = { error: (REASONED.has(this.status) && STATUS_CODES[this.status]) || "Error", message: this.message, ...this.details };
    return { status: this.status, body, headers: this.headers };
  }
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID.test(s);

/** A JSON object body with only the allowed keys (the API rejects anything else). */
export function objectBody(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "Request body must be a JSON object");
  }
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => `"${k}"`).join(", ");
    throw new ApiError(400, `Unknown field${unknown.length > 1 ? "s" : ""} ${names}; allowed: ${allowed.join(", ") || "none"}`);
  }
  return body as Record<string, unknown>;
}
