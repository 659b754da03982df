/** Every `duvo runs` command through its real parsing, against the emulator over HTTP. */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { RunDetailsSchema, RunEnvelopeSchema } from "./api-schemas.ts";
import { AGENT_IDS, APPROVAL_REQUEST, CHANNELS_QUESTION, FOLLOW_UP_QUESTION, REGION_QUESTION } from "../src/emulator/index.ts";
import { eventually, expectSent, scriptedPrompter, useEmulator, UUID_PATTERN } from "./helpers.ts";

const { emulator, duvo } = useEmulator();

async function startRun(scenario: keyof typeof AGENT_IDS, message?: string): Promise<string> {
  const result = await duvo(["runs", "start", "--agent", AGENT_IDS[scenario], ...(message ? ["--message", message] : [])]);
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

const waitForStatus = (runId: string, status: string) => eventually(() => emulator.getRun(runId)?.status === status, 10_000);
const requestsTo = (pathPart: string, method = "GET") => emulator.requests.filter((request) => request.method === method && request.path.includes(pathPart));

describe("runs start", () => {
  test("prints the bare run id on stdout and a summary on stderr; sends exactly the documented body", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", "Reconcile March"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const runId = result.stdout.trim();
    expect(result.stderr).toContain(`Started run ${runId}`);
    const posts = requestsTo("/runs", "POST");
    expect(posts).toHaveLength(1);
    expectSent(posts[0], { method: "POST", path: `/v2/teams/${emulator.teamId}/runs`, body: { agent_id: AGENT_IDS.complete, message: "Reconcile March" } });
    expect(posts[0]!.headers["idempotency-key"]).toMatch(UUID_PATTERN);
    expect(posts[0]!.headers.authorization).toBe(`Bearer ${emulator.apiKey}`);
    expect(posts[0]!.headers["user-agent"]).toMatch(/^duvo\/\d+\.\d+\.\d+/);
    // The team id came from GET /v2/teams (the key sees one team).
    expect(requestsTo("/v2/teams", "GET").some((request) => request.path === "/v2/teams")).toBe(true);
  });

  test("--json prints {run} as the API returns it", async () => {
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--json"]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(["run"]);
    v.parse(RunEnvelopeSchema, parsed);
    expect(parsed.run.agent_id).toBe(AGENT_IDS.complete);
    expect(result.stdout.split("\n")).toHaveLength(2); // compact: one line when not a TTY
  });

  test("--agent accepts a name, case-insensitively", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "start", "--agent", "invoice RECONCILER"]);
    expect(result.code).toBe(0);
    expect(requestsTo("/runs", "POST")[0]!.body).toEqual({ agent_id: AGENT_IDS.complete });
  });

  test("an unknown agent name is exit 4 listing agents, and nothing is started", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "start", "--agent", "Invoice"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('no agent named "Invoice"; did you mean: Invoice Reconciler (5e1f0c2a-7d3b-4c9e-8a30-000000000001)');
    expect(requestsTo("/runs", "POST")).toHaveLength(0);
  });

  test("--message - reads stdin; sandbox and webhook are passed through", async () => {
    emulator.clearRequests();
    const result = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--message", "-", "--sandbox-id", "sbx-1", "--webhook-url", "https://example.com/hook"], {
      stdin: "from stdin\n",
    });
    expect(result.code).toBe(0);
    expect(requestsTo("/runs", "POST")[0]!.body).toEqual({
      agent_id: AGENT_IDS.complete,
      message: "from stdin",
      sandbox_id: "sbx-1",
      webhook_url: "https://example.com/hook",
    });
  });

  test("--idempotency-key is sent as the Idempotency-Key header", async () => {
    emulator.clearRequests();
    const first = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--idempotency-key", "nightly-2026-11-28"]);
    const second = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--idempotency-key", "nightly-2026-11-28"]);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout); // the emulator replays the first start
    expect(requestsTo("/runs", "POST").map((request) => request.headers["idempotency-key"])).toEqual(["nightly-2026-11-28", "nightly-2026-11-28"]);
  });

  test.each([
    [["runs", "start"], 'missing required flag --agent for "duvo runs start"'],
    [["runs", "start", "--agent", AGENT_IDS.complete, "--webhook-url", "not a url"], 'invalid --webhook-url "not a url": expected an http(s) URL'],
    [["runs", "start", "--agent", AGENT_IDS.complete, "--exit-status"], "--exit-status needs --follow"],
    [["runs", "start", "--agent", AGENT_IDS.complete, "--message", ""], "--message is empty"],
    [["runs", "start", "--agent", AGENT_IDS.complete, "--agent", AGENT_IDS.fail], 'flag --agent was given more than once for "duvo runs start"'],
  ])("usage error %p, before any request", async (argv, message) => {
    emulator.clearRequests();
    const result = await duvo(argv);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`error: ${message}\n`);
    expect(result.stdout).toBe("");
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("runs get", () => {
  test("--json prints {run, pending_human_request} with numbered questions", async () => {
    const runId = await startRun("questions");
    await waitForStatus(runId, "waiting");
    const result = await duvo(["runs", "get", runId, "--json"]);
    expect(result.code).toBe(0);
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/runs/${runId}` });
    const parsed = JSON.parse(result.stdout);
    v.parse(RunDetailsSchema, parsed);
    expect(parsed.run.status).toBe("waiting");
    expect(parsed.pending_human_request.questions.map((question: { id: string; question: string }) => [question.id, question.question])).toEqual([
      ["1", REGION_QUESTION],
      ["2", CHANNELS_QUESTION],
    ]);
  });

  test("human output is aligned key/value lines plus the pending request", async () => {
    const runId = await startRun("approval");
    await waitForStatus(runId, "waiting");
    const result = await duvo(["runs", "get", runId]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`ID           ${runId}`);
    expect(lines[1]).toBe("Status       waiting");
    expect(lines[2]).toBe(`Agent        ${AGENT_IDS.approval}`);
    expect(result.stdout).toContain(`Approval needed: ${APPROVAL_REQUEST.title}`);
    expect(result.stdout).toContain(`duvo runs respond ${runId} --approve`);
  });

  test("an unknown run is exit 3; a malformed id is exit 4 before any request", async () => {
    const missing = await duvo(["runs", "get", "00000000-0000-4000-8000-000000000000"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toStartWith("error: GET /runs/00000000-0000-4000-8000-000000000000 failed with 404");
    emulator.clearRequests();
    const malformed = await duvo(["runs", "get", "../../teams"]);
    expect(malformed).toEqual({ code: 4, stdout: "", stderr: 'error: invalid run id "../../teams": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n' });
    expect(emulator.requests).toHaveLength(0);
  });

  test("a key of another team cannot see the run (exit 3), a bad key is exit 2", async () => {
    const runId = await startRun("complete");
    const { OTHER_TEAM_KEY } = await import("../src/emulator/index.ts");
    expect((await duvo(["runs", "get", runId], { env: { DUVO_API_KEY: OTHER_TEAM_KEY } })).code).toBe(3);
    const bad = await duvo(["runs", "get", runId], { env: { DUVO_API_KEY: "dv_wrong_key_1234" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain("dv_wrong_key_1234");
  });
});

describe("runs messages", () => {
  test("--json: the superset of the API (content on every message, API fields kept)", async () => {
    const runId = await startRun("complete", "Reconcile March");
    await waitForStatus(runId, "completed");
    emulator.clearRequests();
    const result = await duvo(["runs", "messages", runId, "--json"]);
    expect(result.code).toBe(0);
    // The run first (for its pending request), then its messages: one page.
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/runs/${runId}/messages` });
    expect(emulator.requests.map((request) => request.operationId)).toEqual(["getRun", "listRunMessages"]);
    const output = JSON.parse(result.stdout);
    const stored = emulator.getRun(runId)!.messages;
    expect(output.total).toBe(stored.length);
    expect(output.offset).toBe(0);
    expect(output.limit).toBe(stored.length);
    expect(output.pending_human_request).toBeNull();
    // Every API field kept as is, plus content.
    output.messages.forEach((message: Record<string, unknown>, index: number) => {
      const { content, ...rest } = message;
      expect(rest).toEqual(stored[index] as unknown as Record<string, unknown>);
      expect(typeof content).toBe("string");
      expect(message.status).toBeUndefined();
    });
    expect(output.messages.map((message: { content: string }) => message.content)).toEqual([
      "Reconcile March",
      "Looking up invoice INV-2024-0042 in the ledger.",
      'lookup_invoice({"invoice_id":"INV-2024-0042"})',
      '{"invoice_id":"INV-2024-0042","amount":1250,"currency":"EUR","status":"paid","payment_id":"PAY-88121"}',
      "Invoice INV-2024-0042 is reconciled: 1,250.00 EUR matched to payment PAY-88121.",
    ]);
  });

  test("a failed tool result's content is `error: ...`", async () => {
    const runId = await startRun("fail");
    await waitForStatus(runId, "failed");
    const output = JSON.parse((await duvo(["runs", "messages", runId, "--json"])).stdout);
    expect(output.messages.at(-1).content).toBe('error: Row 42: missing required column "email"');
  });

  test("a pending request is appended once, with numbered questions, not counted in total", async () => {
    const runId = await startRun("questions");
    await waitForStatus(runId, "waiting");
    const output = JSON.parse((await duvo(["runs", "messages", runId, "--json"])).stdout);
    const pending = emulator.getRun(runId)!.pending!;
    expect(output.total).toBe(output.messages.length - 1);
    const entries = output.messages.filter((message: { type: string }) => message.type === "human_request");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: pending.id,
      type: "human_request",
      status: "pending",
      role: "system",
      content: "Release plan decisions",
      request_type: "question",
      title: "Release plan decisions",
    });
    expect(entries[0].questions.map((question: { id: string; header: string }) => `${question.id}:${question.header}`)).toEqual(["1:Region", "2:Channels"]);
    expect(output.messages.at(-1).type).toBe("human_request");
  });

  test("pages through 10,001 messages in order, 50 per request, each page once", async () => {
    const runId = await startRun("bulk", "10000");
    await eventually(() => emulator.getRun(runId)?.status === "completed", 20_000);
    emulator.clearRequests();
    const result = await duvo(["runs", "messages", runId, "--json"]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    // The start message ("10000") comes first, then the 10,000 written by the agent.
    expect(output.messages).toHaveLength(10_001);
    expect(output.total).toBe(10_001);
    expect(output.messages[1].content).toBe("Exported record 1 of 10000.");
    expect(output.messages[10_000].content).toBe("Exported record 10000 of 10000.");
    expect(new Set(output.messages.map((message: { id: string }) => message.id)).size).toBe(10_001);
    // Compact JSON, streamed page by page, is exactly what one JSON.stringify would print.
    expect(result.stdout).toBe(`${JSON.stringify(output)}\n`);
    // Every page fetched once (several in flight at a time), none twice.
    const pages = requestsTo("/messages");
    expect(pages.map((request) => Number(request.query.offset)).sort((a, b) => a - b)).toEqual(Array.from({ length: 201 }, (_, page) => page * 50));
    // Each page asks for what is left: 50, and 1 for the last message.
    expect(pages.filter((request) => request.query.limit !== "50").map((request) => [request.query.offset, request.query.limit])).toEqual([["10000", "1"]]);
  });

  test("--offset and --limit (above 50 pages too)", async () => {
    const runId = await startRun("bulk", "120");
    await eventually(() => emulator.getRun(runId)?.status === "completed", 10_000);
    const output = JSON.parse((await duvo(["runs", "messages", runId, "--json", "--offset", "10", "--limit", "75"])).stdout);
    expect(output.offset).toBe(10);
    expect(output.limit).toBe(75);
    expect(output.total).toBe(121);
    expect(output.messages[0].content).toBe("Exported record 10 of 120."); // position 0 is the start message
    expect(output.messages).toHaveLength(75);
  });

  test("human output is a transcript with tool one-liners", async () => {
    const runId = await startRun("complete");
    await waitForStatus(runId, "completed");
    const result = await duvo(["runs", "messages", runId]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.replace(/^\S+Z {2}/, "<time>  "));
    expect(lines).toEqual([
      "<time>  assistant  Looking up invoice INV-2024-0042 in the ledger.",
      '<time>  assistant  → lookup_invoice({"invoice_id":"INV-2024-0042"})',
      '<time>  tool       ← lookup_invoice: {"invoice_id":"INV-2024-0042","amount":1250,"currency":"EUR","status":"paid","payment_id":"PAY-88121"}',
      "<time>  assistant  Invoice INV-2024-0042 is reconciled: 1,250.00 EUR matched to payment PAY-88121.",
    ]);
  });
});

