/**
 * Putting local files into a sandbox: `POST /v2/sandboxes/{id}/upload-urls` for a presigned
 * URL, then an HTTP PUT of the raw bytes to it (`Content-Type: application/octet-stream`), the
 * presigned-URL convention. The PUT is a plain fetch: the API key is never sent to the
 * storage host. Files are streamed from disk (any size, never read whole into memory), with a
 * progress bar on a terminal for files over a few MB. A PUT is idempotent, so a failed one
 * is retried (a network error or 5xx) with a fresh stream.
 */
import { basename } from "node:path";
import type { Call } from "../api/call.ts";
import type { Runtime } from "../cli/runtime.ts";
import { printable } from "../printable.ts";
import { abortError, CliError, UsageError } from "../errors.ts";
import { PROGRESS_FROM_BYTES, startProgress } from "../output/progress.ts";
import { readableFile } from "./_files.ts";

const PUT_TRIES = 4;

export interface FileToUpload {
  local: string;
  dest: string;
  size: number;
}

/** `PATH[:DEST]` → the local file and its place in the sandbox (default /workspace/<name>); exit 4 if unreadable. */
export function parseFileArg(value: string, flag = "--file"): FileToUpload {
  // A ':' splits off DEST, unless what follows looks like a Windows drive path's rest.
  const split = value.search(/:(?=\/|[^\\/:]*$)/);
  const hasDest = split > 1 || (split === 1 && !/^[A-Za-z]:[\\/]/.test(value));
  const local = hasDest ? value.slice(0, split) : value;
  const dest = hasDest ? value.slice(split + 1) : `/workspace/${basename(local)}`;
  if (local === "") throw new UsageError(`${flag}: no file in "${printable(value)}"`);
  if (dest === "") throw new UsageError(`${flag}: empty destination in "${printable(value)}"`);
  return { local, dest: dest.startsWith("/") ? dest : `/workspace/${dest}`, size: readableFile(local, flag) };
}

/** Every `--file` value checked (exit 4 naming an unreadable one) before anything is sent. */
export function parseFileArgs(values: string[]): FileToUpload[] {
  return values.map((value) => parseFileArg(value));
}

/** A new sandbox's id. */
export async function createSandbox(call: Call): Promise<string> {
  return (await call("createSandbox")).sandbox_id;
}

export async function uploadToSandbox(
  runtime: Runtime,
  call: Call,
  sandboxId: string,
  file: FileToUpload,
): Promise<{ upload_url: string; path: string; expires_in_seconds: number }> {
  const grant = await call("createSandboxUploadUrl", { path: { sandbox_id: sandboxId }, body: { path: file.dest } });
  await putFile(runtime, grant.upload_url, file);
  return grant;
}

async function putFile(runtime: Runtime, url: string, file: FileToUpload): Promise<void> {
  const signal = runtime.io.signal;
  const showProgress = runtime.io.stderr.isTTY && file.size > PROGRESS_FROM_BYTES;
  let lastError = "";
  for (let attempt = 0; attempt < PUT_TRIES; attempt++) {
    if (attempt > 0) await runtime.clock.sleep(500 * 2 ** attempt, signal);
    const progress = showProgress ? startProgress(runtime.io.stderr, "Uploading", basename(file.local), file.size) : undefined;
    const source = Bun.file(file.local);
    const body = progress
      ? source.stream().pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              progress.advance(chunk.byteLength);
              controller.enqueue(chunk);
            },
          }),
        )
      : source;
    try {
      const response = await fetch(url, {
        method: "PUT",
        body,
        headers: { "Content-Type": "application/octet-stream", "Content-Length": String(file.size) },
        signal,
        redirect: "error",
      });
      await response.arrayBuffer().catch(() => undefined);
      await progress?.clear();
      if (response.ok) return;
      lastError = `the storage host answered ${response.status}`;
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      await progress?.clear();
      if (signal.aborted) throw abortError(signal);
      lastError = (error as Error).message.split("\n")[0] ?? String(error);
    }
  }
  throw new CliError(`uploading ${file.local} failed: ${lastError}`);
}
