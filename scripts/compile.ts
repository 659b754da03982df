/**
 * Compiles `src/main.ts` into one self-contained binary with `bun build --compile`
 * (code split into embedded chunks, so a command's code is parsed only when it runs).
 * The version comes from package.json; .env and bunfig autoloading are off so a user's
 * files never change how `duvo` behaves.
 */
import { rm } from "node:fs/promises";
import packageJson from "../package.json" with { type: "json" };

export interface CompileOptions {
  outfile: string;
  /** A Bun target like `bun-linux-arm64`; the host when absent. */
  target?: string;
  /**
   * Ship JavaScriptCore bytecode: start-up about twice as fast. Needs ESM output
   * (else "import.meta is only valid inside modules" at run time); the release build turns it on only for targets whose binaries were seen to run.
   */
  bytecode?: boolean;
  /** The version the binary reports; package.json's when absent (tests build other versions). */
  version?: string;
  /** The program to compile; `src/main.ts` when absent (the benchmark compiles its floor the same way). */
  entry?: string;
  /** With `bytecode`: order files a run of an earlier build wrote (scripts/bytecode-order.ts), most important first. */
  bytecodeOrder?: string[];
}

/** The JIT policy a compiled `duvo` starts with (see `--compile-jit-policy`). */
export const JIT_POLICY = 10;

export async function compile({ outfile, target, bytecode = false, version = packageJson.version, entry = "src/main.ts", bytecodeOrder }: CompileOptions): Promise<void> {
  const command = [
    process.execPath,
    "build",
    "--compile",
    "--minify",
    "--sourcemap=none",
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    // Each command's code in its own embedded chunk, loaded when it runs: `--version`
    // parses a few KB instead of the whole program (start-up 23 → 4 ms, scripts/bench.ts).
    "--splitting",
    // JavaScriptCore's tier-up thresholds ×10 while it starts: a command of a few hundred ms
    // runs in the interpreter instead of paying for JIT compiles it never gets back (the CPU
    // of `runs get` -2.5 ms, of a 1 MB export -25 ms; docs/performance.md). src/main.ts sets
    // the normal policy back after a second, for long commands.
    `--compile-jit-policy=${JIT_POLICY}`,
    `--define=DUVO_VERSION=${JSON.stringify(version)}`,
    ...(bytecode ? ["--bytecode", "--format=esm"] : []),
    ...(bytecode && bytecodeOrder?.length ? [`--bytecode-order=${bytecodeOrder.join(",")}`] : []),
    ...(target ? [`--target=${target}`] : []),
    entry,
    "--outfile",
    outfile,
  ];
  const build = Bun.spawn(command, { cwd: `${import.meta.dir}/..`, stdout: "pipe", stderr: "pipe" });
  const [code, stderr] = await Promise.all([build.exited, new Response(build.stderr).text()]);
  if (code !== 0) throw new Error(`bun build failed for ${target ?? "host"}:\n${stderr}`);
}

/**
 * The order files for laying out the bytecode (scripts/bytecode-order.ts): a bytecode build
 * for this machine, in `folder`, runs the profiled commands. Most important first.
 */
export async function bytecodeOrderFiles(folder: string, version?: string): Promise<string[]> {
  const { recordBytecodeOrder } = await import("./bytecode-order.ts");
  const probe = `${folder}/duvo`;
  await compile({ outfile: probe, bytecode: true, version });
  return recordBytecodeOrder(probe, `${folder}/runs`);
}

/** `compile` with the bytecode laid out for fast start-up (`bytecodeOrderFiles`); without `bytecode` it is `compile`. */
export async function compileProfiled(options: CompileOptions): Promise<void> {
  if (!options.bytecode) return compile(options);
  const folder = `${options.outfile}.bytecode-order`;
  try {
    await compile({ ...options, bytecodeOrder: await bytecodeOrderFiles(folder, options.version) });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
