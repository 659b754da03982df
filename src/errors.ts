/**
 * Every failure becomes one of these, and `exitCodeFor` is the single place that maps a
 * failure to the exit codes (docs/contract.md, "Exit codes"). Nothing else in the program picks an exit code for
 * an error, and no stack trace is ever shown to a user.
 */
export const ExitCode = {
  ok: 0,
  error: 1,
  auth: 2,
  notFound: 3,
  usage: 4,
  runFailed: 6,
  timeout: 7,
  needsHuman: 8,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.error,
    /** A second line telling the user what to do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, arguments or values: exit 4, checked before credentials and requests. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** No key, a rejected key, an unknown profile: exit 2. */
export class AuthError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.auth, hint);
  }
}

/** 404, a run that no longer exists, no pending human request: exit 3. */
export class NotFoundError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.notFound, hint);
  }
}

/**
 * A 2xx answer the client cannot use: not JSON, not the documented shape, or far too big.
 * Exit 1; for a change request it also means the change may have happened.
 */
export class UnexpectedResponseError extends CliError {}

/** The server answered with an error status (the status picks the exit code). */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    hint?: string,
  ) {
    super(message, exitCodeForStatus(status), hint);
  }
}

/**
 * jq's own message for a `--jq` filter, printed as jq prints it (no "error:" prefix): a
 * syntax error is a usage error (exit 4, before any request), a runtime error exit 1.
 */
export class JqError extends CliError {
  constructor(message: string, kind: "syntax" | "runtime") {
    super(message, kind === "syntax" ? ExitCode.usage : ExitCode.error);
  }
}

/** stdout's reader went away (`| head -1`): stop quietly. */
export class OutputClosedError extends CliError {
  constructor() {
    super("output closed", ExitCode.ok);
  }
}

/** Ctrl-C or SIGTERM while working: the run keeps going, we stop. */
export class InterruptedError extends CliError {
  constructor(readonly signal: "SIGINT" | "SIGTERM") {
    super(signal === "SIGINT" ? "interrupted" : "terminated", signal === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated);
  }
}

/** Why the program-wide abort signal fired: Ctrl-C, SIGTERM, or stdout failing (OutputClosedError for EPIPE). */
export function abortError(signal: AbortSignal): CliError {
  if (signal.reason instanceof CliError) return signal.reason;
  return new InterruptedError(signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT");
}

export function exitCodeForStatus(status: number): ExitCodeValue {
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  return ExitCode.error;
}

/** The one-line message and exit code for anything thrown out of a command. */
export function describeFailure(error: unknown): { exitCode: ExitCodeValue; message: string; hint?: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCode.error, message: `unexpected error: ${message.split("\n")[0]}` };
}
