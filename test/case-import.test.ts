/**
 * `cases create --from-file`: JSON, JSON Lines and CSV; each case of the file in the queue
 * exactly once through injected faults that store a batch and then fail its answer, through
 * kill -9 of the compiled binary, and through re-runs of the same command.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, emulatorEnv, tempDir, testEmulator, useEmulator, SLOW_TEST_MS } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";

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
      const child = Bun.spawn([BINARY, "cases", "create", "--queue", queue, "--from-file", path], {
        env: { ...process.env, ...env } as Record<string, string>,
        stdout: "ignore",
        stderr: "ignore",
      });
      while (creates().length < 12) await Bun.sleep(5);
      child.kill("SIGKILL");
      expect(await child.exited).not.toBe(0);
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
