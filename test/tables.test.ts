/**
 * Tables at a terminal and in a pipe: fitted to the terminal's width (wide characters
 * measured as two cells, cut text ending in "…", ids never cut), status in colour and
 * relative times on a TTY; whole cells, ISO times and no colour otherwise.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cellWidth, cut, renderTable } from "../src/output/table.ts";
import { relativeTime, timeText } from "../src/output/time.ts";
import { memoryOutput } from "../src/output/io.ts";
import { styleFor } from "../src/output/style.ts";
import { documentExample, runDuvo, tempDir } from "./helpers.ts";

const MINUTE = 60_000;
const TEAM_ID = "7c0e7a52-51c4-4e8a-9d8f-0000000000aa";
const now = Date.now();
const ago = (ms: number) => new Date(now - ms).toISOString();

/** A run summary and an agent as the document shapes them, with the fields these tests set. */
const runSummary = (fields: Record<string, unknown>) => ({ ...documentExample("listRuns").data[0], ...fields });
const agentItem = (fields: Record<string, unknown>) => ({ ...documentExample("listAgents").agents[0], ...fields });

const runs = [
  runSummary({
    id: "0b7a8a52-51c4-4e8a-9d8f-000000000001",
    status: "completed",
    agent_id: "1a7a8a52-51c4-4e8a-9d8f-00000000000a",
    agent_name: "請求書の照合エージェント",
    title: "3月分の請求書を照合して差異を報告する",
    created_at: ago(3 * MINUTE + 5_000),
    updated_at: ago(MINUTE),
  }),
  runSummary({
    id: "0b7a8a52-51c4-4e8a-9d8f-000000000002",
    status: "needs_attention",
    agent_id: "1a7a8a52-51c4-4e8a-9d8f-00000000000b",
    agent_name: "Customer Follow-up",
    title: "Follow up with ACME about the overdue invoice from March",
    created_at: ago(2 * 60 * MINUTE + 5_000),
    updated_at: ago(MINUTE),
  }),
  runSummary({
    id: "0b7a8a52-51c4-4e8a-9d8f-000000000003",
    status: "running",
    agent_id: "1a7a8a52-51c4-4e8a-9d8f-00000000000c",
    agent_name: "🤖 Bot",
    title: "",
    created_at: ago(5 * 24 * 60 * MINUTE + 5_000),
    updated_at: ago(MINUTE),
  }),
];

const agents = [
  agentItem({
    id: "1a7a8a52-51c4-4e8a-9d8f-00000000000a",
    name: "請求書の照合エージェント",
    last_run_at: ago(3 * MINUTE + 5_000),
    latest_build: { ...documentExample("listAgents").agents[0].latest_build, id: "2b7a8a52-51c4-4e8a-9d8f-000000000001", revision_number: 12 },
  }),
  agentItem({ id: "1a7a8a52-51c4-4e8a-9d8f-00000000000b", name: "Customer Follow-up", last_run_at: null, latest_build: null }),
];

/** A stand-in API serving fixed lists with names the emulator has not got (CJK, emoji). */
let server: ReturnType<typeof Bun.serve>;
let env: Record<string, string>;
beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const path = new URL(request.url).pathname;
      if (path === `/v2/teams/${TEAM_ID}/runs`) return Response.json({ data: runs, total: runs.length });
      if (path === `/v2/teams/${TEAM_ID}/agents`) return Response.json({ agents, total: agents.length, limit: 20, offset: 0 });
      return Response.json({ error: { message: "not found" } }, { status: 404 });
    },
  });
  env = {
    DUVO_API_BASE_URL: `http://127.0.0.1:${server.port}`,
    DUVO_API_KEY: "dv_test_tables",
    DUVO_TEAM_ID: TEAM_ID,
    DUVO_CONFIG_DIR: tempDir("duvo-config-"),
    NO_COLOR: "1",
  };
});
afterAll(() => server.stop(true));

