/**
 * `cases create --from-file`: JSON, JSON Lines and CSV; each case of the file in the queue
 * exactly once through injected faults that store a batch and then fail its answer, through
 * kill -9 of the compiled binary, and through re-runs of the same command.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, emulatorEnv, tempDir, testEmulator, useEmulator, SLOW_TEST_MS } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";
import { fakeClock } from "./fake-clock.ts";
import type { Transport } from "../src/api/client.ts";

const { emulator, duvo } = useEmulator();
const dir = tempDir("duvo-import-");
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const newQueue = async (name: string) => JSON.parse((await duvo(["queues", "create", "--name", name, "--json"])).stdout).queue.id as string;
const titles = (cases: { title: string }[] | undefined) => (cases ?? []).map((item) => item.title).sort();

describe("formats", () => {
  test("a JSON array, JSON Lines and CSV (quoted fields, labels key=value;value); identical rows are distinct cases", async () => {
    const queue = await newQueue("Formats");
    const array = write(
      "cases.json",
      JSON.stringify([
        { title: "A", data: { amount: 12 }, priority: "high", labels: ["region=EU"] },
        { title: "A", data: { amount: 12 }, priority: "high", labels: ["region=EU"] },
      ]),
    );
    const result = await duvo(["cases", "create", "--queue", queue, "--from-file", array, "--json"]);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.already_present).toBe(0);
    expect(answer.added_cases).toHaveLength(2);
    expect(responseProblem("createCases", 201, { added_cases: answer.added_cases })).toBeUndefined();
    expect(answer.added_cases[0]).toMatchObject({ title: "A", data: '{"amount":12}', priority: "high" });
    expect(answer.added_cases[0].labels.map((label: { key: string; value: string }) => `${label.key}=${label.value}`)).toEqual([
      "region=EU",
      expect.stringMatching(/^duvo-import=[0-9a-f]{12}$/),
    ]);

    const lines = write("cases.jsonl", '{"title":"L1"}\n\n{"title":"L2","labels":[{"key":"k","value":"v"}]}\n');
    expect(JSON.parse((await duvo(["cases", "create", "--queue", queue, "--from-file", lines, "--json"])).stdout).added_cases.map((item: { title: string }) => item.title)).toEqual(
      ["L1", "L2"],
    );
    const csv = write("cases.csv", 'title,data,priority,labels\n"Invoice, 1","line one\nline ""two""",medium,region=EU;urgent\nInvoice 2,,,\n');
    const fromCsv = JSON.parse((await duvo(["cases", "create", "--queue", queue, "--from-file", csv, "--json"])).stdout).added_cases;
    expect(fromCsv.map((item: { title: string; data: string; priority: string }) => [item.title, item.data, item.priority])).toEqual([
      ["Invoice, 1", 'line one\nline "two"', "medium"],
      ["Invoice 2", "", "none"],
    ]);
    expect(fromCsv[0].labels.map((label: { key: string; value: string }) => (label.key ? `${label.key}=${label.value}` : label.value)).slice(0, 2)).toEqual([
      "region=EU",
      "urgent",
    ]);
    const stdin = await duvo(["cases", "create", "--queue", queue, "--from-file", "-", "--json"], { stdin: '{"title":"From stdin"}\n' });
    expect(JSON.parse(stdin.stdout).added_cases[0].title).toBe("From stdin");
  });

  test("a bad row or file is exit 4 naming it, before any request", async () => {
    const queue = await newQueue("Bad input");
    emulator.clearRequests();
    const bad = write("bad.csv", "title,colour\nA,red\n");
    expect(await duvo(["cases", "create", "--queue", queue, "--from-file", bad])).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: bad.csv: unknown CSV column "colour"; the columns are title, data, priority, labels\n',
    });
    const noTitle = write("no-title.jsonl", '{"title":"ok"}\n{"data":"x"}\n');
    expect((await duvo(["cases", "create", "--queue", queue, "--from-file", noTitle])).stderr).toBe("error: no-title.jsonl: line 2: title is missing or empty\n");
    const priority = write("priority.json", '[{"title":"a","priority":"urgent"}]');
    expect((await duvo(["cases", "create", "--queue", queue, "--from-file", priority])).stderr).toBe("error: priority.json: case 1: priority must be none, medium or high\n");
    expect((await duvo(["cases", "create", "--queue", queue, "--from-file", join(dir, "missing.csv")])).stderr).toBe(
      `error: --from-file: cannot read "${join(dir, "missing.csv")}": no such file\n`,
    );
    expect(emulator.requests.filter((request) => request.path.includes("/cases"))).toEqual([]);
  });
});

describe("exactly once", () => {
  test(
    "2,000 cases at 35% faults on the creates (stored-then-500 and stored-then-cut among them) and 20% on reads: each case once",
    async () => {
      const queue = await newQueue("Faults");
      // Someone else's case, identical to a row: never counted as ours.
      await duvo(["cases", "create", "--queue", queue, "--title", "case 7", "--data", "7"]);
      const rows = Array.from({ length: 2000 }, (_, i) => ({ title: `case ${i % 1990}`, data: String(i % 1990) })); // 10 rows twice: distinct cases
      const path = write("two-thousand.jsonl", rows.map((row) => JSON.stringify(row)).join("\n"));
      emulator.setFaults([
        { rates: { "stored-500": 0.1, "stored-cut": 0.1, "500": 0.05, "503": 0.05, reset: 0.05 }, seed: 13, operations: ["createCases"] },
        { rates: { "500": 0.06, "502": 0.04, reset: 0.05, malformed: 0.05 }, seed: 17, operations: ["searchCases", "listCases"] },
      ]);
      try {
        const result = await duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"], { env: { DUVO_RETRY_BUDGET: "120" } });
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        const counts = emulator.faultCounts()!;
        expect(counts["stored-500"]).toBeGreaterThan(0);
        expect(counts["stored-cut"]).toBeGreaterThan(0);
        const answer = JSON.parse(result.stdout);
        expect(answer.already_present).toBe(0);
        expect(answer.added_cases).toHaveLength(2000);
        expect(new Set(answer.added_cases.map((item: { id: string }) => item.id)).size).toBe(2000);
      } finally {
        emulator.setFaults(undefined);
      }
      const stored = emulator.queueCases(queue)!;
      expect(titles(stored)).toEqual(titles([...rows, { title: "case 7" }]));
      // The same command again: everything is there already.
      const again = await duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"]);
      expect(JSON.parse(again.stdout)).toEqual({ added_cases: [], already_present: 2000 });
      expect(emulator.queueCases(queue)).toHaveLength(2001);
    },
    SLOW_TEST_MS,
  );
});

describe("kill -9 and the same command again", () => {
  const slow = testEmulator({ latencyMs: 10 });
  afterAll(async () => (await slow).stop());

  test(
    "3,000 cases, the binary killed part-way: the second run adds only what is missing and says how many were there",
    async () => {
      const server = await slow;
      const env = emulatorEnv(server);
      const queue = JSON.parse(
        await Bun.spawn([BINARY, "queues", "create", "--name", "Killed", "--json"], { env: { ...process.env, ...env } as Record<string, string>, stdout: "pipe" }).stdout.text(),
      ).queue.id;
      const rows = Array.from({ length: 3000 }, (_, i) => `row ${i},${i % 3 === 0 ? "fail-safe" : "data"},,batch=${Math.floor(i / 100)}`);
      const path = write("three-thousand.csv", `title,data,priority,labels\n${rows.join("\n")}\n`);
      const creates = () => server.requests.filter((request) => request.operationId === "createCases");
      const temporary = tempDir("duvo-import-tmp-"); // where the import keeps the cases it added
      const child = Bun.spawn([BINARY, "cases", "create", "--queue", queue, "--from-file", path], {
        env: { ...process.env, ...env, TMPDIR: temporary } as Record<string, string>,
        stdout: "ignore",
        stderr: "ignore",
      });
      while (creates().length < 12) await Bun.sleep(5);
      child.kill("SIGKILL");
      expect(await child.exited).not.toBe(0);
      expect(readdirSync(temporary)).toEqual([]); // its temporary file was unlinked once open
      // The outcome of the request in flight is final once the server has answered it (or its connection closed).
      while (server.requests.some((request) => request.status === 0)) await Bun.sleep(5);
      const before = server.queueCases(queue)!.length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(3000);
      const again = Bun.spawn([BINARY, "cases", "create", "--queue", queue, "--from-file", path, "--json"], {
        env: { ...process.env, ...env } as Record<string, string>,
        stdout: "pipe",
        stderr: "pipe",
      });
      const [code, out] = await Promise.all([again.exited, again.stdout.text()]);
      expect(code).toBe(0);
      const answer = JSON.parse(out);
      expect(answer.already_present).toBe(before);
      expect(answer.added_cases).toHaveLength(3000 - before);
      const stored = server.queueCases(queue)!;
      expect(titles(stored)).toEqual(rows.map((row) => row.split(",")[0]!).sort());
    },
    SLOW_TEST_MS,
  );
});

describe("Ctrl-C and the same command again", () => {
  const slow = testEmulator({ latencyMs: 10 });
  afterAll(async () => (await slow).stop());

  test(
    "1,500 cases, SIGINT part-way: exit 130 with nothing half-sent, the second run adds only the rest",
    async () => {
      const server = await slow;
      const env = { ...process.env, ...emulatorEnv(server) } as Record<string, string>;
      const queue = JSON.parse(await Bun.spawn([BINARY, "queues", "create", "--name", "Interrupted", "--json"], { env, stdout: "pipe" }).stdout.text()).queue.id;
      const rows = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ title: `line ${i}`, data: `payload ${i}` }));
      const path = write("fifteen-hundred.jsonl", `${rows.join("\n")}\n`);
      const creates = () => server.requests.filter((request) => request.operationId === "createCases");
      const child = Bun.spawn([BINARY, "cases", "create", "--queue", queue, "--from-file", path], { env, stdout: "ignore", stderr: "pipe" });
      while (creates().length < 5) await Bun.sleep(5);
      child.kill("SIGINT");
      const [code, stderr] = await Promise.all([child.exited, child.stderr.text()]);
      expect(code).toBe(130);
      expect(child.signalCode).toBeNull(); // it ended by itself, through its handler
      expect(stderr).not.toContain("    at "); // no stack trace
      while (server.requests.some((request) => request.status === 0)) await Bun.sleep(5);
      const before = server.queueCases(queue)!.length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(1500);
      const again = Bun.spawn([BINARY, "cases", "create", "--queue", queue, "--from-file", path, "--json"], { env, stdout: "pipe", stderr: "pipe" });
      const [againCode, out] = await Promise.all([again.exited, again.stdout.text()]);
      expect(againCode).toBe(0);
      const answer = JSON.parse(out);
      expect(answer.already_present).toBe(before);
      expect(answer.added_cases).toHaveLength(1500 - before);
      expect(titles(server.queueCases(queue)!)).toEqual(rows.map((row) => JSON.parse(row).title).sort());
    },
    SLOW_TEST_MS,
  );
});

type WholeRow = { title: string; data: string; priority: string; labels: string[] };

/** 300 rows to import, ten of them twice (distinct cases), each with a priority and labels. */
const wholeRows = (title: string): WholeRow[] =>
  Array.from({ length: 300 }, (_, i) => ({
    title: `${title} ${i % 290}`,
    data: `payload ${i % 290}`,
    priority: ["none", "medium", "high"][i % 3]!,
    labels: [`region=${i % 2 ? "EU" : "US"}`, `batch=${Math.floor(i / 50)}`],
  }));

