/**
 * Commands that send a local file as the operation's body. The document describes no body
 * for such operations (`POST /v2/teams/{teamId}/skills/upload`): the file goes as
 * multipart/form-data, one part holding it with its name and type. The part is read from
 * disk as it is sent (any size, never whole in memory); the client retries it only where a
 * change may be retried (it could not have reached the server).
 * Presigned storage uploads (a PUT of raw bytes) are `sandboxes upload`'s, in commands/_upload.ts.
 */
import { basename, extname } from "node:path";

const TYPES: Record<string, string> = { ".md": "text/markdown", ".zip": "application/zip", ".json": "application/json", ".txt": "text/plain" };

/** A form with the file at `path` as its part `field` (check the file first: commands/_files.ts readableFile). */
export function fileForm(field: string, path: string): FormData {
  const form = new FormData();
  const type = TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  form.append(field, Bun.file(path, { type }), basename(path));
  return form;
}