const duvo = (argv: string[], options: Parameters<typeof runDuvo>[1] = {}) => runDuvo(argv, { ...options, env: { ...env, ...options.env } });
const plainStyle = styleFor({ env: {} }, memoryOutput(false));
const widths = (text: string) => text.trimEnd().split("\n").map(cellWidth);

describe("runs list", () => {
  test("not on a TTY: whole cells, ISO times, no colour, however long the lines", async () => {
    const result = await duvo(["runs", "list"], { env: { FORCE_COLOR: undefined, NO_COLOR: undefined }, columns: 40 });
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "ID                                    STATUS           AGENT                     TITLE                                                     CREATED",
        `0b7a8a52-51c4-4e8a-9d8f-000000000001  completed        請求書の照合エージェント  3月分の請求書を照合して差異を報告する                     ${runs[0]!.created_at}`,
        `0b7a8a52-51c4-4e8a-9d8f-000000000002  needs_attention  Customer Follow-up        Follow up with ACME about the overdue invoice from March  ${runs[1]!.created_at}`,
        `0b7a8a52-51c4-4e8a-9d8f-000000000003  running          🤖 Bot                    -                                                         ${runs[2]!.created_at}`,
        "",
      ].join("\n"),
    });
  });

  test("on an 80-column TTY: relative times, agent and title cut to fit, wide characters measured as two cells", async () => {
    const result = await duvo(["runs", "list"], { tty: true, columns: 80 });
    expect(result.stdout).toBe(
      [
        "ID                                    STATUS           AGENT    TITLE    CREATED",
        "0b7a8a52-51c4-4e8a-9d8f-000000000001  completed        請求書…  3月分…   3m ago",
        "0b7a8a52-51c4-4e8a-9d8f-000000000002  needs_attention  Custom…  Follow…  2h ago",
        "0b7a8a52-51c4-4e8a-9d8f-000000000003  running          🤖 Bot   -        5d ago",
        "",
      ].join("\n"),
    );
    expect(Math.max(...widths(result.stdout))).toBeLessThanOrEqual(80);
  });

  test("on a 120-column TTY the text gets the room", async () => {
    const result = await duvo(["runs", "list"], { tty: true, columns: 120 });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[1]).toBe("0b7a8a52-51c4-4e8a-9d8f-000000000001  completed        請求書の照合エージェント  3月分の請求書を照合して差異を…  3m ago");
    expect(lines[2]).toBe("0b7a8a52-51c4-4e8a-9d8f-000000000002  needs_attention  Customer Follow-up        Follow up with ACME about the…  2h ago");
    expect(Math.max(...widths(result.stdout))).toBe(120);
  });

  test("on a 60-column TTY the ids stay whole (other commands need them), the text goes down to its minimum, the lines wrap", async () => {
    const result = await duvo(["runs", "list"], { tty: true, columns: 60 });
    expect(result.stdout.split("\n").slice(0, 2)).toEqual([
      "ID                                    STATUS           AGENT  TITLE  CREATED",
      "0b7a8a52-51c4-4e8a-9d8f-000000000001  completed        請求…  3月…   3m ago",
    ]);
  });

  test("status in colour on a TTY (bold headers too), never with NO_COLOR", async () => {
    const coloured = await duvo(["runs", "list"], { tty: true, columns: 200, env: { NO_COLOR: undefined } });
    expect(coloured.stdout).toContain("\x1b[32mcompleted\x1b[39m");
    expect(coloured.stdout).toContain("\x1b[33mneeds_attention\x1b[39m");
    expect(coloured.stdout).toContain("\x1b[36mrunning\x1b[39m");
    expect(coloured.stdout.startsWith("\x1b[1mID\x1b[22m")).toBe(true);
    // Colour codes take no room: the coloured table is as wide as the plain one.
    const plain = await duvo(["runs", "list"], { tty: true, columns: 200 });
    expect(plain.stdout).not.toContain("\x1b[");
    expect(widths(coloured.stdout)).toEqual(widths(plain.stdout));
  });

  test("--json is untouched by the terminal's width", async () => {
    const result = await duvo(["runs", "list", "--json"], { tty: true, columns: 40 });
    expect(JSON.parse(result.stdout)).toEqual({ data: runs, total: runs.length });
  });
});