/** The queue holds exactly `rows`, each whole (title, data, priority, labels but the import's own); its cases as listed. */
async function expectRowsWhole(own: ReturnType<typeof useEmulator>, queue: string, rows: WholeRow[]): Promise<{ id: string }[]> {
  const whole = (item: { title: string; data: string; priority: string; labels: { key: string; value: string }[] }) =>
    JSON.stringify([
      item.title,
      item.data,
      item.priority,
      item.labels
        .filter((label) => label.key !== "duvo-import")
        .map((label) => `${label.key}=${label.value}`)
        .sort(),
    ]);
  const listed = JSON.parse((await own.duvo(["cases", "list", "--queue", queue, "--all", "--json"])).stdout).cases;
  expect(listed.map(whole).sort()).toEqual(rows.map((row) => JSON.stringify([row.title, row.data, row.priority, [...row.labels].sort()])).sort());
  return listed;
}

describe("a batch stored in part, then failed", () => {
  const own = useEmulator();

  test(
    "300 rows, 30% of batches store only their first half and answer 500: each row once, whole (title, data, priority, labels)",
    async () => {
      const queue = JSON.parse((await own.duvo(["queues", "create", "--name", "Partial", "--json"])).stdout).queue.id as string;
      const rows = wholeRows("row");
      const path = write("partial.jsonl", rows.map((row) => JSON.stringify(row)).join("\n"));
      own.emulator.setFaults({ rates: { "stored-part": 0.3 }, seed: 5, operations: ["createCases"] });
      let result;
      try {
        result = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"], { env: { DUVO_RETRY_BUDGET: "60" } });
        expect(own.emulator.faultCounts()!["stored-part"]).toBeGreaterThan(0);
      } finally {
        own.emulator.setFaults(undefined);
      }
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
      await expectRowsWhole(own, queue, rows);
    },
    SLOW_TEST_MS,
  );
});

