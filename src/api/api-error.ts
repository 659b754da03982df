/**
 * An error answer of the API (4xx, 5xx) as the error a command exits with. Its own module,
 * loaded when an error answer arrives (client.ts): a successful request never loads it, and
 * it brings valibot, which a GET loads only once it is on its way (docs/performance.md).
 */
import * as v from "valibot";
import { ApiError } from "../errors.ts";
import { describeSnippet } from "./issues.ts";

/** Every error answer of the API carries `error`; most add a `message`. */
export const ErrorBodySchema = v.looseObject({
  error: v.string(),
  message: v.optional(v.nullable(v.string())),
});
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

export function errorFromResponse(method: string, path: string, status: number, text: string): ApiError {
  let body: unknown = text;
  let detail = describeSnippet(text);
  try {
    body = JSON.parse(text);
    const parsed = v.safeParse(ErrorBodySchema, body);
    if (parsed.success) detail = parsed.output.message ? `${parsed.output.error}: ${parsed.output.message}` : parsed.output.error;
  } catch {
    // not JSON: keep the snippet
  }
  const hint = status === 401 ? "Check DUVO_API_KEY or run `duvo login`." : status === 429 ? "Rate limited: try again later." : undefined;
  return new ApiError(`${method} ${path} failed with ${status}: ${detail}`, status, body, hint);
}
