/**
 * Compiles `src/main.ts` into one self-contained binary with `bun build --compile`
 * (code split into embedded chunks, so a command's code is parsed only when it runs).
 * The version comes from package.json; .env and bunfig autoloading are off so a user's
 * files never change how `duvo` behaves.
 */
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
}

export async function compile({ outfile, target, bytecode = false, version = packageJson.version, entry = "src/main.ts" }: CompileOptions): Promise<void> {
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
    `--define=DUVO_VERSION=${JSON.stringify(version)}`,
    ...(bytecode ? ["--bytecode", "--format=esm"] : []),
    ...(target ? [`--target=${target}`] : []),
    entry,
    "--outfile",
    outfile,
  ];
  const build = Bun.spawn(command, { cwd: `${import.meta.dir}/..`, stdout: "pipe", stderr: "pipe" });
  const [code, stderr] = await Promise.all([build.exited, new Response(build.stderr).text()]);
  if (code !== 0) throw new Error(`bun build failed for ${target ?? "host"}:\n${stderr}`);
}
