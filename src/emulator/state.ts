/**
 * Teams, agents, runs and messages, and the run engine. Runs advance lazily: whenever a
 * request touches a run, every scripted step whose time has come is applied, stamped with
 * the time it was due (not the time it was noticed). So no timers run, a run keeps
 * "working" while the server is down, and timestamps read as if the agent ran live.
 */
import type { GetRunEvaluationResponse, RespondToHumanRequestResponse, StartRunBody } from "../api/generated/runs.ts";
import type { Agent, AgentDetails, HumanRequest, Message, Run, RunSummary } from "../api/schemas.ts";
import { FIXTURE_CREATED_AT, FIXTURE_UPDATED_AT, TEAMS, type AgentFixture, type TeamFixture } from "./fixtures.ts";
import { ApiError, objectBody } from "./http.ts";
import { acknowledge, runScript, type Ask, type Reply, type Script, type Step } from "./scenarios.ts";
import { familyAt, Store } from "./store.ts";

type Evaluation = NonNullable<GetRunEvaluationResponse["data"]>;
type HumanRequestResult = RespondToHumanRequestResponse["human_request"];

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

export interface HumanRequestRecord {
  id: string;
  runId: string;
  ask: Ask;
  createdUs: number;
  response: unknown;
  respondedUs: number | null;
}

export interface RunRecord {
  id: string;
  teamId: string;
  agentId: string;
  agentName: string;
  buildId: string;
  runNumber: number;
  title: string;
  userId: string;
  sandboxId: string | null;
  webhookUrl: string | null;
  humanInTheLoop: boolean;
  status: string;
  createdUs: number;
  updatedUs: number;
  startedUs: number | null;
  completedUs: number | null;
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

export interface AgentRecord {
  /** The agent's own copy of its fixture: its id, scenario and pin (its name is the details'). */
  fixture: AgentFixture;
  /** The agent as the API shows it: a resource of the store, the same object (agents.ts), so a change through the API is the engine's too. */
  details: AgentDetails;
  /** The live revision: the one new runs use. */
  buildId: string;
  lastRunUs: number | null;
  runCount: number;
  /** Revisions, oldest first; the last is the agent's latest_build. */
  builds: BuildRecord[];
}

/** A revision (build) of an agent, in the API's shape. */
export type BuildRecord = NonNullable<Agent["latest_build"]>;

interface RunFilter {
  /** The runs the list keeps (all by default). */
  matches?: (run: RunRecord) => boolean;
  sortOrder: "asc" | "desc";
  limit: number;
  offset: number;
}

const RUNS = familyAt("/v2/runs/{run_id}");
const TERMINAL = new Set(["completed", "failed", "stopped", "interrupted"]);
const HITL_SCENARIOS = new Set(["approval", "question", "questions"]);

export class EmulatorState {
  readonly agents = new Map<string, AgentRecord>();
  /** The resources of the document's families (store.ts): runs are kept there, their engine's fields beside the API's. */
  readonly store = new Store();
  /** `${apiKey}\n${Idempotency-Key}` → the first request's fingerprint and its reply. */
  readonly idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private lastNowUs = 0;

  constructor(readonly options: { speed: number; bulkMessages: number }) {
    for (const team of TEAMS) {
      for (const fixture of team.agents) {
        const details = {
          ...this.details(fixture.id, fixture.name, team, FIXTURE_CREATED_AT, null),
          agentic_memory_enabled: fixture.scenario === "complete",
          updated_at: FIXTURE_UPDATED_AT,
        };
        const agent = this.addAgent({ ...fixture }, details);
        const build = this.createBuild(agent, `${fixture.name} v3`, {
          version: "v2",
          data: {
            models: { agent: { model: "claude-sonnet-4-6" }, browsing: { provider: "google", model: "gemini-2.5-flash" } },
            input: fixture.description,
            files: [],
            skills: [],
            plugins: [],
            subAgents: [],
          },
        });
        // The live third revision, its id derived from the agent's and its times fixed, so all of it is fixed too.
        Object.assign(build, {
          id: fixture.id.replace(/-8a30-/, "-8a40-"),
          status: "live",
          revision_number: 3,
          created_at: FIXTURE_UPDATED_AT,
          updated_at: FIXTURE_UPDATED_AT,
        });
        agent.buildId = build.id;
      }
    }
  }

