/**
 * Runs one `duvo` invocation against the given streams and returns its exit code.
 * `main.ts` wires it to the real process; tests call it in-process. It sits above both
 * `commands/` (it loads the root command) and `cli/`, which imports no command.
 */
import { describeFailure, ExitCode, InterruptedError, JqError, OutputClosedError, UsageError } from "./errors.ts";
import type { IO } from "./output/io.ts";
import { rootCommand } from "./commands/index.ts";
import { parseInvocation } from "./cli/parse.ts";
import type { RuntimeOptions } from "./cli/runtime.ts";
import { versionLine } from "./version.ts";

export async function runCli(argv: string[], io: IO, options: RuntimeOptions = {}): Promise<number> {
  let debug = false;
  try {
    const invocation = await parseInvocation(rootCommand, argv);
    debug = invocation.globals.debug;
    if (invocation.showVersion) {
      await io.stdout.write(`${versionLine()}\n`);
      return ExitCode.ok;
    }
    if (invocation.showHelp) {
      const { renderHelp } = await import("./cli/help.ts");
      await io.stdout.write(await renderHelp(invocation.command, invocation.path));
      return ExitCode.ok;
    }
    // --jq implies --json; jq is loaded (and the expression checked) only when it is given.
    const jq = typeof invocation.args.jq === "string" ? await (await import("./output/jq.ts")).compileJqFilter(invocation.args.jq, io) : undefined;
    if (jq) invocation.args.json = true;
    // A command whose GETs were sent early runs first on their answers alone, without loading the client and the runtime
    // (never with --jq: the argv that sends early has none, and that runtime has no filter).
    if (options.early && !jq) {
      const code = await (await import("./cli/early-runtime.ts")).runAnsweredEarly(invocation, io, options.early);
      if (code !== undefined) return code;
    }
    // Loaded only for a command that runs: help and version never pay for the API client.
    const { createRuntime } = await import("./cli/runtime.ts");
    const runtime = createRuntime(io, invocation.globals, { ...options, jq, command: invocation.path });
    const code = await invocation.command.duvoRun!(invocation.args, runtime);
    return code ?? ExitCode.ok;
  } catch (error) {
    if (error instanceof OutputClosedError) return ExitCode.ok;
    if (error instanceof InterruptedError) return error.exitCode; // the command already said how to resume
    const failure = describeFailure(error);
    const lines =
      error instanceof JqError
        ? failure.message && `${failure.message}\n` // jq's own words, as jq prints them (halt_error may say nothing)
        : error instanceof UsageError
          ? `error: ${failure.message}${failure.hint ? `; ${failure.hint}` : ""}\n`
          : `error: ${failure.message}\n${failure.hint ? `${failure.hint}\n` : ""}`;
    try {
      await io.stderr.write(lines);
      if (debug && error instanceof Error && failure.message.startsWith("unexpected error")) await io.stderr.write(`${error.stack}\n`);
    } catch {
      // stderr is gone too: nothing more to say
    }
    return failure.exitCode;
  }
}
