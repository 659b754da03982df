#!/usr/bin/env bun
/**
 * The process entry: wires real streams and signals to `runCli`, then exits only after
 * stdout and stderr are flushed (piped output must arrive whole: `process.exit()` with unwritten data cuts it).
 * Start-up is a feature: `duvo --version` answers before anything else is loaded, `--help`
 * prints a screen rendered at build time (src/cli/help-quick.ts), and the rest of the
 * program is imported only when a command needs it.
 */
import { CliError, OutputClosedError } from "./errors.ts";
import { isTerminal, processOutput, readStdin, type IO } from "./output/io.ts";
import { versionLine } from "./version.ts";

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === "--version") {
  await Bun.write(Bun.stdout, `${versionLine()}\n`);
  process.exit(0);
}

// `--help` (and `duvo` alone) prints a screen rendered at build time: no command is loaded.
// Any other argv never loads the help walk (its tree alone costs a command ~1 ms).
const help = argv.length === 0 || argv.includes("--help") || argv.includes("-h") ? (await import("./cli/help-quick.ts")).quickHelp(argv) : undefined;
if (help !== undefined) {
  const out = processOutput(1, () => {});
  try {
    await out.write(help);
    await out.flush();
  } catch (error) {
    if (!(error instanceof OutputClosedError)) {
      await Bun.write(Bun.stderr, `error: ${(error as Error).message}\n`);
      process.exit(error instanceof CliError ? error.exitCode : 1);
    }
  }
  process.exit(0);
}

// A one-request command's GETs go out now, first, and are answered while the rest of the
// program, the parser and the command load (src/cli/early.ts).
const early = argv.length <= 4 ? await (await import("./cli/early.ts")).sendEarly(argv, process.env) : undefined;

// The binary starts with JIT tier-up thresholds raised (scripts/compile.ts): short commands
// run interpreted; after a second, a long one gets JavaScriptCore's normal policy back.
setTimeout(() => Bun.unsafe.setJITPolicy(1), 1000).unref();

const controller = new AbortController();
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  // Handlers also make SIGTERM work when we are PID 1 in a container (Bun would ignore it).
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(code); // a second Ctrl-C: leave now
    controller.abort(signal);
  });
}

// Output that cannot be written stops the command: quietly for a reader that went away (EPIPE).
const stdout = processOutput(1, (failure) => controller.abort(failure));
const stderr = processOutput(2, () => {});
const io: IO = {
  stdout,
  stderr,
  get stdinIsTTY() {
    return isTerminal(0);
  },
  readStdin: () => readStdin(controller.signal),
  env: process.env,
  signal: controller.signal,
};

const { runCli } = await import("./run-cli.ts");
const exitCode = await runCli(argv, io, { early });
await Promise.all([stdout.flush(), stderr.flush()]);
process.exit(exitCode);
