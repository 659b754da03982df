/** Contract corners not covered elsewhere: the loopback rule, durations, the emulator's banner and its Ctrl-C. */
import { describe, expect, test } from "bun:test";
import { checkBaseUrl } from "../src/config/credentials.ts";
import { parseDuration } from "../src/cli/values.ts";
import { DEMO_AGENTS, DEMO_API_KEY } from "../src/emulator/index.ts";
import { BINARY, exitOf } from "./helpers.ts";

describe("the key goes only over https, or plain http to a loopback host", () => {
  test.each(["http://127.0.0.1:8787", "http://127.0.0.2", "http://localhost:1234", "http://[::1]:8787", "https://api.duvo.ai", "https://eu.example.com/"])(
    "%s is allowed",
    (url) => {
      expect(() => checkBaseUrl(url)).not.toThrow();
    },
  );
  test.each(["http://api.duvo.ai", "http://localhost.example.com", "http://10.0.0.5", "http://127.0.0.1.nip.io"])("%s is refused", (url) => {
    expect(() => checkBaseUrl(url)).toThrow("refusing to send the API key over plain http");
  });
  test("the base URL is the host only: a trailing /v2 or / is dropped", () => {
    expect(checkBaseUrl("https://api.duvo.ai/v2/")).toBe("https://api.duvo.ai");
  });
});

test("durations: 90s, 5m, 1h, 1h30m", () => {
  expect([parseDuration("90s", "--timeout"), parseDuration("5m", "--timeout"), parseDuration("1h", "--timeout"), parseDuration("1h30m", "--timeout")]).toEqual([
    90_000, 300_000, 3_600_000, 5_400_000,
  ]);
  for (const bad of ["", "5", "m", "1d", "-5s", "1.5h"]) expect(() => parseDuration(bad, "--timeout")).toThrow("invalid duration");
});

test("duvo emulator prints the two export lines and one line per agent, serves, and stops on Ctrl-C (exit 130, by its own handler)", async () => {
  const child = Bun.spawn([BINARY, "emulator", "--port", "0", "--speed", "5", "--rate-limit", "0"], { stdout: "pipe", stderr: "pipe" });
  const reader = child.stdout.getReader();
  let out = "";
  while (out.split("\n").length < DEMO_AGENTS.length + 3) {
    const { value, done } = await reader.read();
    if (done) break;
    out += new TextDecoder().decode(value);
  }
  const lines = out.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^export DUVO_API_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/);
  expect(lines[1]).toBe(`export DUVO_API_KEY=${DEMO_API_KEY}`);
  expect(lines.slice(2)).toEqual(DEMO_AGENTS.map((agent) => `# agent ${agent.id} ${agent.name}`));
  const url = lines[0]!.split("=")[1]!;
  const teams = await fetch(`${url}/v2/teams`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
  expect(teams.status).toBe(200);
  expect(teams.headers.get("x-ratelimit-limit")).toBe("1000000"); // --rate-limit 0: off
  child.kill("SIGINT");
  // Exit 130 alone would prove nothing (a process killed by SIGINT reports it too, see the
  // control in binary.test.ts): the process ended by itself, after saying so.
  expect(await exitOf(child)).toEqual({ code: 130, killedBy: null });
  expect((await new Response(child.stderr).text()).trimEnd().split("\n").at(-1)).toBe("Emulator stopped.");
});

test("duvo emulator: --host 0.0.0.0 prints a loopback URL the client accepts; a port in use is exit 1", async () => {
  const child = Bun.spawn([BINARY, "emulator", "--port", "0", "--host", "0.0.0.0"], { stdout: "pipe", stderr: "pipe" });
  const reader = child.stdout.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  const url = /DUVO_API_BASE_URL=(\S+)/.exec(first)![1]!;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(() => checkBaseUrl(url)).not.toThrow();
  const port = url.split(":").at(-1)!;
  const taken = Bun.spawnSync([BINARY, "emulator", "--port", port, "--host", "0.0.0.0"], { stdout: "pipe", stderr: "pipe" });
  expect(taken.exitCode).toBe(1);
  expect(taken.stderr.toString()).toStartWith(`error: cannot listen on 0.0.0.0:${port}: `);
  child.kill("SIGINT");
  expect(await exitOf(child)).toEqual({ code: 130, killedBy: null });
});
