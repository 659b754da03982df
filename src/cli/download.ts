/**
 * Commands whose answer is a file (a PDF, a ZIP) or a page (HTML, text) rather than JSON.
 * The body is passed on as it arrives, never held whole in memory:
 * - `-o FILE` writes a temporary file beside FILE and renames it over FILE once the body is
 *   complete, so a failure (network, full disk, Ctrl-C) never leaves a partial file; a folder
 *   as FILE gets the command's default name inside it;
 * - `-o -`, and a page printed as it is, go to stdout byte for byte;
 * - on a terminal, progress on stderr for bodies over 4 MB;
 * - a GET whose body breaks off is asked again from the start (a few times, with backoff),
 *   unless part of it already reached stdout; other methods are never repeated.
 * Whatever breaks, stdout keeps only results and the exit code says so (1).
 */
import { basename, dirname, join } from "node:path";
import { abortError, CliError, UsageError } from "../errors.ts";
import { startProgress, type Progress } from "../output/progress.ts";
import { fillPath, type OperationId, type PathValue } from "../api/call.ts";
import type { DuvoArgsDef } from "./command.ts";
import type { Runtime } from "./runtime.ts";

/** The operation that answers with the body, and what fills its path and query. */
export interface BodyRequest {
  /** The document's operationId (a GET for anything that may be retried). */
  operation: OperationId;
  path?: Record<string, PathValue>;
  query?: Record<string, string | number | boolean | undefined>;
  /** The `Accept` header (default any type). */
  accept?: string;
}

/** What was saved: `--json` of a download prints it. */
export interface Saved {
  path: string;
  bytes: number;
  sha256: string;
}

/** `-o/--output <file>` (`-` for stdout); the official tree spells it with or without `-o`. */
export function outputArg(options: { alias?: "o"; description?: string } = {}) {
  return {
    output: {
      type: "string",
      ...(options.alias ? { alias: options.alias } : {}),
      description: options.description ?? "Write to this file, or - for stdout (default: a file named after it in the current folder)",
      valueHint: "file",
    },
  } as const satisfies DuvoArgsDef;
}

/** Where `--output` puts the body: a file (checked now, before any request), or stdout. */
export type Target = { stdout: true } | { stdout: false; path: string };

/**
 * The target for `--output` (or `fallback`, a file name, when it is not given): `-` is stdout;
 * a folder gets `fallback` inside it; a file's folder must exist. Exit 4 otherwise.
 */
