/**
 * Commands that send a local file as the operation's body. The document describes no body
 * for such operations (`POST /v2/teams/{teamId}/skills/upload`): the file goes as
 * multipart/form-data, one part holding it with its name and type. The part is read from
 * disk as it is sent (any size, never whole in memory). Otherwise a request like `call`'s:
 * path filled by `fillPath`, the answer checked against the operation's schema, an
 * Idempotency-Key, retried only where it cannot have reached the server.
 * Presigned storage uploads (a PUT of raw bytes) are `sandboxes upload`'s, in commands/_upload.ts.
 */
import { basename, extname } from "node:path";
import { fillPath, type AnswerOf, type OperationId, type PathValue } from "../api/call.ts";
import type { Runtime } from "./runtime.ts";

const TYPES: Record<string, string> = { ".md": "text/markdown", ".zip": "application/zip", ".json": "application/json", ".txt": "text/plain" };

/** Sends the file at `file` (check it first: commands/_files.ts readableFile), or bytes made in memory, as the form part `field`. */
export async function sendFile<Id extends OperationId>(
  runtime: Runtime,
  id: Id,
  request: { path?: Record<string, PathValue>; field: string; file: string | { name: string; bytes: Uint8Array } },
): Promise<AnswerOf<Id>> {
  const { routeById, operationSchemas } = await import("../api/operation-routes.ts");
  const operation = routeById(id);
  if (!operation) throw new Error(`no operation ${id} in the document`);
  const schemas = await operationSchemas(operation);
  const { client, teamId } = await runtime.api();
  const path = await fillPath(operation, request.path ?? {}, teamId);
  return client.call(operation.method, path, schemas.responses[operation.success]!, { form: fileForm(request.field, request.file) }) as Promise<AnswerOf<Id>>;
}

/** A form with the file at `path` (or the bytes given) as its part `field`. */
export function fileForm(field: string, file: string | { name: string; bytes: Uint8Array }): FormData {
  const form = new FormData();
  const name = typeof file === "string" ? basename(file) : file.name;
  const type = TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
  form.append(field, typeof file === "string" ? Bun.file(file, { type }) : new Blob([file.bytes], { type }), name);
  return form;
}
