/** `bun run build`: the host binary at dist/duvo. */
import { compile } from "./compile.ts";

const started = performance.now();
// Bytecode for the machine we build on: verified to run, and start-up twice as fast.
await compile({ outfile: "dist/duvo", bytecode: true });
console.error(`built dist/duvo in ${Math.round(performance.now() - started)} ms`);
