/**
 * The container image runs duvo as PID 1 with no init. Docker cannot build here, so this
 * does what `docker stop` and Ctrl-C do to it: duvo is PID 1 of a new PID namespace
 * (`unshare --pid --fork --mount-proc`) and gets SIGTERM or SIGINT from outside. Without its
 * own handlers the kernel would drop both; with them it exits 143 / 130 at once.
 * Both the test build and the shipped linux-x64 release binary (bytecode) are checked.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { BINARY, BUILD_MS, eventually, PATIENCE_MS, SLOW_TEST_MS } from "./helpers.ts";
import { HOST_TARGET, NEW, builtReleases, scratch, unpackBinary } from "./release-fixture.ts";

const UNSHARE = process.getuid?.() === 0 ? ["unshare", "--pid", "--fork", "--mount-proc"] : ["unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc"];

let releaseBinary: string;
beforeAll(async () => {
  await builtReleases();
  releaseBinary = await unpackBinary(NEW, HOST_TARGET, scratch("duvo-pid1-"));
}, BUILD_MS); // builds release archives (when not reused): minutes on a slow or busy machine

/** Starts `duvo emulator --port 0` as PID 1 of a new namespace; returns it once it serves. */
async function asPid1(binary: string) {
  const namespace = Bun.spawn([...UNSHARE, binary, "emulator", "--port", "0"], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const reader = namespace.stdout.getReader();
  const banner = new TextDecoder().decode((await reader.read()).value);
  expect(banner).toStartWith("export DUVO_API_BASE_URL=http://127.0.0.1:");
  // unshare's only child is duvo; in its own namespace it is PID 1.
  const children = (await Bun.file(`/proc/${namespace.pid}/task/${namespace.pid}/children`).text()).trim().split(" ");
  expect(children.length).toBe(1);
  const pid = Number(children[0]);
  const status = await Bun.file(`/proc/${pid}/status`).text();
  expect(status).toMatch(/^NSpid:\t\d+\t1$/m);
  return { namespace, pid, url: banner.split("\n")[0]!.split("=")[1]! };
}

describe.if(process.platform === "linux")("duvo as PID 1 (a container without an init)", () => {
  test("the control: a program without signal handlers ignores SIGTERM as PID 1", async () => {
    const namespace = Bun.spawn([...UNSHARE, "sleep", "30"], { stdout: "ignore", stderr: "ignore" });
    // The namespace's first process (sleep) once unshare has started it.
    const childrenFile = `/proc/${namespace.pid}/task/${namespace.pid}/children`;
    const pid = await eventually(async () => Number((await Bun.file(childrenFile).text()).trim()) || undefined);
    // Once it is sleep (exec'd), not unshare's fork still on its way there (which SIGTERM would end).
    await eventually(async () => (await Bun.file(`/proc/${pid}/comm`).text()).trim() === "sleep");
    process.kill(pid, "SIGTERM");
    const exited = await Promise.race([namespace.exited, Bun.sleep(1000).then(() => "still running")]);
    namespace.kill("SIGKILL");
    process.kill(pid, "SIGKILL");
    expect(exited).toBe("still running");
  });

  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    test(
      `stops at once on ${signal} with exit ${code}`,
      async () => {
        for (const binary of [BINARY, releaseBinary]) {
          const { namespace, pid, url } = await asPid1(binary);
          expect((await fetch(`${url}/v2/teams`)).status).toBe(401); // serving
          process.kill(pid, signal);
          // The cut-off only tells an ignored signal (which never ends it) from a handled one: generous, so a busy machine is not taken for one.
          const exited = await Promise.race([namespace.exited, Bun.sleep(PATIENCE_MS).then(() => "still running")]);
          if (exited === "still running") namespace.kill("SIGKILL");
          // With the signal's exit code (an ignored SIGTERM would be "still running").
          expect(`${binary}: ${exited}`).toBe(`${binary}: ${code}`);
        }
      },
      SLOW_TEST_MS,
    );
  }
});
