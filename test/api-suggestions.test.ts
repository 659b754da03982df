/**
 * `duvo api` with a path the document does not have: the closest operations it names
 * (src/api/closest-operations.ts), through the real command against the emulator — nothing
 * is sent — and the ranking itself.
 */
import { describe, expect, test } from "bun:test";
import { closestOperations } from "../src/api/closest-operations.ts";
import { useEmulator } from "./helpers.ts";

const { emulator, duvo } = useEmulator();
const anyway = "(--no-validate sends it anyway)";

describe("duvo api names the operation that was meant", () => {
  test.each([
    [
      ["api", "GET", "/v2/agents"],
      `GET /v2/agents is not an operation of the Duvo API; closest: GET /v2/teams/{teamId}/agents, POST /v2/teams/{teamId}/agents, GET /v2/agents/{agent_id} ${anyway}`,
    ],
    [
      ["api", "POST", "/v2/agents"],
      `POST /v2/agents is not an operation of the Duvo API; closest: POST /v2/teams/{teamId}/agents, GET /v2/teams/{teamId}/agents, GET /v2/agents/{agent_id} ${anyway}`,
    ],
    [
      ["api", "GET", "/v2/runs"],
      `GET /v2/runs is not an operation of the Duvo API; closest: GET /v2/teams/{teamId}/runs, POST /v2/teams/{teamId}/runs, GET /v2/runs/{run_id} ${anyway}`,
    ],
    [
      ["api", "GET", "/v1/agents"],
      'the path must start with /v2/ (got "/v1/agents"); the API is v2, closest: GET /v2/teams/{teamId}/agents, POST /v2/teams/{teamId}/agents, GET /v2/agents/{agent_id}',
    ],
    [
      ["api", "GET", "/v1/runs/3f1b2c4d-1111-2222-3333-444455556666"],
      'the path must start with /v2/ (got "/v1/runs/3f1b2c4d-1111-2222-3333-444455556666"); the API is v2, closest: GET /v2/runs/{run_id}, GET /v2/teams/{teamId}/runs, POST /v2/teams/{teamId}/runs',
    ],
    // A misspelling still finds its neighbours by spelling.
    [
      ["api", "GET", "/v2/run/abc"],
      `GET /v2/run/abc is not an operation of the Duvo API; closest: GET /v2/runs/{run_id}, POST /v2/runs/{run_id}/stop, GET /v2/runs/{run_id}/messages ${anyway}`,
    ],
  ])("%p", async (argv, message) => {
    emulator.clearRequests();
    expect(await duvo(argv)).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("closestOperations", () => {
  const named = (path: string, method?: string) => closestOperations(path, method).map((operation) => `${operation.method} ${operation.path}`);

  test("the operation whose path without {teamId} and ids is the path typed comes first, with the method typed", () => {
    expect(named("/v2/agents", "GET")[0]).toBe("GET /v2/teams/{teamId}/agents");
    expect(named("/v2/queues", "POST")[0]).toBe("POST /v2/teams/{teamId}/queues");
  });

  test("ids typed count as ids: the operation with as many comes first", () => {
    expect(named("/v2/teams/3f1b2c4d-1111-2222-3333-444455556666/agents/3f1b2c4d-1111-2222-3333-444455556667", "GET")[0]).toBe("GET /v2/agents/{agent_id}");
    expect(named("/v2/agents/3f1b2c4d-1111-2222-3333-444455556666/schedules", "POST")[0]).toBe("POST /v2/agents/{agent_id}/schedules");
  });

  test("a query string or fragment does not count", () => {
    expect(named("/v2/agents?limit=5", "GET")).toEqual(named("/v2/agents", "GET"));
  });
});
