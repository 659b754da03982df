/**
 * `--jq <expr>`: a real jq (1.7 semantics: jq-web 0.6.2, jq's C source compiled to
 * WebAssembly) run over what `--json` would print, with jq's own output rules (`-r`:
 * strings raw, other values compact, indented on a terminal) and jq's own messages.
 *
 * Loaded only when `--jq` is given (run-cli imports this file dynamically; the compiled
 * binary keeps it and jq-web's script in their own chunk), so it costs nothing otherwise.
 * jq.wasm is embedded in the binary (`type: "file"`) and handed to the Emscripten module,
 * which would otherwise read it from node_modules (it would abort in a binary moved elsewhere; patches/jq-web@0.6.2.patch
 * makes the module take options and report jq's exit code instead of throwing).
 */
import createJq, { type JqInstance, type JqRunResult } from "jq-web";
import wasmPath from "jq-web/jq.wasm" with { type: "file" };
import { JqError } from "../errors.ts";
import type { IO } from "./io.ts";

export interface JqFilter {
  readonly expression: string;
  /**
   * Runs the filter over one JSON text and prints the results. jq's stderr (`debug`,
   * `stderr`) goes to stderr; a runtime error throws JqError after printing the results
   * that came before it, as jq does.
   */
  print(json: string): Promise<void>;
  /** For a stream of NDJSON lines (`--follow`): the filter runs on each line. */
  lines(): JqLineStream;
  /** Whether the filter looks at each item of the array at `key` alone (see `streamsOver`). */
  streamsOver(key: string): boolean;
}

/**
 * Whether a filter over `{"<key>": [...], ...}` only ever looks at one item of that array at
 * a time, so running it over the items a batch at a time (each batch as `{"<key>": [batch]}`)
 * prints byte for byte what one run over the whole document prints, errors included (jq stops
 * at the first error in both). Conservative: only `.<key>[]`, then field names
 * (`.<key>[].id.name`), then the end or `| <rest>`. `|` is jq's loosest operator, so
 * `<rest>` runs once per item and sees only that item; it may be anything except what reads
 * or ends the input stream (`input`, `inputs`, `input_line_number`, `input_filename`, `halt`,
 * `halt_error`), what writes to stderr (`debug`, `stderr`: its order against stdout would
 * change) or loads modules (`import`, `include`). The words are searched in the raw text, strings and
 * comments included, so a string that merely names one keeps the whole-document path.
 * Everything else keeps it too: `,` or an operator after the items (`.<key>[].id, .total`,
 * `.<key>[].id // 1`), `?`, `as`, `|=`, `[...]` collecting, `length`, `reduce`, `def`, a
 * leading comment.
 */
export function streamsOver(expression: string, key: string): boolean {
  const form = /^\s*\.([A-Za-z_][A-Za-z0-9_]*)\[\](?:\.[A-Za-z_][A-Za-z0-9_]*)*\s*(?:\|(?!=)([\s\S]*))?$/.exec(expression);
  if (!form || form[1] !== key) return false;
  return !/\b(?:inputs?|input_line_number|input_filename|halt|halt_error|debug|stderr|import|include)\b/.test(form[2] ?? "");
}

/**
 * Each jq run costs ~1 ms however small its input (jq compiles its builtins every time), so
 * lines that arrive together (a page of messages) are filtered in one run, printed within
 * the same turn of the event loop: a 10,000-line backlog costs 200 runs, not 10,000. The
 * results are exactly those of one run per line (a batch that fails is re-run line by line).
 */
export interface JqLineStream {
  /** Queues one line (ending in "\n"); throws the failure once jq failed or stdout closed. */
  write(line: string): Promise<void>;
  /** Prints what is queued; throws the failure, if any. */
  close(): Promise<void>;
  /** Aborted when jq fails, so a follower asleep between polls stops at once. */
  readonly failed: AbortSignal;
}

/** Lines per jq run at most: bounds memory and latency while catching up a backlog. */
const MAX_BATCH = 500;
/**
 * Filters that see past their own input (`input`, `inputs`, `input_line_number`) or stop
 * jq (`halt`) would behave differently on a batch than on one line: they run line by line.
 */