describe("agents list", () => {
  test("on a 64-column TTY: the CJK name cut to fit, last run relative", async () => {
    const result = await duvo(["agents", "list"], { tty: true, columns: 64 });
    expect(result.stdout).toBe(
      [
        "ID                                    NAME    LAST RUN  REVISION",
        "1a7a8a52-51c4-4e8a-9d8f-00000000000a  請求…   3m ago    12",
        "1a7a8a52-51c4-4e8a-9d8f-00000000000b  Custo…  -         -",
        "",
      ].join("\n"),
    );
  });

  test("not on a TTY: whole names and ISO times", async () => {
    const result = await duvo(["agents", "list"], { columns: 64 });
    expect(result.stdout.split("\n")[1]).toBe(`1a7a8a52-51c4-4e8a-9d8f-00000000000a  請求書の照合エージェント  ${agents[0]!.last_run_at}  12`);
  });
});

describe("renderTable", () => {
  const rows = [
    ["請求書の照合エージェント", "completed", "日本語のタイトル"],
    ["Invoice Reconciler", "failed", "Reconcile the March invoices against the ledger"],
  ];
  const columns = ["NAME", { header: "STATUS", keep: true }, "TITLE"];

  test("fits 40 cells: the widest cuttable column gives way first", () => {
    const table = renderTable(columns, rows, plainStyle, { width: 40 });
    expect(table).toBe(["NAME           STATUS     TITLE", "請求書の照合…  completed  日本語のタイ…", "Invoice Reco…  failed     Reconcile the…", ""].join("\n"));
    expect(Math.max(...widths(table))).toBeLessThanOrEqual(40);
  });

  test("fits 60 cells: once the widest is down to the next, both give way", () => {
    const table = renderTable(columns, rows, plainStyle, { width: 60 });
    expect(table.split("\n")).toEqual([
      "NAME                     STATUS     TITLE",
      "請求書の照合エージェン…  completed  日本語のタイトル",
      "Invoice Reconciler       failed     Reconcile the March inv…",
      "",
    ]);
    expect(Math.max(...widths(table))).toBe(60);
  });

  test("without a width nothing is cut", () => {
    expect(renderTable(columns, rows, plainStyle)).toContain("Reconcile the March invoices against the ledger");
  });
});

describe("cut", () => {
  test("ends in an ellipsis within the width; a wide character never straddles the edge", () => {
    expect(cut("Invoice Reconciler", 8)).toBe("Invoice…");
    expect(cut("請求書の照合", 6)).toBe("請求…");
    expect(cut("請求書の照合", 7)).toBe("請求書…");
    expect(cut("👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", 5)).toBe("👩‍👩‍👧👩‍👩‍👧…");
    expect(cut("short", 10)).toBe("short");
    expect(cut("\x1b[32mcompleted\x1b[39m", 5)).toBe("comp…");
    expect(cellWidth("請求書…")).toBe(7);
  });
});

describe("relative times", () => {
  const at = Date.parse("2025-06-01T12:00:00Z");
  const before = (seconds: number) => new Date(at - seconds * 1000).toISOString();
  test.each([
    [2, "just now"],
    [-30, "just now"],
    [42, "42s ago"],
    [3 * 60 + 59, "3m ago"],
    [5 * 3600, "5h ago"],
    [2 * 86400, "2d ago"],
    [95 * 86400, "3mo ago"],
    [800 * 86400, "2y ago"],
    [-300, "in 5m"],
  ])("%p seconds ago: %p", (seconds, text) => {
    expect(relativeTime(before(seconds), at)).toBe(text);
  });

  test("a TTY shows relative times, anything else the API's text; unparseable text is shown as it came", () => {
    expect(timeText(before(180), true, at)).toBe("3m ago");
    expect(timeText(before(180), false, at)).toBe("2025-06-01T11:57:00.000Z");
    expect(timeText(null, true, at)).toBe("-");
    expect(timeText("yesterday\x1b[2J", true, at)).toBe("yesterday");
  });
});
