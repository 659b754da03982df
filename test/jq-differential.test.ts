/**
 * `--jq` is a real jq: a corpus of filters runs over recorded `--json` outputs of the
 * emulator, through `duvo … --jq <filter>` and through the system's jq (Debian's 1.6 here,
 * 1.7.1 on Ubuntu 24.04 and macOS) as `jq -r -c <filter>`, and the two must print the same
 * thing (results, error messages, success or failure). The corpus holds filters on which
 * jq 1.6 and 1.7 agree; a few 1.7-only behaviours (duvo's jq is 1.7) are asserted directly.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { emulatorEnv, eventually, runDuvo, testEmulator } from "./helpers.ts";

/** .ci/run installs Debian's jq; a machine without one (Windows) skips the comparison. */
const SYSTEM_JQ = Bun.which("jq");
const SYSTEM_JQ_VERSION = SYSTEM_JQ ? Bun.spawnSync([SYSTEM_JQ, "--version"]).stdout.toString().trim() : undefined;

let emulator: Emulator;
let env: Record<string, string | undefined>;
const duvo = (argv: string[]) => runDuvo(argv, { env });

/** The recorded documents: what `duvo <argv> --json` printed, by name. */
const sources = {} as Record<DocName, { argv: string[]; json: string }>;
type DocName = "get" | "waiting" | "messages" | "asking" | "agents" | "runs" | "follow" | "api";

beforeAll(async () => {
  emulator = await testEmulator();
  env = emulatorEnv(emulator);
  const start = async (agentId: string) => (await duvo(["runs", "start", "--agent", agentId])).stdout.trim();
  const completed = await start(AGENT_IDS.complete);
  const asking = await start(AGENT_IDS.questions);
  await eventually(() => emulator.getRun(completed)?.status === "completed");
  await eventually(() => emulator.getRun(asking)?.status === "waiting");
  const argvs: Record<DocName, string[]> = {
    get: ["runs", "get", completed],
    waiting: ["runs", "get", asking],
    messages: ["runs", "messages", completed],
    asking: ["runs", "messages", asking],
    agents: ["agents", "list"],
    runs: ["runs", "list"],
    follow: ["runs", "messages", completed, "--follow"],
    api: ["api", "GET", `/v2/runs/${completed}`],
  };
  for (const [name, argv] of Object.entries(argvs) as [DocName, string[]][]) {
    const result = await duvo(name === "api" ? argv : [...argv, "--json"]);
    expect(result.code).toBe(0);
    sources[name] = { argv, json: result.stdout };
  }
});
afterAll(() => emulator.stop());

