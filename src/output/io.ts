/**
 * The streams a command talks through. Commands never touch `process.stdout` or
 * `process.env` directly: they get an `IO`, so tests can run any command in-process with
 * fake streams (TTY or not) and read back exactly what a user would see.
 */
import { abortError, CliError, OutputClosedError } from "../errors.ts";

export interface OutputStream {
  /** Resolves once the text (or bytes: a download to `-`) is handed to the OS (waits for `drain` under back-pressure). */
  write(text: string | Uint8Array): Promise<void>;
  readonly isTTY: boolean;
  readonly columns?: number;
}

export interface IO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdinIsTTY: boolean;
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM; long waits and requests listen to it. */
  signal: AbortSignal;
}

/**
 * stdout/stderr of the real process. Two measured facts of Bun 1.4.4 shape this:
 * - creating `process.stdout` costs ~8 ms of start-up in a compiled binary, while
 *   `Bun.write(Bun.stdout, …)` costs nothing (scripts/bench.ts shows the floor);
 * - but `Bun.write` to a pipe that fills up (a slow reader) can reorder and repeat bytes,
 *   and a `FileSink` turns EPIPE into an uncaught exception.
 * So the first 8 KiB (all a typical command prints, root `--help` included: less than a
 * pipe buffer holds, 16 KiB on macOS and 64 KiB on Linux, so the write cannot block; the
 * 4,306 bytes of root --help also arrived whole, 40 times of 40, through a pipe shrunk to one
 * 4 KiB page with a slow reader, as Linux makes them for a user over its pipe-memory limit) go
 * out with `Bun.write`, and anything beyond that through the Node stream, which handles
 * back-pressure. Writes are queued so they land in order;
 * EPIPE (the reader went away) becomes a quiet `OutputClosedError`; `flush` waits until
 * everything reached the OS.
 */
const DIRECT_WRITE_LIMIT = 8192;

export function processOutput(fd: 1 | 2, onClosed: (failure: CliError) => void): OutputStream & { flush(): Promise<void> } {
  let failure: CliError | undefined;
  let queue: Promise<void> = Promise.resolve();
  let tty: boolean | undefined;
  let directWritten = 0;
  let stream: NodeJS.WriteStream | undefined;
  /** EPIPE: the reader went away, stop quietly. Anything else (a full disk, a closed fd) is an error. */
  const fail = (error: unknown): CliError => {
    if (!failure) {
      const code = (error as NodeJS.ErrnoException)?.code;
      failure =
        code === "EPIPE" || code === "ERR_STREAM_DESTROYED"
          ? new OutputClosedError()
          : new CliError(`cannot write to ${fd === 1 ? "stdout" : "stderr"}: ${code ?? (error as Error)?.message ?? "write failed"}`);
      onClosed(failure);
    }
    return failure;
  };
  const nodeStream = () => {
    if (!stream) {
      stream = fd === 1 ? process.stdout : process.stderr;
      stream.on("error", (error) => void fail(error));
    }
    return stream;
  };
  const writeToStream = (text: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      const target = nodeStream();
      const onError = (error: Error) => reject(fail(error));
      target.once("error", onError);
      const done = () => {
        target.off("error", onError);
        resolve();
      };
      if (target.write(text)) done();
      else target.once("drain", done);
    });

  return {
    get isTTY() {
      tty ??= isTerminal(fd);
      return tty;
    },
    get columns() {
      return nodeStream().columns;
    },
    write(text: string | Uint8Array) {
      if (failure) return Promise.reject(failure);
      if (text.length === 0) return queue;
      queue = queue.then(async () => {
        if (failure) throw failure;
        if (stream || directWritten + text.length > DIRECT_WRITE_LIMIT) return writeToStream(text);
        directWritten += text.length;
        try {
          await Bun.write(fd === 1 ? Bun.stdout : Bun.stderr, text);
        } catch (error) {
          throw fail(error);
        }
      });
      const result = queue;
      queue = queue.catch(() => {});
      return result;
    },
    flush: () =>
      queue.then(() => {
        const target = stream;
        if (!target || failure) return;
        return new Promise<void>((resolve) => target.write("", () => resolve()));
      }),
  };
}

/** isatty(fd) without loading node:tty (which costs as much as process.stdout). */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    return Boolean((process as unknown as { binding(name: string): { isTTY(fd: number): boolean } }).binding("tty_wrap").isTTY(fd));
  } catch {
    return Boolean(require("node:tty").isatty(fd));
  }
}

/** All of stdin; Ctrl-C (the signal) ends the wait instead of being ignored until EOF. */
export function readStdin(signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    Bun.stdin
      .text()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** In-memory streams for tests and for capturing output. */
export function memoryOutput(isTTY = false, columns?: number) {
  const chunks: (string | Uint8Array)[] = [];
  const encoder = new TextEncoder();
  const stream: OutputStream & { text(): string; bytes(): Uint8Array } = {
    isTTY,
    columns,
    write(text: string | Uint8Array) {
      chunks.push(typeof text === "string" ? text : text.slice());
      return Promise.resolve();
    },
    text: () => (chunks.every((chunk) => typeof chunk === "string") ? chunks.join("") : new TextDecoder().decode(stream.bytes())),
    bytes: () => Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk))),
  };
  return stream;
}