  /** A clock that never repeats a value, so creation order is total. */
  now(): number {
    this.lastNowUs = Math.max(Date.now() * 1000, this.lastNowUs + 1);
    return this.lastNowUs;
  }

  agent(team: TeamFixture, id: string): AgentRecord {
    const agent = this.agents.get(id);
    if (!agent || agent.details.team_id !== team.id) throw new ApiError(404, `Agent ${id} not found`);
    return agent;
  }

  /** A run of the team, advanced to now; another team's run is as unknown as a missing one. */
  run(team: TeamFixture, id: string): RunRecord {
    const run = this.store.find(RUNS, team.id, { run_id: id }).resource as RunRecord;
    this.advance(run);
    return run;
  }

  /** Every run of every team, oldest first (not advanced). */
  allRuns(): RunRecord[] {
    return this.store.every(RUNS.item) as RunRecord[];
  }

  // ---------------------------------------------------------------- run engine

  private stamp(run: RunRecord, us: number): number {
    run.lastUs = Math.max(us, run.lastUs + 1);
    run.updatedUs = run.lastUs;
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
    return message;
  }

  private apply(run: RunRecord, step: Step, at: number): void {
    if ("status" in step) {
      run.status = step.status;
      if (step.status === "running") run.startedUs ??= at;
    } else if ("say" in step) {
      this.push(run, at, "assistant", { type: "text", text_content: step.say });
    } else if ("call" in step) {
      run.lastToolCallId = `toolu_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
      this.push(run, at, "assistant", { type: "tool_call", tool_call: { id: run.lastToolCallId, ...step.call } });
    } else if ("toolResult" in step) {
      this.push(run, at, "tool", { type: "tool_result", tool_result: { tool_call_id: run.lastToolCallId ?? "", ...step.toolResult } });
    } else if ("ask" in step) {
      const request: HumanRequestRecord = {
        id: crypto.randomUUID(),
        runId: run.id,
        ask: step.ask,
        createdUs: at,
        response: null,
        respondedUs: null,
      };
      run.requests.push(request);
      run.pending = request;
      run.status = "waiting";
    } else {
      run.status = step.end;
      run.completedUs = at;
      if (step.end === "completed") run.evaluation ??= evaluationOf(run, at);
    }
  }

  /** Hands the human's reply to a waiting run, which goes on at once. */
  private resume(run: RunRecord, reply: Reply, at: number, ack: Step[] = []): void {
    run.pending = null;
    run.status = "running";
    run.feed = reply;
    run.queue.push(...ack);
    this.pull(run, at);
  }

  // ---------------------------------------------------------------- operations

  startRun(team: TeamFixture, input: StartRunBody): RunRecord {
    const agent = this.agent(team, input.agent_id);
    const createdUs = this.now();
    agent.runCount += 1;
    agent.lastRunUs = createdUs;
    const title = input.message?.trim().split("\n")[0]?.slice(0, 80) || `${agent.details.name} #${agent.runCount}`;
    const run: RunRecord = {
      id: crypto.randomUUID(),
      teamId: team.id,
      agentId: agent.fixture.id,
      agentName: agent.details.name,
      buildId: agent.buildId,
      runNumber: agent.runCount,
      title,
      userId: team.user.id,
      sandboxId: input.sandbox_id ?? null,
      webhookUrl: input.webhook_url ?? null,
      humanInTheLoop: HITL_SCENARIOS.has(agent.fixture.scenario),
      status: "pending",
      createdUs,
      updatedUs: createdUs,
      startedUs: null,
      completedUs: null,
      messages: [],
      requests: [],
      pending: null,
      evaluation: null,
      script: runScript(agent.fixture.scenario, { message: input.message || null, bulkMessages: this.options.bulkMessages }),
      queue: [],
      feed: undefined,
      next: null,
      dueUs: 0,
      lastUs: createdUs,
      lastToolCallId: null,
    };
    if (input.message) this.push(run, this.stamp(run, createdUs), "user", { type: "text", text_content: input.message });
    run.updatedUs = createdUs;
    this.pull(run, createdUs);
    this.store.insert(RUNS, { id: run.id, teamId: team.id, parents: {}, resource: run });
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
      run.pending.response = { message: text };
      run.pending.respondedUs = at;
      this.resume(run, { message: text }, at, [acknowledge(text)]);
    } else if (run.status === "completed" || run.status === "interrupted") {
      run.status = "running";
      run.completedUs = null;
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
    run.completedUs = this.stamp(run, this.now());
    return true;
  }

  respond(run: RunRecord, requestId: string, body: unknown): HumanRequestRecord {
    this.advance(run);
    const request = run.requests.find((r) => r.id === requestId);
    if (!request) throw new ApiError(404, `Human request ${requestId} not found`);
    if (run.status !== "waiting") throw new ApiError(409, `Run is not waiting for input (status: ${run.status})`);
    if (run.pending !== request) throw new ApiError(409, "This human request has already been answered");
    const reply = validateReply(request.ask, body);
    const at = this.stamp(run, this.now());
    request.response = reply;
    request.respondedUs = at;
    this.resume(run, reply, at);
    return request;
  }

  listRuns(team: TeamFixture, f: RunFilter): { data: RunSummary[]; total: number } {
    const runs = this.store.list(RUNS, team.id, {}).map((record) => record.resource as RunRecord);
    for (const r of runs) this.advance(r);
    const matches = f.matches ? runs.filter(f.matches) : runs;
    matches.sort((a, b) => (f.sortOrder === "asc" ? a.createdUs - b.createdUs : b.createdUs - a.createdUs));
    return { data: matches.slice(f.offset, f.offset + f.limit).map((r) => this.summaryView(r)), total: matches.length };
  }

  // ---------------------------------------------------------------- API views

  teamAgents(team: TeamFixture): AgentRecord[] {
    return [...this.agents.values()].filter((a) => a.details.team_id === team.id);
  }

  /** An agent as the team's list shows it: with its latest revision and last run. */
  agentView(a: AgentRecord): Agent {
    const run = { pinned_at: a.fixture.pinned ? FIXTURE_UPDATED_AT : null, last_run_at: a.lastRunUs === null ? null : iso(a.lastRunUs), latest_build: a.builds.at(-1) ?? null };
    const triggers = { user_triggers: { slack_mention: false, slack_channel: false, teams_mention: false }, case_trigger_enabled: false, case_trigger_has_conflict: false };
    return { ...a.details, ...run, integration_configs: [], ...triggers, case_trigger_conflicting_agents: [], case_queue_name: null };
  }

  /** A new agent's details (AgentDetails), made by the team's user. */
  private details(id: string, name: string, team: TeamFixture, at: string, threadId: string | null): AgentDetails {
    const by = { id: team.user.id, name: team.user.name, email: team.user.email };
    const flags = { slack_enabled: false, microsoft_teams_enabled: false, agentic_memory_enabled: false };
    return { id, name, ...flags, team_id: team.id, thread_id: threadId, folder_id: null, automation_id: null, created_at: at, updated_at: at, created_by: by, updated_by: by };
  }

  // ---------------------------------------------------------------- agents and revisions as code

  /** Creates an agent, with a first (live) revision when `build` is given. */
  createAgent(team: TeamFixture, input: { name: string; threadId: string | null; build?: { name: string; config: BuildRecord["config"] } }): AgentRecord {
    const id = crypto.randomUUID();
    const fixture: AgentFixture = { id, name: input.name, scenario: "complete", description: "", icon: "bot", pinned: false };
    const agent = this.addAgent(fixture, this.details(id, input.name, team, iso(this.now()), input.threadId));
    if (input.build) {
      const build = this.createBuild(agent, input.build.name, input.build.config);
      this.promoteBuild(agent, build);
    }
    return agent;
  }

  /** A new agent, with no revision and no run yet. */
  private addAgent(fixture: AgentFixture, details: AgentDetails): AgentRecord {
    const agent: AgentRecord = { fixture, details, buildId: "", lastRunUs: null, runCount: 0, builds: [] };
    this.agents.set(fixture.id, agent);
    return agent;
  }

  /** A new draft revision of the agent (its latest_build from now on). */
  createBuild(agent: AgentRecord, name: string, config: BuildRecord["config"]): BuildRecord {
    const at = iso(this.now());
    const previous = agent.builds.at(-1);
    const build: BuildRecord = {
      id: crypto.randomUUID(),
      copilot_id: agent.fixture.id,
      agent_id: agent.fixture.id,
      name,
      revision_name: null,
      revision_description: null,
      config,
      status: "draft",
      revision_number: (previous?.revision_number ?? 0) + 1,
      parent_build_id: previous?.id ?? null,
      created_by: TEAMS.find((t) => t.id === agent.details.team_id)?.user.id ?? null,
      created_at: at,
      updated_at: at,
    };
    agent.builds.push(build);
    return build;
  }

  /** Makes a revision the live one (new runs use it); the one live before becomes historic. */
  promoteBuild(agent: AgentRecord, build: BuildRecord): void {
    for (const other of agent.builds) if (other.status === "live") other.status = "archived";
    build.status = "live";
    build.updated_at = iso(this.now());
    agent.buildId = build.id;
  }

  /** A run's times, as both views show them. */
  private times(r: RunRecord) {
    const at = (us: number | null) => (us === null ? null : iso(us));
    return { started_at: at(r.startedUs), completed_at: at(r.completedUs), created_at: iso(r.createdUs), updated_at: iso(r.updatedUs) };
  }

  runView(r: RunRecord): Run {
    const { id, agentId: agent_id, buildId: build_id, status, sandboxId: sandbox_id, humanInTheLoop: human_in_the_loop_enabled } = r;
    return { id, agent_id, build_id, status, source: "api", sandbox_id, ...this.times(r), human_in_the_loop_enabled };
  }

  summaryView(r: RunRecord): RunSummary {
    const { created_at, updated_at, ...times } = this.times(r);
    const noCase = { case_queue_item_id: null, case_queue_id: null, case_queue_name: null, case_title: null, postponed_to: null };
    const { id, status, title, runNumber: run_number, agentId: agent_id, agentName: agent_name, buildId: build_id, userId: user_id } = r;
    const run = { id, created_at, updated_at, ...times, status, source: "api", title, run_number, agent_id, agent_name, build_id, user_id, ...noCase };
    return { ...run, submitted_prompt_count: r.messages.filter((m) => m.role === "user").length, eval_summaries: null };
  }

  humanRequestView(q: HumanRequestRecord): HumanRequest {
    const { type, title, description, questions } = q.ask;
    return { id: q.id, title, description, created_at: iso(q.createdUs), type, ...(questions ? { questions } : {}) };
  }

  humanRequestResultView(q: HumanRequestRecord): HumanRequestResult {
    return {
      id: q.id,
      run_id: q.runId,
      title: q.ask.title,
      description: q.ask.description,
      // The document gives the stored response as a string: the answer's JSON.
      response: q.response === null || q.response === undefined ? null : JSON.stringify(q.response),
      responded_at: q.respondedUs === null ? null : iso(q.respondedUs),
      created_at: iso(q.createdUs),
    };
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
      data: { passed: true, score: "0.92", summary: `${run.agentName} finished its task.` },
    },
  };
}

/** Checks a respond body against the request it answers; any mismatch is a 400 that says why. */
function validateReply(ask: Ask, raw: unknown): Reply {
  if (ask.type === "approval") {
    const body = objectBody(raw, ["approved"]);
    if (typeof body.approved !== "boolean") {
      throw new ApiError(400, 'An approval request takes {"approved": true|false}');
    }
    return { approved: body.approved };
  }
  const body = objectBody(raw, ["answers"]);
  const answers = body.answers;
  if (typeof answers !== "object" || answers === null || Array.isArray(answers)) {
    throw new ApiError(400, 'A question request takes {"answers": {"<question text>": "<answer>"}}');
  }
  const questions = ask.questions ?? [];
  for (const key of Object.keys(answers)) {
    if (!questions.some((q) => q.question === key)) throw new ApiError(400, `Unknown question "${key}"`);
  }
  const out: Record<string, string> = {};
  for (const q of questions) {
    const answer = (answers as Record<string, unknown>)[q.question];
    if (answer === undefined) throw new ApiError(400, `Missing answer for question "${q.question}"`);
    if (typeof answer !== "string" || answer.trim() === "") {
      throw new ApiError(400, `The answer to "${q.question}" must be a non-empty string`);
    }
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