function systemJq(filter: string, input: string) {
  if (!SYSTEM_JQ) throw new Error("jq is not installed (apt-get install jq)");
  const result = Bun.spawnSync([SYSTEM_JQ, "-r", "-c", filter], { stdin: Buffer.from(input), stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** [document, filter]: where jq 1.6 and 1.7 print the same. */
const CORPUS: [DocName, string][] = [
  // paths
  ["get", ".run.id"],
  ["get", ".run"],
  ["messages", ".messages[0]"],
  ["messages", ".messages[-1].content"],
  ["messages", ".messages[1:3] | map(.type)"],
  ["get", "[paths] | length"],
  ["get", '[paths(type == "string") | map(tostring) | join(".")]'],
  ["get", '[paths(scalars) | map(tostring) | join("/")]'],
  ["get", "$__loc__"],
  ["get", 'getpath(["run", "agent_id"])'],
  ["get", "path(.run.status)"],
  ["get", "del(.run.created_at, .run.updated_at) | .run | keys"],
  ["waiting", ".pending_human_request.questions[1].options[2].label"],
  // select
  ["messages", '.messages[] | select(.role == "assistant") | .content'],
  ["asking", '.messages[] | select(.type == "human_request" and .status == "pending") | .id'],
  ["runs", '.data[] | select(.status == "waiting") | .agent_id'],
  ["messages", '[.messages[] | select(.content | test("invoice"; "i"))] | length'],
  // map
  ["agents", ".agents | map(.name)"],
  ["messages", ".messages | map({role, type})"],
  ["waiting", '.pending_human_request.questions | map("\\(.header): \\(.options | map(.label) | join("/"))")'],
  // has
  ["get", '.run | has("status"), has("nope")'],
  ["messages", '.messages | map(has("tool_call"))'],
  // length
  ["messages", ".messages | length"],
  ["messages", "[.messages[].content | length]"],
  ["get", ".run | length"],
  // keys
  ["get", ".run | keys"],
  ["waiting", ".pending_human_request | keys_unsorted"],
  // to_entries and friends
  ["get", '.run | to_entries[] | "\\(.key)=\\(.value)"'],
  ["agents", '.agents[0] | with_entries(select(.value | type == "string")) | keys'],
  ["get", ".run | with_entries(.key |= ascii_upcase) | keys"],
  ["get", ".run | to_entries | from_entries == ."],
  // formats
  ["agents", ".agents[] | [.id, .name] | @tsv"],
  ["agents", ".agents[] | [.name, .description] | @csv"],
  ["messages", ".messages[] | [.role, .type, .content] | @tsv"],
  ["agents", ".agents | map(.name) | @sh"],
  ["agents", '"duvo runs start --agent \\(.agents[0].name | @sh)"'],
  ["get", '@json "run: \\(.run)"'],
  ["get", ".run.id | @base64 | ., @base64d"],
  ["waiting", ".pending_human_request.questions[0].options[0].description | @html, @uri"],
  // string interpolation
  ["get", '"Run \\(.run.id) is \\(.run.status)"'],
  ["messages", '.messages[] | "\\(.role): \\(.content)"'],
  ["asking", '.messages[-1] | "\\(.title) (\\(.questions | length) questions)"'],
  // alternative //
  ["get", '.pending_human_request // "none"'],
  ["get", ".run.nope // .run.status"],
  ["messages", "[.messages[] | .tool_call.name // empty]"],
  ["get", '.run.sandbox_id // false // "no sandbox"'],
  // reduce and foreach
  ["messages", "reduce .messages[] as $m ({}; .[$m.role] += 1)"],
  ["runs", "reduce .data[] as $run (0; . + 1)"],
  ["messages", "[foreach .messages[] as $m (0; . + 1; [., $m.type])]"],
  // limit, first, last, range
  ["messages", "[limit(2; .messages[] | .id)]"],
  ["messages", 'first(.messages[] | select(.type == "tool_result")) | .content'],
  ["messages", "last(.messages[]) | .id"],
  ["messages", "[range(0; .messages | length; 2)]"],
  // try/catch and ?
  ["get", 'try (.run.status | tonumber) catch "not a number"'],
  ["get", 'try error("custom") catch .'],
  ["get", '.run.status | (tonumber? // "fallback")'],
  ["messages", "[.messages[] | .content | tonumber?]"],
  // more builtins
  ["agents", ".agents | sort_by(.name) | map(.name)"],
  ["messages", ".messages | group_by(.role) | map({role: .[0].role, n: length})"],
  ["messages", "[.messages[].role] | unique"],
  ["messages", ".messages | map(.content | length) | add"],
  ["messages", '.messages | any(.[]; .type == "tool_call"), all(.[]; .content != "")'],
  ["get", '.run.id | split("-") | map(length)'],
  ["get", '.run.created_at | sub("T.*"; "")'],
  ["get", '.run.created_at | capture("(?<year>[0-9]{4})-(?<month>[0-9]{2})")'],
  ["agents", '.agents[] | select(.name | test("^In")) | .id'],
  ["get", '.run.status | ascii_upcase | ltrimstr("COM")'],
  ["messages", ".messages | min_by(.timestamp) | .id"],
  ["get", ".run | tojson | fromjson | .id"],
  ["get", ".run as {id: $id, status: $status} | [$id, $status]"],
  ["get", 'label $out | .run | keys[] | if . == "status" then ., break $out else . end'],
  ["get", ".run | [.[] | strings] | length"],
  ["get", '"a,b, c" | split(", *"; null)'],
  // NDJSON while following: jq runs on each line
  ["follow", 'select(.type == "run_status") | .status'],
  ["follow", ".content // .status"],
  ["follow", '"\\(.type)\\t\\(.id // .run.id)"'],
  ["follow", "keys | length"],
  // duvo api
  ["api", ".run.status"],
  ["api", ".run | {id, status}"],
  // runtime errors: jq's message, results printed before the error kept
  ["get", ".run.status + 1"],
  ["messages", ".messages[0].content.foo"],
  ["get", ".run | .[0]"],
  ["get", "null | keys"],
  ["get", ".run.status | tonumber"],
  ["get", 'error("custom stop")'],
  ["messages", '.messages[] | if .role == "assistant" then error("stop at \\(.id)") else .content end'],
  ["get", ".run.created_at | fromdateiso8601"],
];

// .ci/run installs jq: on Linux its absence fails these tests instead of skipping them.
const COMPARE = SYSTEM_JQ !== undefined || process.platform === "linux";

describe.if(COMPARE)("duvo --jq matches the system's jq on the corpus", () => {
  test("the corpus is big enough and covers what the issue lists", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    const filters = CORPUS.map(([, filter]) => filter).join("\n");
    for (const needle of ["select(", "map(", "has(", "length", "keys", "to_entries", "@csv", "@tsv", "@sh", "\\(", "//", "reduce", "limit(", "try", "catch", "error("]) {
      expect(filters).toContain(needle);
    }
  });

  for (const [doc, filter] of CORPUS) {
    test(`${doc}: ${filter}`, async () => {
      const source = sources[doc];
      const expected = systemJq(filter, source.json);
      const actual = await duvo([...source.argv, "--jq", filter]);
      expect({ stdout: actual.stdout, stderr: actual.stderr, ok: actual.code === 0 }).toEqual({
        stdout: expected.stdout,
        stderr: expected.stderr,
        ok: expected.code === 0,
      });
      // jq's runtime errors are exit 5; duvo's exit 1.
      expect(actual.code).toBe(expected.code === 0 ? 0 : 1);
    });
  }
});

describe.if(COMPARE)("syntax errors: jq's message, exit 4, nothing sent", () => {
  for (const filter of [".run |", ".[", "{a:}", "map(", '"unterminated', ".run | no_such_function"]) {
    test(filter, async () => {
      emulator.clearRequests();
      const actual = await duvo([...sources.get.argv, "--jq", filter]);
      const expected = systemJq(filter, sources.get.json);
      expect(expected.code).toBe(3);
      expect(actual.code).toBe(4);
      expect(actual.stdout).toBe("");
      expect(actual.stderr).toStartWith("jq: error");
      expect(actual.stderr).toEndWith("compile error\n");
      // 1.6 and 1.7 word the bison errors differently; the first line names the same problem.
      expect(actual.stderr.includes("syntax error")).toBe(expected.stderr.includes("syntax error"));
      expect(emulator.requests).toHaveLength(0);
    });
  }
});

describe("jq 1.7 behaviours (jq 1.6 differs)", () => {
  const cases: [string, string][] = [
    ["[limit(0; 1, 2)]", "[]"],
    ["1.0, 3.00, 100000000000000000000001", "1.0\n3.00\n100000000000000000000001"],
    [".run | pick(.status)", '{"status":"completed"}'],
    ['if .run.status == "completed" then "done" end', "done"],
    ['.run.status | [scan("E"; "i")]', '["e","e"]'],
    ["-5 | abs", "5"],
  ];
  for (const [filter, output] of cases) {
    test(filter, async () => {
      const actual = await duvo([...sources.get.argv, "--jq", filter]);
      expect({ code: actual.code, stdout: actual.stdout, stderr: actual.stderr }).toEqual({ code: 0, stdout: `${output}\n`, stderr: "" });
      // And jq 1.6 indeed prints something else (or fails): the corpus had to avoid these.
      if (SYSTEM_JQ_VERSION === "jq-1.6") expect(systemJq(filter, sources.get.json).stdout).not.toBe(`${output}\n`);
    });
  }

  test("debug/1 (new in 1.7) writes to stderr and passes the value on", async () => {
    const actual = await duvo([...sources.get.argv, "--jq", '.run.status | debug("status is \\(.)")']);
    expect(actual).toEqual({ code: 0, stdout: "completed\n", stderr: '["DEBUG:","status is completed"]\n' });
  });
});
