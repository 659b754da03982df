/** `--follow`: the NDJSON stream, human output, exit statuses, outages and Ctrl-C. */
import { describe, expect, test } from "bun:test";
import type { Transport } from "../src/api/client.ts";
import { AGENT_IDS, FOLLOW_UP_QUESTION } from "../src/emulator/index.ts";
import { InterruptedError } from "../src/errors.ts";
import { eventually, scriptedPrompter, useEmulator } from "./helpers.ts";

const { emulator, duvo } = useEmulator();

const ndjson = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("runs start --follow --json", () => {
  test("streams NDJSON: run_status first (with .run.id), every message once, final run_status last", async () => {
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--follow", "--json"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("\n\n");
    const lines = ndjson(result.stdout);
    const runId = lines[0].run.id;
    expect(lines[0]).toMatchObject({ type: "run_status", status: "pending" });
    expect(lines[0].timestamp).toBe(lines[0].run.updated_at);
    expect(lines.at(-1)).toMatchObject({ type: "run_status", status: "completed", run: { id: runId, status: "completed" } });
    const messages = lines.filter((line) => line.type !== "run_status");
    const stored = emulator.getRun(runId)!.messages;
    expect(messages.map((message) => message.id)).toEqual(stored.map((message) => message.id));
    expect(messages.every((message) => typeof message.content === "string")).toBe(true);
    // Status lines only when the status changes.
    const statuses = lines.filter((line) => line.type === "run_status").map((line) => line.status);
    expect(statuses.every((status, index) => index === 0 || status !== statuses[index - 1])).toBe(true);
  });

  test("a waiting run: its run_status line, then the human_request entry once; following continues after an answer", async () => {
    const mark = emulator.requests.length;
    const follow = duvo(["runs", "start", "--agent", AGENT_IDS.approval, "--follow", "--json"]);
    const runId = await eventually(() => startedRunId(mark));
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    await followerSawWaiting(runId);
    const answer = await duvo(["runs", "respond", runId, "--approve"]);
    expect(answer.code).toBe(0);
    const result = await follow;
    expect(result.code).toBe(0);
    const lines = ndjson(result.stdout);
    const requestIndex = lines.findIndex((line) => line.type === "human_request");
    expect(lines.filter((line) => line.type === "human_request")).toHaveLength(1);
    expect(lines[requestIndex - 1]).toMatchObject({ type: "run_status", status: "waiting" });
    expect(lines[requestIndex]).toMatchObject({ status: "pending", role: "system", request_type: "approval" });
    expect(lines.at(-1)).toMatchObject({ type: "run_status", status: "completed" });
    expect(lines.some((line) => line.content === "Payment sent: 1,250.00 EUR to Acme Supplies (PAY-90031).")).toBe(true);
  });
});

/** Waits until the run is waiting and a follower has read it since (so it saw the request). */
async function followerSawWaiting(runId: string) {
  await eventually(() => emulator.getRun(runId)?.status === "waiting");
  const mark = emulator.requests.length;
  await eventually(() => emulator.requests.slice(mark).some((request) => request.method === "GET" && request.path === `/v2/runs/${runId}` && request.status === 200));
}

/**
 * The id of the run a concurrent `runs start` created after `mark` (a position in the request
 * log), read from its first GET. Earlier tests leave runs of the same agent waiting, so only
 * requests made after the start count.
 */
function startedRunId(mark: number): string | undefined {
  const since = emulator.requests.slice(mark);
  if (!since.some((request) => request.method === "POST" && request.path.endsWith("/runs") && request.status === 201)) return undefined;
  const read = since.find((request) => request.method === "GET" && /^\/v2\/runs\/[^/]+(\/messages)?$/.test(request.path));
  return read?.path.split("/")[3];
}

describe("--exit-status", () => {
  test("a failed run exits 6 after printing everything", async () => {
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.fail, "--follow", "--exit-status", "--json"]);
    expect(result.code).toBe(6);
    expect(ndjson(result.stdout).at(-1)).toMatchObject({ type: "run_status", status: "failed" });
  });

  test("a run that needs a human exits 8 when it cannot prompt, after printing the request", async () => {
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.approval, "--follow", "--exit-status", "--json"]);
    expect(result.code).toBe(8);
    expect(ndjson(result.stdout).at(-1)).toMatchObject({ type: "human_request", request_type: "approval" });
  });

  test("a completed run exits 0", async () => {
    expect((await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--follow", "--exit-status"])).code).toBe(0);
  });
});

