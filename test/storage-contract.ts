/**
 * What a storage URL answers. Presigned uploads and downloads (`/storage/<token>` on the
 * emulator's port, handed out by the API as `upload_url`, `signed_url`, `url`) are not
 * operations of the OpenAPI document, so the document cannot check them; this written
 * contract does, in the preload, for every storage request a test makes. It is the subset of
 * a cloud bucket's presigned-URL behaviour that `duvo` relies on:
 *
 * | request | status | headers | body |
 * | --- | --- | --- | --- |
 * | PUT, the upload | 200 | — | none |
 * | GET, the download | 200 | `content-type: <type>/<subtype>` (the object's) | the object's bytes |
 * | a token unknown or expired | 403 | `content-type: application/xml` | `<Error><Code>AccessDenied</Code></Error>` |
 * | a request that also carries `Authorization` | 400 | same | `<Error><Code>InvalidArgument…</Code></Error>` |
 * | the other method than the URL was signed for | 405 | same | `<Error><Code>MethodNotAllowed</Code></Error>` |
 * | GET of an object that is gone | 404 | same | `<Error><Code>NoSuchKey</Code></Error>` |
 *
 * Any other status, a PUT answered with a body, a download without a content type, or an
 * error that is not that XML (JSON, say, as the API answers) is a drift. A code may be
 * followed by a message inside `<Code>` (`InvalidArgument: only one auth mechanism allowed`).
 */
import type { RecordedRequest } from "../src/emulator/index.ts";

export const STORAGE_PREFIX = "/storage/";

/** The error code each refusal answers with, by status. */
export const STORAGE_ERRORS: Record<number, string> = { 400: "InvalidArgument", 403: "AccessDenied", 404: "NoSuchKey", 405: "MethodNotAllowed" };

const ERROR_BODY = /^<Error><Code>([A-Za-z]+)(?::[^<]*)?<\/Code><\/Error>$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

/** Why a storage answer breaks the contract above; undefined when it keeps it. */
export function storageProblem(request: Pick<RecordedRequest, "method" | "status" | "responseHeaders" | "responseBody">): string | undefined {
  const { method, status } = request;
  const headers = request.responseHeaders ?? {};
  const type = headers["content-type"];
  const bytes = request.responseBody instanceof Uint8Array ? request.responseBody : undefined;
  if (!bytes) return "no body recorded (the emulator records a storage answer's bytes)";
  if (status === 200 && method === "PUT") return bytes.length === 0 ? undefined : `an upload's 200 carries no body, got ${bytes.length} bytes`;
  if (status === 200 && method === "GET") return type && MEDIA_TYPE.test(type) ? undefined : `a download's 200 names its content type, got ${JSON.stringify(type ?? null)}`;
  const code = STORAGE_ERRORS[status];
  if (!code || (status === 404 && method !== "GET")) return `${method} answers 200 or ${Object.keys(STORAGE_ERRORS).join(", ")} (404 a GET only), got ${status}`;
  if (type !== "application/xml") return `a refusal is application/xml, got ${JSON.stringify(type ?? null)}`;
  const text = new TextDecoder().decode(bytes);
  const found = ERROR_BODY.exec(text)?.[1];
  if (found !== code) return `a ${status} is <Error><Code>${code}</Code></Error>, got ${JSON.stringify(text)}`;
  return undefined;
}
