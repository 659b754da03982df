/**
 * The platform's error statuses. By default the emulator answers only the statuses an
 * operation documents (a 403 as 401, a 409 or 413 as 400); with `statuses: "platform"` it
 * answers 403, 409 and 413 as the platform does, and a 422 (which no rule of the emulator
 * produces) is injected as a fault. For each: duvo's exit code and its one-line message.
 */
import { describe, expect, test } from "bun:test";
import { AGENT_IDS, OTHER_TEAM_ID } from "../src/emulator/index.ts";
import { useEmulator } from "./helpers.ts";

const TEAM = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";
const BIG = "x".repeat(1_100_000); // over the emulator's 1 MiB for a JSON body

/** Starts a run with an Idempotency-Key, then reuses the key for a different request: the API refuses the second. */
async function reusedKey(e: ReturnType<typeof useEmulator>) {
  const key = crypto.randomUUID();
  expect((await e.duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", "first", "--idempotency-key", key])).code).toBe(0);
  return e.duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", "second", "--idempotency-key", key]);
}

describe("statuses: platform", () => {
  const platform = useEmulator({ statuses: "platform" });

  test("403: another team's collection is exit 2, Forbidden, no login hint (the key is valid)", async () => {
    expect(await platform.duvo(["runs", "list", "--team", OTHER_TEAM_ID])).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: GET /teams/${OTHER_TEAM_ID}/runs failed with 403: Forbidden: This API key does not have access to that team\n`,
    });
    expect(platform.emulator.requests.at(-1)!.status).toBe(403);
  });

  test("409: an Idempotency-Key reused for a different request is exit 1, Conflict", async () => {
    const again = await reusedKey(platform);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe(`error: POST /teams/${TEAM}/runs failed with 409: Conflict: This Idempotency-Key was already used for a different request\n`);
    expect(platform.emulator.requests.at(-1)!.status).toBe(409);
  });

  test("413: a body over the limit is exit 1, Payload Too Large", async () => {
    expect(await platform.duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", BIG])).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: POST /teams/${TEAM}/runs failed with 413: Payload Too Large: Request body larger than 1048576 bytes\n`,
    });
  });

  test("422: a request the platform cannot process is exit 1, Unprocessable Entity", async () => {
    platform.emulator.setFaults({ rates: { "422": 1 }, operations: ["createQueue"] });
    try {
      expect(await platform.duvo(["queues", "create", "--name", "Refused"])).toEqual({
        code: 1,
        stdout: "",
        stderr: `error: POST /teams/${TEAM}/queues failed with 422: Unprocessable Entity: Injected 422\n`,
      });
    } finally {
      platform.emulator.setFaults(undefined);
    }
  });
});

describe("statuses: document (the default)", () => {
  const documented = useEmulator();

  test("the same refusals take a status the operation documents", async () => {
    expect(await documented.duvo(["runs", "list", "--team", OTHER_TEAM_ID])).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: GET /teams/${OTHER_TEAM_ID}/runs failed with 401: Unauthorized: This API key does not have access to that team\nCheck DUVO_API_KEY or run \`duvo login\`.\n`,
    });
    expect((await reusedKey(documented)).stderr).toContain("failed with 400: Bad Request: This Idempotency-Key was already used for a different request");
    expect((await documented.duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", BIG])).stderr).toBe(
      `error: POST /teams/${TEAM}/runs failed with 400: Bad Request: Request body larger than 1048576 bytes\n`,
    );
  });
});