describe("a write applied after its answer, a request delivered twice", () => {
  const own = useEmulator();

  /** 300 rows (ten of them twice) imported with 30% of case creations faulted so: the queue's rows, whole (title, data, priority, labels). */
  async function importUnder(kind: "stored-late" | "twice", seed: number) {
    const queue = JSON.parse((await own.duvo(["queues", "create", "--name", `Under ${kind}`, "--json"])).stdout).queue.id as string;
    const rows = wholeRows(`${kind} row`);
    const path = write(`${kind}.jsonl`, rows.map((row) => JSON.stringify(row)).join("\n"));
    // A late write lands 100 ms after its 500: within the import's settle wait (10 s on its clock, 50x faster here: 200 ms).
    own.emulator.setFaults({ rates: { [kind]: 0.3 }, seed, operations: ["createCases"], lateMs: 100 });
    let result;
    let faults = 0;
    try {
      result = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"], { env: { DUVO_RETRY_BUDGET: "60" } });
      faults = own.emulator.faultCounts()![kind];
    } finally {
      own.emulator.setFaults(undefined);
    }
    expect(faults).toBeGreaterThan(0);
    expect(own.emulator.lateWritesPending()).toBe(0); // every late write landed before the import ended
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    const listed = await expectRowsWhole(own, queue, rows);
    // What it printed as added is in the queue.
    const ids = new Set(listed.map((item) => item.id));
    expect(JSON.parse(result.stdout).added_cases.filter((item: { id: string }) => !ids.has(item.id))).toEqual([]);
  }

  test(
    "a write applied 100 ms after its 500 (30% of batches): each row once, whole",
    async () => {
      await importUnder("stored-late", 3);
    },
    SLOW_TEST_MS,
  );

  test(
    "a request delivered twice (30% of batches): each row once, whole",
    async () => {
      await importUnder("twice", 3);
    },
    SLOW_TEST_MS,
  );
});

