/**
 * Teams, agents, runs and messages, and the run engine. Runs advance lazily: whenever a
 * request touches a run, every scripted step whose time has come is applied, stamped with
 * the time it was due (not the time it was noticed). So no timers run, a run keeps
 * "working" while the server is down, and timestamps read as if the agent ran live.
 */
import type { GetRunEvaluationResponse, RespondToHumanRequestBody, RespondToHumanRequestResponse, StartRunBody } from "../api/generated/runs.ts";
import type { Agent, AgentDetails, Message, Run, RunSummary } from "../api/schemas.ts";
import { TEAMS, type TeamFixture } from "./fixtures.ts";
import { ApiError } from "./http.ts";
import { acknowledge, runScript, type Ask, type Reply, type Script, type Step } from "./scenarios.ts";
import { familyAt, Store } from "./store.ts";

type Evaluation = NonNullable<GetRunEvaluationResponse["data"]>;

/**
 * Time is kept in microseconds and timestamps carry 6 fractional digits (as Postgres
 * serialises them): at high speed many messages fall in one millisecond and the API's
 * timestamps must still be strictly increasing.
 */
export function iso(us: number): string {
  const whole = Math.floor(us);
  const micros = String(whole % 1000).padStart(3, "0");
  return new Date(Math.floor(whole / 1000)).toISOString().replace("Z", `${micros}Z`);
}

/** Parses an ISO date-time to microseconds, keeping the digits beyond milliseconds; NaN if invalid. */
export function parseIsoUs(s: string): number {
  const ms = Date.parse(s);
  const extra = /T[\d:]+\.\d{3}(\d{1,3})/.exec(s)?.[1] ?? "";
  return ms * 1000 + Number(extra.padEnd(3, "0"));
}

/** A human request as the run keeps it: the API's fields (both views of it show some), the answer as JSON. */
export type HumanRequestRecord = RespondToHumanRequestResponse["human_request"] & Pick<Ask, "type" | "questions">;

/**
 * A run as the store keeps it: the API's fields, those `getRun` shows and those the list
 * shows (the store gives each answer its own), and the engine's beside them.
 */
export interface RunRecord extends RunSummary, Pick<Run, "sandbox_id" | "human_in_the_loop_enabled"> {
  /** Kept for the list's `has_issues` and `issue_severity` filters: a failed run has a critical issue. */
  has_issues: boolean;
  issue_severity: "critical" | null;
  /** Stored in API shape, oldest first, so a page is a slice. */
  messages: Message[];
  requests: HumanRequestRecord[];
  pending: HumanRequestRecord | null;
  evaluation: Evaluation | null;
  // --- engine ---
  script: Script | null;
  /** Steps that run before the script continues (acknowledging a message). */
  queue: Step[];
  /** The reply handed to the script when it is next pulled (after an `ask`). */
  feed: Reply | undefined;
  next: Step | null;
  dueUs: number;
  /** Last timestamp used by this run: the next one must be later. */
  lastUs: number;
  lastToolCallId: string | null;
}

/** An agent as the store keeps it: the API's fields, and the pin the list shows (getAgent gives it in user_context). */
export type AgentRecord = AgentDetails & { pinned_at: string | null };

/** A revision (build) of an agent, in the API's shape. */
export type BuildRecord = NonNullable<Agent["latest_build"]>;

const RUNS = familyAt("/v2/runs/{run_id}");
const AGENTS = familyAt("/v2/agents/{agent_id}");
const REVISIONS = familyAt("/v2/agents/{agent_id}/revisions/{build_id}");
const TERMINAL = new Set(["completed", "failed", "stopped", "interrupted"]);
const HITL_SCENARIOS = new Set(["approval", "question", "questions"]);

export class EmulatorState {
  /** The resources of the document's families (store.ts): agents, their revisions and runs too, a run's engine fields beside the API's. */
  readonly store = new Store();
  /** `${apiKey}\n${Idempotency-Key}` → the first request's fingerprint and its reply. */
  readonly idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private lastNowUs = 0;

  constructor(readonly options: { speed: number; bulkMessages: number }) {}

  /** A clock that never repeats a value, so creation order is total. */
  now(): number {
    this.lastNowUs = Math.max(Date.now() * 1000, this.lastNowUs + 1);
    return this.lastNowUs;
  }

  /** The team's agent, or a 404. */
  agent(team: TeamFixture, id: string): AgentRecord {
    return this.store.find(AGENTS, team.id, { agent_id: id }).resource as AgentRecord;
  }

  teamAgents(team: TeamFixture): AgentRecord[] {
    return this.store.resources<AgentRecord>(AGENTS, team.id);
  }

  /** An agent of any team. */
  agentById(id: string): AgentRecord | undefined {
    return this.store.every(AGENTS.item).find((agent) => agent.id === id) as AgentRecord | undefined;
  }

  /** An agent's revisions, oldest first; the last is its latest_build. */
  builds(agentId: string): BuildRecord[] {
    return this.store.every(REVISIONS.item).filter((build) => build.agent_id === agentId) as BuildRecord[];
  }

