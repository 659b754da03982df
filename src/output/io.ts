/**
 * The streams a command talks through. Commands never touch `process.stdout` or
 * `process.env` directly: they get an `IO`, so tests can run any command in-process with
 * fake streams (TTY or not) and read back exactly what a user would see.
 */
import { OutputClosedError } from "../errors.ts";

export interface OutputStream {
  /** Resolves once the text is handed to the OS (waits for `drain` under back-pressure). */
  write(text: string): Promise<void>;
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

/** Wraps a Node stream: waits for drain, and turns EPIPE into a quiet `OutputClosedError`. */
export function processOutput(stream: NodeJS.WriteStream, onClosed: () => void): OutputStream {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
      closed = true;
      onClosed();
    }
  });
  return {
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get columns() {
      return stream.columns;
    },
    write(text: string) {
      if (closed) return Promise.reject(new OutputClosedError());
      if (text === "") return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const flushed = stream.write(text, (error) => {
          if (error) {
            closed = true;
            reject(new OutputClosedError());
          }
        });
        if (flushed) resolve();
        else stream.once("drain", () => resolve());
      });
    },
  };
}

/** Waits until everything written to the stream has reached the OS (TRAPS item 1). */
export function flushStream(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write("", () => resolve());
  });
}

export async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** In-memory streams for tests and for capturing output. */
export function memoryOutput(isTTY = false, columns?: number) {
  const chunks: string[] = [];
  const stream: OutputStream & { text(): string } = {
    isTTY,
    columns,
    write(text: string) {
      chunks.push(text);
      return Promise.resolve();
    },
    text: () => chunks.join(""),
  };
  return stream;
}
