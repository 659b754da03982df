/**
 * `bun run demo`: the main job end to end, with no account. Starts the emulator
 * in-process, starts a run that needs approval, follows it live, answers the request
 * with `duvo runs respond`, and shows the final status. Every step is a real `duvo`
 * command line, printed before it runs.
 */
import { startEmulator } from "../src/emulator/index.ts";

const emulator = await startEmulator({ port: 0, speed: 3 });
const env = {
  ...process.env,
  DUVO_API_BASE_URL: emulator.url,
  DUVO_API_KEY: emulator.apiKey,
  DUVO_CONFIG_DIR: `${process.env.TMPDIR ?? "/tmp"}/duvo-demo-config`,
  DUVO_POLL_SCALE: "0.3", // follow a little faster than the real pace, so the demo is brisk
  DUVO_NO_INPUT: "1", // answered below with `runs respond`, as a second terminal would
};
const duvo = [process.execPath, `${import.meta.dir}/../src/main.ts`];
const tty = process.stderr.isTTY && !process.env.NO_COLOR;
const show = (line: string) => console.error(tty ? `\n\x1b[2m$\x1b[0m \x1b[1m${line}\x1b[0m` : `\n$ ${line}`);

async function run(args: string[], options: { capture?: boolean } = {}) {
  show(["duvo", ...args].map((arg) => (/[\s"]/.test(arg) ? `"${arg}"` : arg)).join(" "));
  const child = Bun.spawn([...duvo, ...args], { env, stdout: options.capture ? "pipe" : "inherit", stderr: "inherit" });
  const output = options.capture ? await new Response(child.stdout).text() : "";
  const code = await child.exited;
  if (options.capture) process.stdout.write(output);
  if (code !== 0) {
    console.error(`demo: that step failed (exit ${code})`);
    await emulator.stop();
    process.exit(code);
  }
  return output.trim();
}

console.error(`Duvo API emulator on ${emulator.url} (demo key, no account needed)`);
const runId = await run(["runs", "start", "--agent", "Vendor Payment Approval", "--message", "Pay this week's due invoices"], { capture: true });

show(`duvo runs messages ${runId} --follow     # streams until the run ends`);
const follow = Bun.spawn([...duvo, "runs", "messages", runId, "--follow"], { env, stdout: "inherit", stderr: "inherit" });

// Answer the approval once it is asked, as a person in another terminal would.
while (emulator.getRun(runId)?.status !== "waiting") await Bun.sleep(100);
await Bun.sleep(2500);
await run(["runs", "respond", runId, "--approve"]);
if ((await follow.exited) !== 0) {
  console.error("demo: following the run failed");
  process.exit(1);
}

await run(["runs", "get", runId]);
await emulator.stop();
