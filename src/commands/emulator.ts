import { leafCommand } from "../cli/command.ts";
import { CliError, ExitCode, UsageError } from "../errors.ts";

export default leafCommand({
  meta: {
    description: "Serve a local Duvo v2 API with demo agents (no account needed)",
    examples: ["duvo emulator", "duvo emulator --speed 10 --rate-limit 0", "duvo emulator --faults 500:0.1,429:0.05,reset:0.05 --seed 7"],
    notes:
      "Prints `export DUVO_API_BASE_URL=...` and `export DUVO_API_KEY=...` on stdout, one `# agent <id> <name>`\n" +
      "line per demo agent, then serves until Ctrl-C. The demo key is not a secret.",
  },
  args: {
    port: { type: "string", integer: {}, description: "Port to listen on (0 = any free port)", valueHint: "n", default: "8787" },
    host: { type: "string", description: "Address to listen on", valueHint: "addr", default: "127.0.0.1" },
    speed: { type: "string", description: "Pace of the scripted runs (1 = human pace, 10 = ten times faster)", valueHint: "factor", default: "1" },
    latency: { type: "string", integer: {}, description: "Delay added to every response", valueHint: "ms", default: "0" },
    "rate-limit": { type: "string", integer: {}, description: "Requests per minute per key (0 = off)", valueHint: "n", default: "300" },
    faults: {
      type: "string",
      description:
        "Inject faults: kind:probability,... with kinds 429, 500, 502, 503, 422, reset, slow, malformed, schema, stored-500, stored-cut, stored-part, stored-late, twice",
      valueHint: "spec",
    },
    seed: { type: "string", integer: {}, description: "Seed for --faults, so a run of faults repeats", valueHint: "n", default: "1" },
  },
  async run(args, runtime) {
    const port = args.port;
    if (port > 65535) throw new UsageError(`invalid value "${args.port}" for --port: expected 0-65535`);
    const speed = Number(args.speed);
    if (!Number.isFinite(speed) || speed <= 0) throw new UsageError(`invalid value "${args.speed}" for --speed: expected a number above 0`);
    const latencyMs = args.latency;
    const rateLimit = args["rate-limit"];
    const seed = args.seed;
    const { startEmulator, parseFaultSpec } = await import("../emulator/index.ts");
    let rates;
    try {
      rates = args.faults === undefined ? undefined : parseFaultSpec(args.faults);
    } catch (error) {
      throw new UsageError(`--faults: ${(error as Error).message}`);
    }
    let emulator;
    try {
      emulator = await startEmulator({ port, host: args.host, speed, latencyMs, rateLimit, faults: rates && { rates, seed } });
    } catch (error) {
      // Not a usage error: the port is taken, or the address is not this machine's.
      throw new CliError(`cannot listen on ${args.host}:${port}: ${(error as Error).message.split("\n")[0]}`);
    }
    const lines = [`export DUVO_API_BASE_URL=${emulator.url}`, `export DUVO_API_KEY=${emulator.apiKey}`, ...emulator.agents.map((agent) => `# agent ${agent.id} ${agent.name}`)];
    await runtime.io.stdout.write(`${lines.join("\n")}\n`);
    runtime.log.info(`Duvo API emulator listening on ${emulator.url} (speed ${speed}x). Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      if (runtime.io.signal.aborted) return resolve();
      runtime.io.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await emulator.stop();
    runtime.log.info("Emulator stopped.");
    return runtime.io.signal.reason === "SIGTERM" ? ExitCode.terminated : ExitCode.interrupted;
  },
});