describe("runs messages --follow", () => {
  test("human output: the transcript on stdout, status lines on stderr, the request block with how to answer", async () => {
    const start = await duvo(["runs", "start", "--agent", AGENT_IDS.questions]);
    const runId = start.stdout.trim();
    const follow = duvo(["runs", "messages", runId, "--follow"]);
    await followerSawWaiting(runId);
    expect((await duvo(["runs", "respond", runId, "--answer", "1=US", "--answer", "2=Blog"])).code).toBe(0);
    const result = await follow;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Question from the agent: Release plan decisions");
    expect(result.stdout).toContain(`duvo runs respond ${runId} --answer "1=EU" --answer "2=Email,Slack"`);
    expect(result.stdout).toContain("assistant  Release plan ready: first region US, announced on Blog.");
    expect(result.stderr).toContain(`● run ${runId} is waiting`);
    expect(result.stderr).toContain(`● run ${runId} is completed`);
    expect(result.stdout).not.toContain("●");
  });

  test("on a finished run it prints from --offset and exits", async () => {
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.complete])).stdout.trim();
    await eventually(() => emulator.getRun(runId)?.status === "completed");
    const result = await duvo(["runs", "messages", runId, "--follow", "--json", "--offset", "2"]);
    const lines = ndjson(result.stdout);
    // Positions 0 and 1 are the first text and the tool call; a finished stream ends with its status.
    expect(lines.map((line) => line.type)).toEqual(["run_status", "tool_result", "text", "run_status"]);
    expect(lines[0].status).toBe("completed");
    expect(lines[3].status).toBe("completed");
  });

  test("--limit with --follow is a usage error", async () => {
    const result = await duvo(["runs", "messages", "00000000-0000-4000-8000-000000000000", "--follow", "--limit", "5"]);
    expect(result).toEqual({ code: 4, stdout: "", stderr: "error: --limit cannot be combined with --follow\n" });
  });

  test("survives the server going away and coming back: nothing lost, nothing twice", async () => {
    // A run that waits for a human cannot end before the outage: the follower is still polling it.
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.approval])).stdout.trim();
    let refused = 0;
    let answered = 0;
    const transport: Transport = (input, init) =>
      fetch(input, init).then(
        (response) => {
          answered++;
          return response;
        },
        (error) => {
          refused++;
          throw error;
        },
      );
    const follow = duvo(["runs", "messages", runId, "--follow", "--json"], { fetch: transport });
    await eventually(() => emulator.getRun(runId)?.status === "waiting" && answered >= 3);
    await emulator.down();
    try {
      await eventually(() => refused >= 2); // the follower felt the outage
    } finally {
      await emulator.up();
    }
    expect((await duvo(["runs", "respond", runId, "--approve"])).code).toBe(0);
    const result = await follow;
    expect(result.code).toBe(0);
    const lines = ndjson(result.stdout).filter((line) => line.type !== "run_status" && line.type !== "human_request");
    expect(lines.map((line) => line.id)).toEqual(emulator.getRun(runId)!.messages.map((message) => message.id));
    expect(emulator.getRun(runId)!.status).toBe("completed");
  });

  test("Ctrl-C stops following (exit 130), says how to resume, and leaves no half line", async () => {
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.approval])).stdout.trim();
    await eventually(() => emulator.getRun(runId)?.status === "waiting");
    // Interrupted once the follower has printed the pending request (so it has printed what exists).
    const result = await duvo(["runs", "messages", runId, "--follow", "--json"], { interruptWhen: ({ stdout }) => stdout.includes('"type":"human_request"') });
    expect(result.code).toBe(130);
    expect(result.stdout.endsWith("\n")).toBe(true);
    const printed = ndjson(result.stdout).filter((line) => line.type !== "run_status" && line.type !== "human_request").length;
    expect(result.stderr).toContain(`resume:   duvo runs messages ${runId} --follow --offset ${printed}`);
    expect(result.stderr).toContain(`stop it:  duvo runs stop ${runId}`);
    expect(emulator.getRun(runId)!.status).toBe("waiting"); // the run keeps going
  });

  test("a run that does not exist is exit 3", async () => {
    const result = await duvo(["runs", "messages", "00000000-0000-4000-8000-000000000000", "--follow"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toStartWith("error: GET /runs/00000000-0000-4000-8000-000000000000 failed with 404");
    expect(result.stderr).not.toContain("To resume");
  });
});