const NEEDS_ONE_RUN_PER_LINE = /\b(?:inputs?|input_line_number|halt)\b/;

/** The wasm compiled once per process (tests create many filters); instances are per filter. */
let compiledWasm: Promise<WebAssembly.Module> | undefined;

/** Emscripten's default environment entries, removed so jq's `$ENV` is the process's own. */
const EMSCRIPTEN_ENV_DEFAULTS = ["USER", "LOGNAME", "PATH", "PWD", "HOME", "LANG", "_"];

async function instantiate(env: Record<string, string | undefined>): Promise<JqInstance> {
  compiledWasm ??= Bun.file(wasmPath)
    .arrayBuffer()
    .then((bytes) => WebAssembly.compile(bytes));
  const module = await compiledWasm;
  const jqEnv: Record<string, string | undefined> = Object.fromEntries(EMSCRIPTEN_ENV_DEFAULTS.map((name) => [name, undefined]));
  for (const [name, value] of Object.entries(env)) {
    // The key never reaches output, not even through `--jq '$ENV'` (secrets never appear in output).
    if (value !== undefined && name !== "DUVO_API_KEY") jqEnv[name] = value;
  }
  return createJq({
    ENV: jqEnv,
    instantiateWasm(imports, receive) {
      void WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
      return {};
    },
  });
}

/**
 * Loads jq and checks the expression's syntax: jq compiles it and, given no input, runs
 * nothing. A syntax error throws JqError (exit 4) with jq's message, before any request.
 */
export async function compileJqFilter(expression: string, io: IO): Promise<JqFilter> {
  const jq = await instantiate(io.env);
  // `--` so an expression starting with "-" is a program, never one of jq's options.
  const flags = io.stdout.isTTY ? ["-r", "--"] : ["-r", "-c", "--"];
  const check = jq.run("", expression, flags);
  if (check.exitCode !== 0) {
    // jq pads the quoted program line with spaces up to the error's column (a varying amount): dropped.
    const message = check.stderr.replace(/[ \t]+$/gm, "").trimEnd();
    throw new JqError(message || `jq: error: cannot compile ${expression}`, "syntax");
  }

  const run = (input: string): JqRunResult => {
    try {
      return jq.run(input, expression, flags);
    } catch (error) {
      // The wasm itself failed (out of memory): say so in jq's way.
      return { exitCode: 5, stdout: "", stderr: `jq: error: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  /** Prints one run's results; a failed run throws jq's message. */
  const show = async (result: JqRunResult) => {
    if (result.stdout) await io.stdout.write(result.stdout);
    if (result.exitCode !== 0) throw new JqError(result.stderr.trimEnd(), "runtime");
    if (result.stderr) await io.stderr.write(result.stderr);
  };
  const printLines = async (lines: string[]) => {
    const result = run(lines.join(""));
    if (lines.length === 1 || (result.exitCode === 0 && result.stderr === "")) return show(result);
    // Something was said on stderr: an error (jq's exit code tells only of the last input),
    // or debug output. Run line by line, so results and messages come as with one run per
    // line, and a failing line stops after the results before it.
    for (const line of lines) await show(run(line));
  };

  return {
    expression,
    print: (json) => show(run(json)),
    streamsOver: (key) => streamsOver(expression, key),
    lines() {
      const batchLimit = NEEDS_ONE_RUN_PER_LINE.test(expression) ? 1 : MAX_BATCH;
      const stop = new AbortController();
      let pending: string[] = [];
      let scheduled = false;
      let failure: unknown;
      let printing = Promise.resolve();
      const flush = () => {
        scheduled = false;
        const batch = pending;
        pending = [];
        printing = printing.then(async () => {
          if (failure !== undefined || batch.length === 0) return;
          try {
            await printLines(batch);
          } catch (error) {
            failure = error;
            stop.abort("jq");
          }
        });
        return printing;
      };
      return {
        failed: stop.signal,
        async write(line) {
          if (failure !== undefined) throw failure;
          pending.push(line);
          if (pending.length >= batchLimit) {
            await flush();
            if (failure !== undefined) throw failure;
          } else if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        },
        async close() {
          await flush();
          if (failure !== undefined) throw failure;
        },
      };
    },
  };
}