export function resolveTarget(output: string | undefined, fallback: string): Target {
  if (output === "-") return { stdout: true };
  const fs = require("node:fs") as typeof import("node:fs");
  const given = output ?? fallback;
  if (given === "") throw new UsageError("--output: empty file name");
  let path = given;
  try {
    if (fs.statSync(given).isDirectory()) path = join(given, fallback);
  } catch {
    // not there yet: a new file
  }
  const folder = dirname(path);
  try {
    if (!fs.statSync(folder).isDirectory()) throw new Error("not a folder");
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${shown(path)}: ${shown(folder)} is not a folder that can be written to`);
  }
  return { stdout: false, path };
}

/** Sends the request and writes its body to the target; a file target says where on stderr. */
export async function download(runtime: Runtime, request: BodyRequest, target: Target, { quiet = false } = {}): Promise<Saved> {
  const label = target.stdout ? "stdout" : basename(target.path);
  const saved = await withBodyRetries(runtime, request, label, target.stdout, (body, total, progress) =>
    target.stdout ? pump(runtime.io.signal, body, total, progress, (chunk) => runtime.io.stdout.write(chunk)) : writeFileAtomically(runtime, target.path, body, total, progress),
  );
  const result = { path: target.stdout ? "-" : target.path, ...saved };
  if (!target.stdout && !quiet) runtime.log.success(`Saved ${shown(target.path)} (${sizeText(saved.bytes)})`);
  return result;
}

/** A page (HTML, text) printed as the API sends it. */
export async function printBody(runtime: Runtime, request: BodyRequest): Promise<void> {
  await download(runtime, request, { stdout: true });
}

const BODY_TRIES = 3;

/** Where a body goes; `total` is its size when the answer says it (then fewer bytes are a break-off, before any rename). */
type Sink = (body: ReadableStream<Uint8Array>, total: number | undefined, progress: Progress | undefined) => Promise<Omit<Saved, "path">>;

async function withBodyRetries(runtime: Runtime, request: BodyRequest, label: string, toStdout: boolean, sink: Sink): Promise<Omit<Saved, "path">> {
  const { routeById } = await import("../api/operation-routes.ts");
  const operation = routeById(request.operation);
  if (!operation) throw new Error(`no operation ${request.operation} in the document`);
  const { client, teamId } = await runtime.api();
  const path = await fillPath(operation, request.path ?? {}, teamId);
  for (let attempt = 1; ; attempt++) {
    const answer = await client.stream(operation.method, path, { query: request.query, accept: request.accept });
    // A compressed answer's length is not what arrives (fetch decompresses it).
    const encoded = (answer.headers.get("content-encoding") ?? "identity") !== "identity";
    const length = Number(answer.headers.get("content-length") ?? Number.NaN);
    const total = Number.isFinite(length) && !encoded ? length : undefined;
    const progress = runtime.io.stderr.isTTY ? startProgress(runtime.io.stderr, "Downloading", label, total) : undefined;
    try {
      return await sink(answer.body, total, progress);
    } catch (error) {
      if (runtime.io.signal.aborted) throw abortError(runtime.io.signal);
      if (!(error instanceof BodyBrokeOff)) throw error;
      // Asking again is safe only for a GET, and only while stdout has none of the body.
      const again = operation.method === "GET" && attempt < BODY_TRIES && !(toStdout && error.written > 0);
      if (!again) throw new CliError(`${operation.method} ${path}: the answer broke off (${error.message})`);
      await runtime.clock.sleep(500 * 2 ** attempt, runtime.io.signal);
    } finally {
      await progress?.clear();
    }
  }
}

/** The body stopped arriving before its end (a network failure while reading it). */
class BodyBrokeOff extends Error {
  constructor(
    message: string,
    readonly written: number,
  ) {
    super(message);
  }
}

/**
 * Reads the body chunk by chunk into `write`; a failed read, or fewer bytes than `total`, is
 * BodyBrokeOff; a failed write ends the read; Ctrl-C (the signal) stops it at once, whatever
 * the transport does with its own signal.
 */
async function pump(
  signal: AbortSignal,
  body: ReadableStream<Uint8Array>,
  total: number | undefined,
  progress: Progress | undefined,
  write: (chunk: Uint8Array) => Promise<void>,
): Promise<Omit<Saved, "path">> {
  const hash = new Bun.CryptoHasher("sha256");
  const reader = body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", stop, { once: true });
  let bytes = 0;
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        if (signal.aborted) throw abortError(signal);
        throw new BodyBrokeOff(describeReadError(error), bytes);
      }
      // A cancelled read ends as if the body had: never take that for the whole body.
      if (signal.aborted) throw abortError(signal);
      if (next.done) break;
      try {
        await write(next.value);
      } catch (error) {
        await reader.cancel().catch(() => {});
        throw error;
      }
      hash.update(next.value);
      bytes += next.value.byteLength;
      progress?.advance(next.value.byteLength);
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
  if (total !== undefined && bytes !== total) throw new BodyBrokeOff(`${bytes} of ${total} bytes arrived`, bytes);
  return { bytes, sha256: hash.digest("hex") };
}

/** The body into a temporary file beside `path`, renamed over it once whole; removed on any failure. */
async function writeFileAtomically(runtime: Runtime, path: string, body: ReadableStream<Uint8Array>, total: number | undefined, progress: Progress | undefined) {
  const fs = await import("node:fs/promises");
  const temporary = join(dirname(path), `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.part`);
  let file: import("node:fs/promises").FileHandle | undefined;
  try {
    file = await fs.open(temporary, "wx", 0o644);
    const handle = file;
    const saved = await pump(runtime.io.signal, body, total, progress, async (chunk) => {
      try {
        await handle.write(chunk);
      } catch (error) {
        throw new CliError(`cannot write ${shown(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    });
    await file.close();
    file = undefined;
    await fs.rename(temporary, path);
    return saved;
  } catch (error) {
    await file?.close().catch(() => {});
    await fs.rm(temporary, { force: true }).catch(() => {});
    if (runtime.io.signal.aborted) throw abortError(runtime.io.signal);
    if (error instanceof BodyBrokeOff || error instanceof CliError) throw error;
    throw new CliError(`cannot write ${shown(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function describeReadError(error: unknown): string {
  if ((error as Error)?.name === "TimeoutError") return (error as Error).message; // the client's: "no data for N s"
  const code = (error as { code?: string })?.code;
  const message = (error as Error)?.message?.split("\n")[0] ?? String(error);
  return code ? `${code}: ${message}` : message;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** A path as messages show it: whole, control characters replaced. */
function shown(path: string): string {
  return path.replace(/[\x00-\x1f\x7f-\x9f]/g, "?");
}
