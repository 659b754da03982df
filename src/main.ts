#!/usr/bin/env bun
/**
 * The process entry: wires real streams and signals to `runCli`, then exits only after
 * stdout and stderr are flushed (piped output must arrive whole: TRAPS item 1).
 */
import { runCli } from "./cli/run-cli.ts";
import { flushStream, processOutput, readAll, type IO } from "./output/io.ts";

const controller = new AbortController();
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  // Handlers also make SIGTERM work when we are PID 1 in a container (TRAPS item 3).
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(code); // a second Ctrl-C: leave now
    controller.abort(signal);
  });
}

const io: IO = {
  stdout: processOutput(process.stdout, () => controller.abort("EPIPE")),
  stderr: processOutput(process.stderr, () => {}),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  readStdin: () => readAll(process.stdin),
  env: process.env,
  signal: controller.signal,
};

const exitCode = await runCli(process.argv.slice(2), io);
await Promise.all([flushStream(process.stdout), flushStream(process.stderr)]);
process.exit(exitCode);
