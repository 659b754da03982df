/** `bun run build`: the host binary at dist/duvo. */
import { compile } from "./compile.ts";

const started = performance.now();
await compile({ outfile: "dist/duvo" });
console.error(`built dist/duvo in ${Math.round(performance.now() - started)} ms`);