  /** The live revision: the one new runs use. */
  liveBuild(agentId: string): BuildRecord | undefined {
    return this.builds(agentId).find((build) => build.status === "live");
  }

  /** A run of the team, advanced to now; another team's run is as unknown as a missing one. */
  run(team: TeamFixture, id: string): RunRecord {
    const run = this.store.find(RUNS, team.id, { run_id: id }).resource as RunRecord;
    this.advance(run);
    return run;
  }

  /** The team's runs, oldest first, advanced to now. */
  teamRuns(team: TeamFixture): RunRecord[] {
    const runs = this.store.resources<RunRecord>(RUNS, team.id);
    for (const run of runs) this.advance(run);
    return runs;
  }

  /** Every run of every team, oldest first (not advanced). */
  allRuns(): RunRecord[] {
    return this.store.every(RUNS.item) as RunRecord[];
  }

  // ---------------------------------------------------------------- run engine

  private stamp(run: RunRecord, us: number): number {
    run.lastUs = Math.max(us, run.lastUs + 1);
    run.updated_at = iso(run.lastUs);
    return run.lastUs;
  }

  /** Takes the run's next step (queued acknowledgements first) and schedules it after `fromUs`. */
  private pull(run: RunRecord, fromUs: number): void {
    let step = run.queue.shift();
    if (!step && run.script) {
      const r = run.script.next(run.feed);
      run.feed = undefined;
      if (r.done) run.script = null;
      else step = r.value;
    }
    run.next = step ?? null;
    if (step) run.dueUs = fromUs + (step.after * 1000) / this.options.speed;
  }

  /** Applies every step that is due by now. */
  advance(run: RunRecord): void {
    const now = this.now();
    while (run.next && run.dueUs <= now) {
      const step = run.next;
      run.next = null;
      const at = this.stamp(run, run.dueUs);
      this.apply(run, step, at);
      if (!("ask" in step)) this.pull(run, at); // an `ask` waits for the human instead
    }
  }

  /** Appends a message; it carries only the API's keys (text_content, tool_call or tool_result). */
  private push(run: RunRecord, at: number, role: string, content: Pick<Message, "type" | "text_content" | "tool_call" | "tool_result">): Message {
    const { type, ...rest } = content;
    const message: Message = { id: crypto.randomUUID(), type, role, timestamp: iso(at), ...rest };
    run.messages.push(message);
    if (role === "user") run.submitted_prompt_count += 1;
    return message;
  }

  private apply(run: RunRecord, step: Step, at: number): void {
    if ("status" in step) {
      run.status = step.status;
      if (step.status === "running") run.started_at ??= iso(at);
    } else if ("say" in step) {
      this.push(run, at, "assistant", { type: "text", text_content: step.say });
    } else if ("call" in step) {
      run.lastToolCallId = `toolu_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
      this.push(run, at, "assistant", { type: "tool_call", tool_call: { id: run.lastToolCallId, ...step.call } });
    } else if ("toolResult" in step) {
      this.push(run, at, "tool", { type: "tool_result", tool_result: { tool_call_id: run.lastToolCallId ?? "", ...step.toolResult } });
    } else if ("ask" in step) {
      const { title, description, type, questions } = step.ask;
      const request = { id: crypto.randomUUID(), run_id: run.id, title, description, response: null, responded_at: null, created_at: iso(at), type, questions };
      run.requests.push(request);
      run.pending = request;
      run.status = "waiting";
    } else {
      run.status = step.end;
      run.completed_at = iso(at);
      if (step.end === "completed") run.evaluation ??= evaluationOf(run, at);
      if (step.end === "failed") Object.assign(run, { has_issues: true, issue_severity: "critical" });
    }
  }

  /** Hands the human's reply to a waiting run, which goes on at once. */
  private resume(run: RunRecord, reply: Reply, at: number, ack: Step[] = []): void {
    run.pending!.response = JSON.stringify(reply); // the document gives the stored response as a string: the answer's JSON
    run.pending!.responded_at = iso(at);
    run.pending = null;
    run.status = "running";
    run.feed = reply;
    run.queue.push(...ack);
    this.pull(run, at);
  }

  // ---------------------------------------------------------------- operations

  /** A new run of the team's agent, for the store to keep (the store gives it its id and the user's). */
  startRun(team: TeamFixture, input: StartRunBody): RunRecord {
    const agent = this.agent(team, input.agent_id);
    const createdUs = this.now();
    const runNumber = this.allRuns().filter((run) => run.agent_id === agent.id).length + 1;
    const scenario = TEAMS.flatMap((other) => other.agents).find((fixture) => fixture.id === agent.id)?.scenario ?? "complete";
    const run = {
      agent_id: agent.id,
      agent_name: agent.name,
      build_id: this.liveBuild(agent.id)?.id ?? "",
      run_number: runNumber,
      title: input.message?.trim().split("\n")[0]?.slice(0, 80) || `${agent.name} #${runNumber}`,
      source: "api",
      sandbox_id: input.sandbox_id ?? null,
      human_in_the_loop_enabled: HITL_SCENARIOS.has(scenario),
      status: "pending",
      created_at: iso(createdUs),
      updated_at: iso(createdUs),
      submitted_prompt_count: 0,
      has_issues: false,
      issue_severity: null,
      messages: [],
      requests: [],
      pending: null,
      evaluation: null,
      script: runScript(scenario, { message: input.message || null, bulkMessages: this.options.bulkMessages }),
      queue: [],
      feed: undefined,
      next: null,
      dueUs: 0,
      lastUs: createdUs,
      lastToolCallId: null,
    } as Partial<RunRecord> as RunRecord; // the store fills in the rest: its id, the user, null for no case and the times not yet come
    if (input.message) this.push(run, this.stamp(run, createdUs), "user", { type: "text", text_content: input.message });
    run.updated_at = iso(createdUs);
    this.pull(run, createdUs);
    return run;
  }