describe("re-runs, failing reads and refused batches (fast; written to kill mutants of _import.ts)", () => {
  const own = useEmulator();
  const newOwnQueue = async (name: string) => JSON.parse((await own.duvo(["queues", "create", "--name", name, "--json"])).stdout).queue.id as string;
  /** 250 rows, the last five the same as the first five (each such pair is two cases). */
  const rows = Array.from({ length: 250 }, (_, i) => ({ title: `rerun ${i % 245}`, data: `d${i % 245}`, priority: "medium" }));

  test(
    "the same file again adds nothing (its 250 cases found across pages of 100); after two deletions it adds back exactly those two",
    async () => {
      const queue = await newOwnQueue("Rerun");
      const path = write("rerun.jsonl", rows.map((row) => JSON.stringify(row)).join("\n"));
      const first = JSON.parse((await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"])).stdout);
      expect({ added: first.added_cases.length, present: first.already_present }).toEqual({ added: 250, present: 0 });
      expect(JSON.parse((await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"])).stdout)).toEqual({ added_cases: [], already_present: 250 });
      // Delete one case of a row that is in the file twice, and the 200th case (found on the search's third page).
      const twice = first.added_cases.find((item: { title: string }) => item.title === "rerun 3");
      const late = first.added_cases[199];
      for (const item of [twice, late]) expect((await own.duvo(["cases", "delete", item.id, "--yes"])).code).toBe(0);
      const again = JSON.parse((await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"])).stdout);
      expect(again.already_present).toBe(248);
      expect(again.added_cases.map((item: { title: string; data: string; priority: string }) => [item.title, item.data, item.priority]).sort()).toEqual(
        [
          [twice.title, twice.data, "medium"],
          [late.title, late.data, "medium"],
        ].sort(),
      );
      expect(titles(own.emulator.queueCases(queue))).toEqual(titles(rows));
    },
    SLOW_TEST_MS,
  );

  test(
    "reads that fail (500, 502, cut, malformed on 60% of searches) are retried: each row once",
    async () => {
      const queue = await newOwnQueue("Failing reads");
      const path = write("failing-reads.jsonl", rows.map((row) => JSON.stringify(row)).join("\n"));
      own.emulator.setFaults({ rates: { "500": 0.15, "502": 0.15, reset: 0.15, malformed: 0.15 }, seed: 11, operations: ["searchCases"] });
      let result;
      try {
        result = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"], { env: { DUVO_RETRY_BUDGET: "60" } });
        // Run again under the same faults: the reads of what is there are retried too.
        const again = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"], { env: { DUVO_RETRY_BUDGET: "60" } });
        expect({ code: again.code, stdout: JSON.parse(again.stdout) }).toEqual({ code: 0, stdout: { added_cases: [], already_present: 250 } });
        const counts = own.emulator.faultCounts()!;
        expect(counts["500"] + counts["502"] + counts.reset + counts.malformed).toBeGreaterThan(1);
      } finally {
        own.emulator.setFaults(undefined);
      }
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
      expect(JSON.parse(result.stdout).added_cases).toHaveLength(250);
      expect(titles(own.emulator.queueCases(queue))).toEqual(titles(rows));
    },
    SLOW_TEST_MS,
  );

  /** Three rows imported into a new queue while every createCases is answered `kind`: the result and how many POSTs it took. */
  async function importThreeUnder(kind: "500" | "422", name: string) {
    const queue = await newOwnQueue(name);
    const path = write(
      `always-${kind}.jsonl`,
      rows
        .slice(0, 3)
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    own.emulator.setFaults({ rates: { [kind]: 1 }, seed: 1, operations: ["createCases"] });
    own.emulator.clearRequests();
    try {
      const result = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path]);
      return { queue, result, posts: own.emulator.requests.filter((request) => request.method === "POST" && request.path.endsWith("/cases")).length };
    } finally {
      own.emulator.setFaults(undefined);
    }
  }

  test(
    "a batch answered 500 every time (nothing stored) is sent 11 times, then exit 1 saying to run the command again",
    async () => {
      const { queue, result, posts } = await importThreeUnder("500", "Always 500");
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: "error: a batch of 3 cases could not be added after 10 tries; run the same command again to add what is missing\n",
      });
      expect(posts).toBe(11);
      expect(own.emulator.queueCases(queue)).toEqual([]);
    },
    SLOW_TEST_MS,
  );

  test(
    "a batch refused with a 422 is not sent again: exit 1 with the API's message, after one request",
    async () => {
      const { queue, result, posts } = await importThreeUnder("422", "Refused");
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: "" });
      expect(result.stderr).toStartWith(`error: POST /queues/${queue}/cases failed with 422`);
      expect(posts).toBe(1);
    },
    SLOW_TEST_MS,
  );
});

describe("scripted answers in virtual time (fast; written to kill mutants of _import.ts)", () => {
  const own = useEmulator();
  const newOwnQueue = async (name: string) => JSON.parse((await own.duvo(["queues", "create", "--name", name, "--json"])).stdout).queue.id as string;
  const rowsOf = (prefix: string, count: number): WholeRow[] =>
    Array.from({ length: count }, (_, i) => ({ title: `${prefix} ${i}`, data: `d${i}`, priority: ["none", "medium", "high"][i % 3]!, labels: [] }));
  const asJsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join("\n");
  const answer = (status: number, body: unknown) =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const failed = (status: number) => answer(status, { error: "injected", message: `injected ${status}` });

  type Op = "search" | "create" | "delete";
  /**
   * The transport's say over the n-th request (1-based) of each kind: an answer of its own, or
   * undefined to pass the request on to the emulator. `pass` sends a request (or a copy) itself.
   */
  type Script = (op: Op, n: number, request: Request, pass: (request: Request) => Promise<Response>) => Promise<Response | undefined> | Response | undefined;

  /** Imports `rows` through a scripting transport on a fake clock: the result, the requests in order, the pauses asked for. */
  async function importScripted(
    name: string,
    rows: object[],
    script: Script,
    { queue, env = {}, json = true }: { queue?: string; env?: Record<string, string>; json?: boolean } = {},
  ) {
    const target = queue ?? (await newOwnQueue(name));
    const path = write(`${name}.jsonl`, asJsonl(rows));
    const time = fakeClock();
    const sent: Op[] = [];
    const counts: Record<Op, number> = { search: 0, create: 0, delete: 0 };
    const pass = (request: Request) => globalThis.fetch(request);
    const fetch: Transport = async (input, init) => {
      const request = new Request(input instanceof URL ? input.href : (input as string), init);
      const { pathname } = new URL(request.url);
      const op: Op | undefined =
        request.method === "DELETE"
          ? "delete"
          : request.method !== "POST"
            ? undefined
            : pathname.endsWith("/cases/search")
              ? "search"
              : pathname.endsWith("/cases")
                ? "create"
                : undefined;
      if (!op) return pass(request);
      sent.push(op);
      return (await script(op, ++counts[op], request.clone() as Request, pass)) ?? pass(request);
    };
    const result = await own.duvo(["cases", "create", "--queue", target, "--from-file", path, ...(json ? ["--json"] : [])], {
      clock: time.clock,
      fetch,
      env: { DUVO_RETRY_BUDGET: "60", ...env },
    });
    return { queue: target, result, sent, slept: time.slept, path };
  }

  /**
   * The run's exit 0 and quiet stderr, every row once and whole, and what it printed as added
   * (`--json`) exactly the queue's cases but those there before it (`before`): each once.
   */
  async function expectImported(run: Awaited<ReturnType<typeof importScripted>>, rows: WholeRow[], before: string[] = []) {
    expect({ code: run.result.code, stderr: run.result.stderr }).toEqual({ code: 0, stderr: "" });
    const listed = await expectRowsWhole(own, run.queue, rows);
    const printed = JSON.parse(run.result.stdout).added_cases as { id: string }[];
    const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();
    expect(ids(printed)).toEqual(ids(listed.filter((item) => !before.includes(item.id))));
    return printed;
  }

  test("a clean import of 100 rows: one search, one batch, one count, no pause; again: one search page and the count", async () => {
    const rows = rowsOf("clean", 100);
    const first = await importScripted("clean", rows, () => undefined);
    expect(first.sent).toEqual(["search", "create", "search"]);
    expect(first.slept).toEqual([]);
    expect(await expectImported(first, rows)).toHaveLength(100);
    const again = await importScripted("clean", rows, () => undefined, { queue: first.queue });
    expect(again.sent).toEqual(["search", "search"]);
    expect(JSON.parse(again.result.stdout)).toEqual({ added_cases: [], already_present: 100 });
  });

  test("a search whose total counts more than its pages hold (cases deleted meanwhile): the short page ends the reading", async () => {
    const rows = rowsOf("short-page", 3);
    const first = await importScripted("short-page", rows, () => undefined);
    const again = await importScripted(
      "short-page",
      rows,
      async (op, n, request, pass) => {
        if (op !== "search" || n !== 1) return;
        const page = (await (await pass(request)).json()) as { total: number };
        return answer(200, { ...page, total: page.total + 150 });
      },
      { queue: first.queue },
    );
    expect(again.sent).toEqual(["search", "search"]);
    expect(JSON.parse(again.result.stdout)).toEqual({ added_cases: [], already_present: 3 });
  });

  test("a batch answered 500 twice, nothing stored: sent again after 250 ms, then 500 ms; the count waits 10 s", async () => {
    const rows = rowsOf("twice-500", 3);
    const run = await importScripted("twice-500", rows, (op, n) => (op === "create" && n <= 2 ? failed(500) : undefined));
    expect(run.sent).toEqual(["search", "create", "search", "create", "search", "create", "search"]);
    expect(run.slept).toEqual([250, 500, 10_000]);
    expect(await expectImported(run, rows)).toHaveLength(3);
  });

  test("a batch stored, then answered 500: counted, found whole, not sent again, nothing deleted", async () => {
    const rows = rowsOf("stored-500", 3);
    const run = await importScripted("stored-500", rows, async (op, n, request, pass) => {
      if (op === "create" && n === 1) {
        await pass(request);
        return failed(500);
      }
    });
    // The count, the cases after the ones known (the tail), the final count.
    expect(run.sent).toEqual(["search", "create", "search", "search", "search"]);
    expect(run.slept).toEqual([10_000]);
    expect(await expectImported(run, rows)).toHaveLength(3);
  });

  test("a batch stored in part twice (2 of 4, then 1 of the 2 left): only the missing rows are sent, after 250 then 500 ms", async () => {
    const rows = rowsOf("part", 4);
    const bodies: { title: string }[][] = [];
    const run = await importScripted("part", rows, async (op, n, request, pass) => {
      if (op !== "create") return;
      const body = (await request.json()) as { cases: { title: string }[] };
      bodies.push(body.cases);
      if (n > 2) return;
      await pass(new Request(request.url, { method: "POST", headers: request.headers, body: JSON.stringify({ cases: body.cases.slice(0, body.cases.length / 2) }) }));
      return failed(500);
    });
    expect(bodies.map((cases) => cases.map((item) => item.title))).toEqual([["part 0", "part 1", "part 2", "part 3"], ["part 2", "part 3"], ["part 3"]]);
    expect(run.slept).toEqual([250, 500, 10_000]);
    expect(await expectImported(run, rows)).toHaveLength(4);
  });

  test("an outcome unknown by a 408, an unreadable answer or a cut connection (the last two stored): each row once", async () => {
    const kinds = {
      408: async () => failed(408),
      malformed: async (request: Request, pass: (request: Request) => Promise<Response>) => {
        await pass(request);
        return answer(200, "{ not json");
      },
      cut: async (request: Request, pass: (request: Request) => Promise<Response>) => {
        await pass(request);
        throw Object.assign(new Error("The socket connection was closed unexpectedly."), { code: "ECONNRESET" });
      },
    };
    for (const [kind, fault] of Object.entries(kinds)) {
      const rows = rowsOf(`unknown-${kind}`, 3);
      const run = await importScripted(`unknown-${kind}`, rows, (op, n, request, pass) => (op === "create" && n === 1 ? fault(request, pass) : undefined));
      // 408: nothing arrived, sent again; the others: found there, not sent again.
      expect({ kind, creates: run.sent.filter((op) => op === "create").length }).toEqual({ kind, creates: kind === "408" ? 2 : 1 });
      expect(run.slept.at(-1)).toBe(10_000);
      await expectImported(run, rows);
    }
  });

  test("a write that lands just before the answer to its resend: the late (older) copies are deleted; the resent ones, printed, stay", async () => {
    const rows = rowsOf("late", 3);
    let held: Request | undefined;
    const run = await importScripted("late", rows, async (op, n, request, pass) => {
      if (op === "create" && n === 1) {
        held = request; // applied later
        return failed(500);
      }
      if (op === "create" && n === 2) await pass(held!);
    });
    expect(run.sent).toEqual(["search", "create", "search", "create", "search", "search", "delete", "delete", "delete"]);
    expect(run.slept).toEqual([250, 10_000]);
    await expectImported(run, rows);
  });

  /** A create script: the first request is held back and answered 500; it lands just before the second (the resend), which passes. */
  const lateBeforeResend = (): Script => {
    let held: Request | undefined;
    return async (op, n, request, pass) => {
      if (op === "create" && n === 1) {
        held = request;
        return failed(500);
      }
      if (op === "create" && n === 2) await pass(held!);
    };
  };

  test("a late write lands between the read-back and the resend: it prints 'Added 3 of 3' and the ids of exactly the 3 cases left", async () => {
    const rows = rowsOf("late-plain", 3).map((row, i) => ({ ...row, labels: [`region=${i ? "EU" : "US"}`, "tier=gold"] }));
    const run = await importScripted("late-plain", rows, lateBeforeResend(), { json: false });
    // Read back (nothing there), resend (the late write lands first), count 6 of 3, the 6 read, the 3 late copies deleted.
    expect(run.sent).toEqual(["search", "create", "search", "create", "search", "search", "delete", "delete", "delete"]);
    expect(run.result.code).toBe(0);
    const listed = await expectRowsWhole(own, run.queue, rows);
    expect(listed).toHaveLength(3);
    expect(run.result.stdout.split("\n").filter(Boolean).sort()).toEqual(listed.map((item) => item.id).sort());
    expect(run.result.stderr).toContain(`Added 3 of 3 cases to queue ${run.queue}; import label duvo-import=`);
  });

  test("the same on a re-run with 2 of 4 rows there: those 2 stay and are not printed; the 2 printed are the other cases left", async () => {
    const rows = rowsOf("late-rerun", 4);
    const first = await importScripted("late-rerun", rows, () => undefined);
    const firstIds = (JSON.parse(first.result.stdout).added_cases as { id: string }[]).map((item) => item.id);
    for (const id of [firstIds[1]!, firstIds[2]!]) expect((await own.duvo(["cases", "delete", id, "--yes"])).code).toBe(0);
    const run = await importScripted("late-rerun", rows, lateBeforeResend(), { queue: first.queue });
    expect(run.sent.filter((op) => op === "delete")).toHaveLength(2);
    const printed = await expectImported(run, rows, [firstIds[0]!, firstIds[3]!]);
    expect(printed.map((item) => (item as unknown as { title: string }).title).sort()).toEqual(["late-rerun 1", "late-rerun 2"]);
    expect(JSON.parse(run.result.stdout).already_present).toBe(2);
  });

  test("a late write of batch 1 before its resend, then row 101 (the same as row 1) stored and answered 500: the resent copy is not taken for row 101", async () => {
    const rows = rowsOf("across", 101);
    rows[100] = rows[0]!; // two identical rows, one in each batch: two cases
    const late = lateBeforeResend();
    const run = await importScripted("across", rows, async (op, n, request, pass) => {
      if (op === "create" && n === 3) {
        await pass(request);
        return failed(500);
      }
      return late(op, n, request, pass);
    });
    // Batch 2's read-back reads from position 100 on: batch 1's resent (printed) copies, then row 101's case.
    expect(run.sent.filter((op) => op === "create")).toHaveLength(3);
    expect(run.sent.filter((op) => op === "delete")).toHaveLength(100);
    expect(await expectImported(run, rows)).toHaveLength(101);
  });

  test("a late write of batch 1 lands inside batch 2's unknown outcome: arrivals of batch 1 are not batch 2's; its copies are deleted", async () => {
    const rows = rowsOf("late-first", 150);
    let held: Request | undefined;
    const run = await importScripted("late-first", rows, async (op, n, request, pass) => {
      if (op !== "create") return;
      if (n === 1) {
        held = request;
        return failed(500);
      }
      if (n === 3) {
        await pass(held!);
        await pass(request);
        return failed(500);
      }
    });
    expect(run.sent.filter((op) => op === "create")).toHaveLength(3);
    expect(run.sent.filter((op) => op === "delete")).toHaveLength(100);
    expect(await expectImported(run, rows)).toHaveLength(150);
  });

  test("a request delivered twice, a surplus case already deleted (404) and a delete answered 500 (retried): each row once", async () => {
    const rows = rowsOf("doubled", 3);
    const run = await importScripted("doubled", rows, async (op, n, request, pass) => {
      if (op === "create" && n === 1) {
        const first = await pass(request.clone() as Request);
        // The second delivery, as a proxy would repeat it: the emulator's Idempotency-Key check would drop a copy with the key.
        const headers = new Headers(request.headers);
        headers.delete("Idempotency-Key");
        await pass(new Request(request.url, { method: "POST", headers, body: await request.text() }));
        return first;
      }
      if (op === "delete" && n === 1) await pass(request.clone() as Request); // someone else deletes it first: ours gets a 404
      if (op === "delete" && n === 2) return failed(500);
    });
    expect(run.sent).toEqual(["search", "create", "search", "search", "delete", "delete", "delete", "delete"]);
    // No unknown outcome: no settle wait; one pause before the delete's retry (200 ms, less up to half).
    expect(run.slept).toHaveLength(1);
    expect(run.slept[0]).toBeGreaterThanOrEqual(100);
    expect(run.slept[0]).toBeLessThan(200);
    expect(await expectImported(run, rows)).toHaveLength(3);
  });

  test("searches answered 500 until the retry budget (5 s) is spent: exit 1 with the API's error, pauses doubling from 200 ms", async () => {
    const rows = rowsOf("budget", 3);
    const run = await importScripted("budget", rows, (op) => (op === "search" ? failed(500) : undefined), { env: { DUVO_RETRY_BUDGET: "5" } });
    expect({ code: run.result.code, stdout: run.result.stdout }).toEqual({ code: 1, stdout: "" });
    expect(run.result.stderr).toStartWith(`error: POST /queues/${run.queue}/cases/search failed with 500`);
    expect(run.sent).toEqual(Array(run.slept.length + 1).fill("search"));
    run.slept.forEach((ms, i) => {
      const base = Math.min(4000, 200 * 2 ** i);
      expect([i, ms >= base / 2 && ms < base]).toEqual([i, true]);
    });
    const total = run.slept.reduce((sum, ms) => sum + ms, 0);
    // Given up once past the budget: the pauses add up to more than 5 s, less the last one to no more.
    expect(total).toBeGreaterThan(5000);
    expect(total - run.slept.at(-1)!).toBeLessThanOrEqual(5000);
    expect(own.emulator.queueCases(run.queue)).toEqual([]);
  });

  test("rows that differ only in data or priority, or have neither: a re-run after deleting two adds back exactly those two", async () => {
    const queue = await newOwnQueue("Lookalikes");
    const rows = [{ title: "same", data: "1" }, { title: "same", data: "2" }, { title: "same", priority: "high" }, { title: "same", priority: "medium" }, { title: "bare" }];
    const path = write("lookalikes.jsonl", asJsonl(rows));
    const first = JSON.parse((await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"])).stdout);
    expect(first.added_cases).toHaveLength(5);
    const again = JSON.parse((await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"])).stdout);
    expect(again).toEqual({ added_cases: [], already_present: 5 });
    const gone = first.added_cases.filter((item: { data: string; priority: string }) => item.data === "1" || item.priority === "high");
    expect(gone).toHaveLength(2);
    for (const item of gone) expect((await own.duvo(["cases", "delete", item.id, "--yes"])).code).toBe(0);
    const third = JSON.parse((await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--json"])).stdout);
    const shape = (item: { title: string; data: string; priority: string }) => JSON.stringify([item.title, item.data, item.priority]);
    expect({ present: third.already_present, added: third.added_cases.map(shape).sort() }).toEqual({ present: 3, added: gone.map(shape).sort() });
    expect(own.emulator.queueCases(queue)).toHaveLength(5);
  });

  test("the label is the file's hash; another queue case like a row is not ours; another file's cases are left alone", async () => {
    const queue = await newOwnQueue("Label");
    expect((await own.duvo(["cases", "create", "--queue", queue, "--title", "shared", "--data", "x"])).code).toBe(0);
    const content = asJsonl([
      { title: "shared", data: "x" },
      { title: "own", data: "y" },
    ]);
    const path = write("label.jsonl", content);
    const marker = new Bun.CryptoHasher("sha256").update(content).digest("hex").slice(0, 12);
    const result = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Added 2 of 2 cases to queue ${queue}; import label duvo-import=${marker}.`);
    const other = write("label-other.jsonl", asJsonl([{ title: "other", data: "z" }]));
    // --jq over the added cases (a filter that streams), and over the whole document.
    expect(await own.duvo(["cases", "create", "--queue", queue, "--from-file", other, "--jq", ".added_cases[].title"])).toEqual({ code: 0, stdout: "other\n", stderr: "" });
    expect(await own.duvo(["cases", "create", "--queue", queue, "--from-file", path, "--jq", "[.added_cases, .already_present]"])).toEqual({
      code: 0,
      stdout: "[[],2]\n",
      stderr: "",
    });
    expect(titles(own.emulator.queueCases(queue))).toEqual(["other", "own", "shared", "shared"]);
  });

  test("a row there twice under the import's label (a duplicate an earlier run left), once in the file: the re-run deletes the newer copy", async () => {
    const rows = rowsOf("left-twice", 3);
    const first = await importScripted("left-twice", rows, () => undefined);
    const marker = (JSON.parse(first.result.stdout).added_cases[0].labels as { key: string; value: string }[]).find((label) => label.key === "duvo-import")!.value;
    const extra = JSON.parse(
      (await own.duvo(["cases", "create", "--queue", first.queue, "--title", "left-twice 0", "--data", "d0", "--priority", "none", "--label", `duvo-import=${marker}`, "--json"]))
        .stdout,
    ).added_cases[0].id as string;
    const again = await importScripted("left-twice", rows, () => undefined, { queue: first.queue });
    expect(again.sent).toEqual(["search", "search", "search", "delete"]);
    expect(JSON.parse(again.result.stdout)).toEqual({ added_cases: [], already_present: 3 });
    const listed = await expectRowsWhole(own, first.queue, rows);
    expect(listed.map((item) => item.id)).not.toContain(extra);
  });

  test("no writable temporary folder (TMPDIR): exit 1 saying so, before any case is sent", async () => {
    const queue = await newOwnQueue("No tmp");
    const path = write("no-tmp.jsonl", asJsonl(rowsOf("no-tmp", 2)));
    const missing = join(dir, "missing-folder");
    own.emulator.clearRequests();
    expect(await own.duvo(["cases", "create", "--queue", queue, "--from-file", path], { env: { TMPDIR: missing } })).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: cannot write a temporary file in ${missing} (ENOENT); set TMPDIR to a writable folder\n`,
    });
    expect(own.emulator.requests.filter((request) => request.operationId === "createCases")).toEqual([]);
  });

  test("progress on a terminal: per batch of 100, and on a re-run the rows already there", async () => {
    const queue = await newOwnQueue("Progress");
    const rows = rowsOf("progress", 250);
    const path = write("progress.jsonl", asJsonl(rows));
    const progress = (stderr: string) => stderr.match(/Adding cases: [^\r\x1b]*/g);
    const first = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path], { tty: true });
    expect(first.code).toBe(0);
    expect(progress(first.stderr)).toEqual(["Adding cases: 0/250 (0%)", "Adding cases: 100/250 (40%)", "Adding cases: 200/250 (80%)", "Adding cases: 250/250 (100%)"]);
    const ids = first.stdout.trim().split("\n");
    for (const id of [ids[0]!, ids[120]!]) expect((await own.duvo(["cases", "delete", id, "--yes"])).code).toBe(0);
    const again = await own.duvo(["cases", "create", "--queue", queue, "--from-file", path], { tty: true });
    expect(again.code).toBe(0);
    expect(progress(again.stderr)).toEqual(["Adding cases: 0/250 (0%)", "Adding cases: 250/250 (100%), 248 already there"]);
  });
});
