/**
 * A local, faithful Duvo v2 API for demos and tests: `duvo emulator` serves it,
 * and the test suite starts it as a module (`startEmulator({ port: 0, speed: 500 })`).
 */
import { DEMO_AGENTS, DEMO_API_KEY, DEMO_TEAM_ID } from "./fixtures.ts";
import type { ScenarioName } from "./scenarios.ts";
import { EmulatorServer, type ServerOptions } from "./server.ts";
import type { FaultKind, FaultOptions } from "./faults.ts";
import { EmulatorState } from "./state.ts";
import { queueCasesOf } from "./platform/queues.ts";
import { sandboxOf } from "./platform/sandboxes.ts";

export * from "./fixtures.ts";
export { parseFaultSpec, type FaultKind, type FaultOptions, type FaultRates } from "./faults.ts";
export type { RecordedRequest } from "./server.ts";
export type { RunRecord } from "./state.ts";
export { APPROVAL_REQUEST, CHANNELS_QUESTION, FOLLOW_UP_QUESTION, REGION_QUESTION } from "./scenarios.ts";

/** The server's options (server.ts), each optional, and the pace of the scripted runs. */
export interface EmulatorOptions extends Partial<ServerOptions> {
  /** Scripted pace factor: 1 = human pace (a step every ~1-2 s); 100 = 100x faster. Default 1. */
  speed?: number;
  /** Messages written by the bulk agent when its start message is not a number; default 500. */
  bulkMessages?: number;
}

/** A running emulator: what startEmulator returns. */
export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export async function startEmulator(options: EmulatorOptions = {}) {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${speed}`);
  const host = options.host ?? "127.0.0.1";
  const state = new EmulatorState({ speed, bulkMessages: options.bulkMessages ?? 500 });
  const server = new EmulatorServer(state, { ...options, port: options.port ?? 8787, host, latencyMs: options.latencyMs ?? 0, rateLimit: options.rateLimit ?? 300 });
  server.listen();
  // Listening on every address: clients reach it on loopback (plain http to it is allowed).
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const urlHost = reachable.includes(":") ? `[${reachable}]` : reachable;
  let stopped = false;
  return {
    /** "http://127.0.0.1:<port>", without /v2. */
    url: `http://${urlHost}:${server.port}`,
    port: server.port,
    /** The demo team's key (fixed, not a secret). */
    apiKey: DEMO_API_KEY,
    /** The demo team's id (fixed). */
    teamId: DEMO_TEAM_ID,
    agents: DEMO_AGENTS.map(({ id, name, scenario }): { id: string; name: string; scenario: ScenarioName } => ({ id, name, scenario })),
    /** Every request received, in arrival order. */
    requests: server.requests,
    clearRequests: () => void server.requests.splice(0),
    /** Stop listening (open connections are closed), keeping all state; runs keep progressing. */
    down: () => server.close(),
    /** Listen again on the same port, with the state kept. */
    up: async () => {
      if (stopped) throw new Error("the emulator was stopped for good");
      server.listen();
    },
    /** Stop for good. */
    stop: async () => {
      stopped = true;
      await server.close();
    },
    /** Turns fault injection on (with a fresh seeded generator) or off. */
    setFaults: (faults: FaultOptions | FaultOptions[] | undefined) => server.setFaults(faults),
    /** How many `stored-late` changes have been answered but not applied yet. */
    lateWritesPending: () => server.lateWrites,
    /** How many faults of each kind were injected since the last setFaults. */
    faultCounts: (): Record<FaultKind, number> | undefined => server.faults && { ...server.faults.counts },
    /** The bytes stored for a file of a sandbox, as uploaded; undefined if none. */
    sandboxFile: (sandboxId: string, path: string) => sandboxOf(state, sandboxId)?.files.get(path),
    /** A queue's cases as the emulator keeps them (advanced to now), oldest first. */
    queueCases: (queueId: string) => queueCasesOf(state, queueId),
    /** A run's internal state advanced to now, for assertions; undefined if unknown. */
    getRun: (id: string) => {
      const run = state.allRuns().find((candidate) => candidate.id === id);
      if (run) state.advance(run);
      return run;
    },
  };
}
