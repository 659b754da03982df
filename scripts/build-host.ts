/**
 * `bun run build`: the help screens brought up to date (scripts/gen-help.ts), then the host
 * binary at dist/duvo, its bytecode laid out by a first build's runs (scripts/bytecode-order.ts).
 */
import { compileProfiled } from "./compile.ts";
import { writeHelpFiles } from "./gen-help.ts";

const started = performance.now();
const written = await writeHelpFiles();
if (written.length) console.error(`regenerated ${written.join(", ")} (the command tree changed)`);
// Bytecode for the machine we build on: verified to run, and start-up twice as fast.
await compileProfiled({ outfile: "dist/duvo", bytecode: true });
console.error(`built dist/duvo in ${Math.round(performance.now() - started)} ms`);