  sendMessage(run: RunRecord, text: string): Message {
    this.advance(run);
    if (run.status === "failed" || run.status === "stopped") {
      throw new ApiError(409, `Run is ${run.status}; it cannot take messages`);
    }
    const at = this.stamp(run, this.now());
    const message = this.push(run, at, "user", { type: "text", text_content: text });
    if (run.status === "waiting" && run.pending) {
      // The message answers the pending request; the script takes its default branch.
      this.resume(run, { message: text }, at, [acknowledge(text)]);
    } else if (run.status === "completed" || run.status === "interrupted") {
      run.status = "running";
      run.completed_at = null;
      run.queue.push(acknowledge(text), { after: 500, end: "completed" });
      this.pull(run, at);
    }
    // A busy run simply gets the message into its transcript.
    return message;
  }

  /** Stops an active run; false when it has already ended. */
  stop(run: RunRecord): boolean {
    this.advance(run);
    if (TERMINAL.has(run.status)) return false;
    run.script?.return();
    run.script = null;
    run.queue = [];
    run.next = null;
    run.pending = null;
    run.status = "stopped";
    run.completed_at = iso(this.stamp(run, this.now()));
    return true;
  }

  respond(run: RunRecord, requestId: string, body: RespondToHumanRequestBody): HumanRequestRecord {
    this.advance(run);
    const request = run.requests.find((r) => r.id === requestId);
    if (!request) throw new ApiError(404, `Human request ${requestId} not found`);
    if (run.status !== "waiting") throw new ApiError(409, `Run is not waiting for input (status: ${run.status})`);
    if (run.pending !== request) throw new ApiError(409, "This human request has already been answered");
    const reply = validateReply(request, body);
    this.resume(run, reply, this.stamp(run, this.now()));
    return request;
  }
}

function evaluationOf(run: RunRecord, at: number): Evaluation {
  return {
    id: crypto.randomUUID(),
    created_at: iso(at + 1),
    run_id: run.id,
    source: "automatic",
    output: {
      schemaId: "run-quality",
      schemaVersion: "1",
      data: { passed: true, score: "0.92", summary: `${run.agent_name} finished its task.` },
    },
  };
}

/** Checks a respond body (the document's check passed: an object of `approved`, `answers`) against the request it answers; any mismatch is a 400 that says why. */
function validateReply(ask: Pick<Ask, "type" | "questions">, body: RespondToHumanRequestBody): Reply {
  if (ask.type === "approval") {
    if (body.approved === undefined || body.answers !== undefined) throw new ApiError(400, 'An approval request takes {"approved": true|false}');
    return { approved: body.approved };
  }
  const { answers } = body;
  if (answers === undefined || body.approved !== undefined) throw new ApiError(400, 'A question request takes {"answers": {"<question text>": "<answer>"}}');
  const questions = ask.questions ?? [];
  for (const key of Object.keys(answers)) {
    if (!questions.some((q) => q.question === key)) throw new ApiError(400, `Unknown question "${key}"`);
  }
  const out: Record<string, string> = {};
  for (const q of questions) {
    const answer = answers[q.question];
    if (answer === undefined) throw new ApiError(400, `Missing answer for question "${q.question}"`);
    if (answer.trim() === "") throw new ApiError(400, `The answer to "${q.question}" must be a non-empty string`);
    const labels = q.options?.map((o) => o.label) ?? [];
    if (labels.length > 0) {
      const picked = q.multi_select ? answer.split(",") : [answer];
      const bad = picked.filter((p) => !labels.includes(p));
      if (bad.length > 0 || new Set(picked).size !== picked.length) {
        const how = q.multi_select ? `one or more of ${labels.join(", ")}, comma-separated without spaces (e.g. "${labels.slice(0, 2).join(",")}")` : `one of ${labels.join(", ")}`;
        throw new ApiError(400, `The answer to "${q.question}" must be ${how}; got "${answer}"`);
      }
    }
    out[q.question] = answer;
  }
  return { answers: out };
}