describe("runs respond", () => {
  test("--approve sends {approved: true} to the pending request and the run continues", async () => {
    const runId = await startRun("approval");
    await waitForStatus(runId, "waiting");
    const requestId = emulator.getRun(runId)!.pending!.id;
    emulator.clearRequests();
    const result = await duvo(["runs", "respond", runId, "--approve"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`✓ Approved request ${requestId} on run ${runId}\n`);
    const posts = requestsTo("/respond", "POST");
    expect(posts).toHaveLength(1);
    expectSent(posts[0], { method: "POST", path: `/v2/runs/${runId}/human-requests/${requestId}/respond`, body: { approved: true } });
    await waitForStatus(runId, "completed");
    expect(emulator.getRun(runId)!.messages.at(-1)!.text_content).toContain("Payment sent");
  });

  test("--deny sends {approved: false} and the agent takes the other branch", async () => {
    const runId = await startRun("approval");
    await waitForStatus(runId, "waiting");
    const result = await duvo(["runs", "respond", runId, "--deny", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(JSON.parse(result.stdout).human_request.response)).toEqual({ approved: false });
    await waitForStatus(runId, "completed");
    expect(emulator.getRun(runId)!.messages.at(-1)!.text_content).toContain("Payment cancelled");
  });

  test("--answer maps numbers, headers and option labels (multi-select as A,B)", async () => {
    const runId = await startRun("questions");
    await waitForStatus(runId, "waiting");
    emulator.clearRequests();
    const result = await duvo(["runs", "respond", runId, "--answer", "1=eu", "--answer", "channels=email, SLACK"]);
    expect(result.code).toBe(0);
    expect(requestsTo("/respond", "POST")[0]!.body).toEqual({ answers: { [REGION_QUESTION]: "EU", [CHANNELS_QUESTION]: "Email,Slack" } });
    await waitForStatus(runId, "completed");
    expect(emulator.getRun(runId)!.messages.at(-1)!.text_content).toBe("Release plan ready: first region EU, announced on Email,Slack.");
  });

  test("a free-text answer keyed by question text; the split is at the first =", async () => {
    const runId = await startRun("question");
    await waitForStatus(runId, "waiting");
    emulator.clearRequests();
    const result = await duvo(["runs", "respond", runId, "--answer", `${FOLLOW_UP_QUESTION.toUpperCase()}=Offer a=b discount`]);
    expect(result.code).toBe(0);
    expect(requestsTo("/respond", "POST")[0]!.body).toEqual({ answers: { [FOLLOW_UP_QUESTION]: "Offer a=b discount" } });
    await waitForStatus(runId, "completed");
    expect(emulator.getRun(runId)!.messages.at(-1)!.text_content).toBe("Thanks. The follow-up to Northwind Traders will say: Offer a=b discount");
  });

  test("with prompts allowed and no flags, a question without options is asked as free text", async () => {
    const runId = await startRun("question");
    await waitForStatus(runId, "waiting");
    const { prompter, asked } = scriptedPrompter({ text: ["Ask for the signed PO, politely"] });
    emulator.clearRequests();
    const result = await duvo(["runs", "respond", runId], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(asked).toEqual([`text: [Follow-up] ${FOLLOW_UP_QUESTION}`]);
    expect(requestsTo("/respond", "POST")[0]!.body).toEqual({ answers: { [FOLLOW_UP_QUESTION]: "Ask for the signed PO, politely" } });
  });

  test.each([
    [["--approve"], "asks questions: answer with --answer <question-id>=<answer-text>"],
    [["--answer", "1=EU"], "every question needs an answer; missing: 2 (Channels)"],
    [["--answer", "1=EU", "--answer", "region=US", "--answer", "2=Email"], "question 1 was answered more than once"],
    [["--answer", "9=EU", "--answer", "2=Email"], '--answer key "9" matches no question; questions are 1 (Region), 2 (Channels)'],
  ])("flags that do not fit the request %p are exit 4 and nothing is sent", async (flags, message) => {
    const runId = await startRun("questions");
    await waitForStatus(runId, "waiting");
    emulator.clearRequests();
    const result = await duvo(["runs", "respond", runId, ...flags]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(message);
    expect(requestsTo("/respond", "POST")).toHaveLength(0);
  });

  test("--answer on an approval, both --approve and --deny, no flags without a TTY: exit 4", async () => {
    const runId = await startRun("approval");
    await waitForStatus(runId, "waiting");
    expect((await duvo(["runs", "respond", runId, "--answer", "1=yes"])).stderr).toContain("is an approval: use --approve or --deny");
    expect(await duvo(["runs", "respond", runId, "--approve", "--deny"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: --approve and --deny cannot be used together\n",
    });
    const bare = await duvo(["runs", "respond", runId]);
    expect(bare.code).toBe(4);
    expect(bare.stderr).toBe("error: no answer given: use --approve, --deny or --answer <question-id>=<answer-text>\n");
  });

  test("no pending request is exit 3; a request id that is not pending is exit 3", async () => {
    const runId = await startRun("complete");
    await waitForStatus(runId, "completed");
    const result = await duvo(["runs", "respond", runId, "--approve"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: run ${runId} has no pending human request (status: completed)\n`);
    const waiting = await startRun("approval");
    await waitForStatus(waiting, "waiting");
    const wrong = await duvo(["runs", "respond", waiting, "00000000-0000-4000-8000-000000000000", "--approve"]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe(
      `error: request 00000000-0000-4000-8000-000000000000 is not pending on run ${waiting} (the pending one is ${emulator.getRun(waiting)!.pending!.id})\n`,
    );
  });

  test("with prompts allowed and no flags, it asks: a select and a multi-select", async () => {
    const runId = await startRun("questions");
    await waitForStatus(runId, "waiting");
    const { prompter, asked } = scriptedPrompter({ select: ["APAC"], multiselect: [["Slack", "Blog"]] });
    emulator.clearRequests();
    const result = await duvo(["runs", "respond", runId], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(asked).toEqual([`select: [Region] ${REGION_QUESTION}`, `multiselect: [Channels] ${CHANNELS_QUESTION}`]);
    expect(requestsTo("/respond", "POST")[0]!.body).toEqual({ answers: { [REGION_QUESTION]: "APAC", [CHANNELS_QUESTION]: "Slack,Blog" } });
  });
});

describe("runs send-message", () => {
  test("sends {message} and prints the new message id; resumes a completed run", async () => {
    const runId = await startRun("complete");
    await waitForStatus(runId, "completed");
    emulator.clearRequests();
    const result = await duvo(["runs", "send-message", runId, "--message", "Please also check the backup."]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(requestsTo("/messages", "POST")).toHaveLength(1);
    expectSent(requestsTo("/messages", "POST")[0], { method: "POST", path: `/v2/runs/${runId}/messages`, body: { message: "Please also check the backup." } });
    await eventually(() => emulator.getRun(runId)!.messages.some((message) => message.text_content === "Got your message: Please also check the backup."));
  });

  test("--message - reads stdin; --json prints the API response", async () => {
    const runId = await startRun("complete");
    const result = await duvo(["runs", "send-message", runId, "--message", "-", "--json"], { stdin: "line one\nline two\n" });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).message.text_content).toBe("line one\nline two");
  });

  test("a missing --message is exit 4", async () => {
    const result = await duvo(["runs", "send-message", "00000000-0000-4000-8000-000000000000"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe('error: missing required flag --message for "duvo runs send-message"\n');
  });
});

describe("runs stop", () => {
  test("without a TTY it stops at once (the seed's plain line works in scripts)", async () => {
    const runId = await startRun("approval");
    await waitForStatus(runId, "waiting");
    emulator.clearRequests();
    const result = await duvo(["runs", "stop", runId]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`✓ Stopped run ${runId}\n`);
    expect(requestsTo("/stop", "POST")).toHaveLength(1);
    expectSent(requestsTo("/stop", "POST")[0], { method: "POST", path: `/v2/runs/${runId}/stop` });
    expect(emulator.getRun(runId)!.status).toBe("stopped");
  });

  test("a run that already ended is reported, exit 0, and no stop is sent", async () => {
    const runId = await startRun("complete");
    await waitForStatus(runId, "completed");
    emulator.clearRequests();
    const result = await duvo(["runs", "stop", runId, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ success: false, message: "run has already ended (completed)" });
    expect(requestsTo("/stop", "POST")).toHaveLength(0);
  });

  test("on a TTY it asks first; declining sends nothing; -y skips the question", async () => {
    const runId = await startRun("approval");
    await waitForStatus(runId, "waiting");
    emulator.clearRequests();
    const declined = scriptedPrompter({ confirm: [false] });
    const result = await duvo(["runs", "stop", runId], { tty: true, prompter: declined.prompter });
    expect(result.code).toBe(4);
    expect(declined.asked).toEqual([`confirm: Stop run ${runId} (waiting)?`]);
    expect(requestsTo("/stop", "POST")).toHaveLength(0);
    const yes = await duvo(["runs", "stop", runId, "-y"], { tty: true, prompter: scriptedPrompter({}).prompter });
    expect(yes.code).toBe(0);
    expect(requestsTo("/stop", "POST")).toHaveLength(1);
  });
});