describe("answering inline while following at a terminal", () => {
  const postsTo = (runId: string) => emulator.requests.filter((request) => request.method === "POST" && request.path.startsWith(`/v2/runs/${runId}/human-requests/`));

  test("an approval is a yes/no question; the answer is sent and following continues to the end", async () => {
    const { prompter, asked } = scriptedPrompter({ confirm: [true] });
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.approval, "--follow"], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(asked).toEqual(["confirm: Approve: Approve payment to Acme Supplies?"]);
    const runId = /Started run (\S+)/.exec(result.stderr)![1]!;
    expect(postsTo(runId).map((request) => request.body)).toEqual([{ approved: true }]);
    expect(result.stdout).toContain("Approval needed: Approve payment to Acme Supplies");
    expect(result.stdout).toContain("Payment sent: 1,250.00 EUR to Acme Supplies (PAY-90031).");
    expect(result.stderr).toContain(`✓ Approved request ${emulator.getRun(runId)!.requests[0]!.id}`);
    expect(result.stderr).toContain(`● run ${runId} is completed`);
  });

  test("questions are asked one by one: a select, then a multi-select", async () => {
    const { prompter, asked } = scriptedPrompter({ select: ["US"], multiselect: [["Email", "Blog"]] });
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.questions, "--follow", "--exit-status"], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(asked.map((question) => question.split(":")[0])).toEqual(["select", "multiselect"]);
    expect(result.stdout).toContain("Release plan ready: first region US, announced on Email,Blog.");
  });

  test("a question without options is answered as free text, and the run goes on with that answer", async () => {
    const { prompter, asked } = scriptedPrompter({ text: ["Offer 10% off the next order"] });
    const mark = emulator.requests.length;
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.question, "--follow", "--exit-status"], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(asked).toEqual([`text: [Follow-up] ${FOLLOW_UP_QUESTION}`]);
    const responds = emulator.requests.slice(mark).filter((request) => request.path.endsWith("/respond"));
    expect(responds.map((request) => request.body)).toEqual([{ answers: { [FOLLOW_UP_QUESTION]: "Offer 10% off the next order" } }]);
    expect(result.stdout).toContain("Thanks. The follow-up to Northwind Traders will say: Offer 10% off the next order");
  });

  test("with --json it never prompts (NDJSON is for scripts)", async () => {
    const { prompter, asked } = scriptedPrompter({});
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.approval, "--follow", "--json", "--exit-status"], { tty: true, prompter });
    expect(result.code).toBe(8);
    expect(asked).toEqual([]);
  });

  test("--no-input never prompts either", async () => {
    const { prompter, asked } = scriptedPrompter({});
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.approval, "--follow", "--exit-status", "--no-input"], { tty: true, prompter });
    expect(result.code).toBe(8);
    expect(asked).toEqual([]);
    expect(result.stdout).toContain("duvo runs respond");
  });

  test("cancelling the prompt stops following like Ctrl-C, and says how to resume", async () => {
    // What a cancelled consola prompt throws (Ctrl-C at the prompt).
    const prompter = {
      ...scriptedPrompter({}).prompter,
      confirm: async () => {
        throw new InterruptedError("SIGINT");
      },
    };
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.approval, "--follow"], { tty: true, prompter });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("resume:   duvo runs messages ");
  });
});

describe("how a follow ends on errors", () => {
  test("a rejected key while following is exit 2, without a resume hint", async () => {
    const runId = (await duvo(["runs", "start", "--agent", AGENT_IDS.complete])).stdout.trim();
    const result = await duvo(["runs", "messages", runId, "--follow"], { env: { DUVO_API_KEY: "dv_wrong_key_0000" } });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("To resume");
  });

  test("a malformed DUVO_TEAM_ID is a usage error before any request", async () => {
    const mark = emulator.requests.length;
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.complete], { env: { DUVO_TEAM_ID: "team-1" } });
    expect(result).toEqual({ code: 4, stdout: "", stderr: 'error: invalid DUVO_TEAM_ID "team-1": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n' });
    expect(emulator.requests.length).toBe(mark);
  });
});
