/**
 * jq-web 0.6.2 as patched in patches/jq-web@0.6.2.patch: the module exports the Emscripten
 * factory (instead of an instance that reads jq.wasm from its install folder at import
 * time), and the instance gains `run`, which reports jq's exit code, stdout and stderr
 * instead of throwing.
 */
declare module "jq-web" {
  export interface JqRunResult {
    /** jq's exit code: 0, 2 (bad input or usage), 3 (compile error), 5 (runtime error), or halt_error's. */
    exitCode: number;
    stdout: string;
    stderr: string;
  }

  export interface JqInstance {
    /** `jq <flags> <filter> <file holding input>`; the file is named `<stdin>`. */
    run(input: string, filter: string, flags: string[]): JqRunResult;
  }

  export interface JqModuleOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
    /** Emscripten's hook to instantiate an already compiled module. */
    instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
    /** The environment jq sees as `$ENV` / `env`; undefined removes one of Emscripten's defaults. */
    ENV?: Record<string, string | undefined>;
  }

  /** What jq.js exports (CommonJS): the Emscripten module factory. */
  const createJq: (options?: JqModuleOptions) => Promise<JqInstance>;
  export default createJq;
}

declare module "jq-web/jq.wasm" {
  /** With `with { type: "file" }`: a path to the file (inside the compiled binary, a $bunfs path). */
  const path: string;
  export default path;
}
