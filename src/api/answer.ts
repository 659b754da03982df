/**
 * The checks on what goes to the API and what comes back, without loading valibot or the HTTP
 * client: a request body against its operation's schema, and a success answer's body (JSON, then
 * the schema). The client (client.ts) judges every answer with them, and so does a command whose
 * answer was sent for early (src/cli/early-runtime.ts), which never loads the client.
 */
import type * as v from "valibot";
import { UnexpectedResponseError, UsageError } from "../errors.ts";
import { describeIssue, describeSnippet } from "./issues.ts";

type AnySchema = v.GenericSchema;

/** Largest response body accepted (characters). */
export const MAX_RESPONSE_CHARS = 64 * 2 ** 20;

/**
 * `v.safeParse(schema, value)` without loading valibot here: a valibot schema's Standard Schema
 * `validate` is the call safeParse makes (`schema["~run"]({ value }, getGlobalConfig())`), so
 * the check, its output and its issues are the same (test/api-client.test.ts compares them).
 */
export function validate<S extends AnySchema>(
  schema: S,
  value: unknown,
): { success: true; output: v.InferOutput<S> } | { success: false; issues: [v.InferIssue<S>, ...v.InferIssue<S>[]] } {
  const dataset = schema["~standard"].validate(value) as v.OutputDataset<v.InferOutput<S>, v.InferIssue<S>>;
  return dataset.issues ? { success: false, issues: dataset.issues } : { success: true, output: dataset.value as v.InferOutput<S> };
}

/** A body `duvo` is about to send, checked against the operation's schema: exit 4 naming the field. */
export function checkRequestBody(schema: AnySchema, body: unknown): void {
  const result = validate(schema, body);
  if (!result.success) throw new UsageError(`invalid request ${describeIssue(result.issues[0])}`);
}

export function parseBody<S extends AnySchema>(
  method: string,
  path: string,
  text: string,
  schema: S,
): { ok: true; value: v.InferOutput<S> } | { ok: false; error: UnexpectedResponseError } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: new UnexpectedResponseError(`unexpected response from ${method} ${path}: the body is not JSON (${describeSnippet(text)})`) };
  }
  const result = validate(schema, data);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const where = issue.path?.map((item) => String(item.key)).join(".") || "body";
  return { ok: false, error: new UnexpectedResponseError(`unexpected response from ${method} ${path}: ${where}: ${issue.message}`) };
}
