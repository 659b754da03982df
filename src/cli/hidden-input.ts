/**
 * Reads one line from a terminal without echoing it (for `duvo login`'s API key).
 * consola's prompt has no password type, and clack is not installed on its own, so this
 * is the small raw-mode reader: Enter ends the line, Backspace and Ctrl-U edit it,
 * Ctrl-C is an interruption (raw mode swallows the signal), Ctrl-D on an empty line cancels.
 */
import { InterruptedError, UsageError } from "../errors.ts";

/** What the reader needs of stdin and stderr (tests pass fakes). */
export interface HiddenInputStreams {
  input: {
    on(event: "data", listener: (chunk: Buffer | string) => void): unknown;
    off(event: "data", listener: (chunk: Buffer | string) => void): unknown;
    resume(): unknown;
    pause(): unknown;
    setRawMode?: (mode: boolean) => unknown;
  };
  output: { write(text: string): unknown };
}

export function readHiddenLine(message: string, streams: HiddenInputStreams = { input: process.stdin, output: process.stderr }): Promise<string> {
  const { input, output } = streams;
  output.write(`? ${message} `);
  input.setRawMode?.(true);
  input.resume();
  let line = "";
  return new Promise<string>((resolve, reject) => {
    const finish = (error?: Error) => {
      input.off("data", onData);
      input.setRawMode?.(false);
      input.pause();
      output.write("\n");
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      // Pasted text arrives in one chunk; a bracketed-paste wrapper is dropped.
      const text = String(chunk).replace(/\x1b\[20[01]~/g, "");
      for (const character of text) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\x03") return finish(new InterruptedError("SIGINT"));
        if (character === "\x04") {
          if (line === "") return finish(new UsageError("cancelled"));
          continue;
        }
        if (character === "\x7f" || character === "\b") line = line.slice(0, -1);
        else if (character === "\x15") line = "";
        else if (character >= " ") line += character;
      }
    };
    input.on("data", onData);
  });
}
