/**
 * The emulator's object storage: presigned upload and download URLs that it serves itself,
 * on its own port under /storage/ (outside the API's /v2), like a cloud bucket: the token in
 * the URL is the permission, and a request that also carries an Authorization header is
 * refused, as presigned URLs refuse a second way of signing.
 */
import type { EmulatorState } from "../state.ts";
import { worldSlot } from "../kernel.ts";

export const STORAGE_PATH = "/storage/";

interface Grant {
  method: "PUT" | "GET";
  expiresMs: number;
  /** Called with the uploaded bytes (PUT). */
  store?: (bytes: Uint8Array, contentType: string | null) => void;
  /** The bytes to serve (GET); undefined when the object is gone. */
  load?: () => { bytes: Uint8Array; contentType: string } | undefined;
}

const grants = worldSlot(() => new Map<string, Grant>());

/** A presigned URL for one upload or download, valid for `seconds`. */
export function presign(state: EmulatorState, origin: string, grant: Omit<Grant, "expiresMs">, seconds: number): string {
  const token = `${crypto.randomUUID().replaceAll("-", "")}${crypto.randomUUID().replaceAll("-", "")}`;
  grants(state).set(token, { ...grant, expiresMs: Date.now() + seconds * 1000 });
  return `${origin}${STORAGE_PATH}${token}`;
}

/** Answers a request to /storage/<token>: the upload (PUT) is kept, the download (GET) served. */
export async function serveStorage(state: EmulatorState, req: Request, url: URL): Promise<Response> {
  const token = url.pathname.slice(STORAGE_PATH.length);
  const grant = grants(state).get(token);
  const refuse = (status: number, code: string) => new Response(`<Error><Code>${code}</Code></Error>`, { status, headers: { "content-type": "application/xml" } });
  if (!grant || grant.expiresMs < Date.now()) return refuse(403, "AccessDenied");
  if (req.headers.has("authorization")) return refuse(400, "InvalidArgument: only one auth mechanism allowed");
  if (req.method !== grant.method) return refuse(405, "MethodNotAllowed");
  if (grant.method === "GET") {
    const object = grant.load?.();
    if (!object) return refuse(404, "NoSuchKey");
    return new Response(object.bytes, { headers: { "content-type": object.contentType } });
  }
  const bytes = new Uint8Array(await req.arrayBuffer());
  grant.store?.(bytes, req.headers.get("content-type"));
  grants(state).delete(token); // one upload per URL
  return new Response(null, { status: 200 });
}
