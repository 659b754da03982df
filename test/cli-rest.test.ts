/**
 * The pieces the binary's entry runs before the program loads, each called alone (written for the
 * mutation module cli-rest, scripts/mutate.ts): the GETs a one-request command sends while it loads
 * (src/cli/early.ts: what is sent, with which headers, and which request may take each answer),
 * "did you mean" (src/cli/suggest.ts: the distance allowed, ties, case), and `--help` from the
 * screens rendered at build time (src/cli/help-quick.ts: the argvs at the edges of its walk, each
 * checked against what `runCli` does with it).
 */
import { describe, expect, test } from "bun:test";
import { TEST_COMMAND_HEADER } from "../src/api/headers.ts";
import { earlyShape, sendEarly } from "../src/cli/early.ts";
import { COMMAND_INDEX } from "../src/cli/generated/help-tree.ts";
import { leafCommand } from "../src/cli/command.ts";
import { renderHelp } from "../src/cli/help.ts";
import { commandKinds, helpPath, quickHelp } from "../src/cli/help-quick.ts";
import { closest } from "../src/cli/suggest.ts";
import { version } from "../src/version.ts";
import { runDuvo, tempDir } from "./helpers.ts";

const ID = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
const BASE = "http://127.0.0.1:9";
const AUTH = "Bearer early-key";

/** A fetch that records what it was asked and answers each URL with its own text (or as `answer` says). */
function recorder(answer: (url: string) => Promise<Response> = async (url) => new Response(`answer for ${url}`)) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = ((input: string, init: RequestInit) => {
    calls.push({ url: input, init });
    return answer(input);
  }) as unknown as typeof fetch;
  return { calls, fetcher };
}

/** "answered", or the error a taken answer failed with. */
const outcome = (answer: Promise<Response>) =>
  answer.then(
    () => "answered",
    (error: unknown) => error,
  );
const envWith = (extra: Record<string, string | undefined> = {}) => ({ DUVO_API_KEY: "early-key", DUVO_API_BASE_URL: BASE, DUVO_CONFIG_DIR: tempDir("duvo-config-"), ...extra });

describe("early corners", () => {
  test("what goes out: one GET a declared path, with the key, duvo's user agent and JSON, and the command only when requests are tagged", async () => {
    const plain = recorder();
    const early = await sendEarly(["runs", "get", ID.toUpperCase()], envWith(), plain.fetcher);
    expect(early).toBeDefined();
    expect(plain.calls.map(({ url, init }) => ({ url, headers: init.headers, method: init.method }))).toEqual([
      { url: `${BASE}/v2/runs/${ID}`, headers: { Authorization: AUTH, "User-Agent": `duvo/${version}`, Accept: "application/json" }, method: undefined },
    ]);
    expect(early!.credentials()).toMatchObject({ apiKey: "early-key", apiBaseUrl: BASE });

    const tagged = recorder();
    await sendEarly(["whoami", "--json"], envWith({ DUVO_TEST_TAG_REQUESTS: "1" }), tagged.fetcher);
    expect(tagged.calls.map(({ url, init }) => [url, (init.headers as Record<string, string>)[TEST_COMMAND_HEADER]])).toEqual([
      [`${BASE}/v2/teams`, "whoami"],
      [`${BASE}/v2/profile`, "whoami"],
    ]);
    const untagged = recorder();
    await sendEarly(["whoami"], envWith({ DUVO_TEST_TAG_REQUESTS: "0" }), untagged.fetcher);
    expect(untagged.calls.map(({ init }) => Object.keys(init.headers as object))).toEqual([
      ["Authorization", "User-Agent", "Accept"],
      ["Authorization", "User-Agent", "Accept"],
    ]);
  });

  test("a team id that is a UUID does not stop it (DUVO_TEAM_ID in capitals too); one that is not does", async () => {
    for (const team of [ID, ID.toUpperCase()]) {
      const { calls, fetcher } = recorder();
      expect(await sendEarly(["agents", "get", ID], envWith({ DUVO_TEAM_ID: team }), fetcher)).toBeDefined();
      expect(calls.map(({ url }) => url)).toEqual([`${BASE}/v2/agents/${ID}`]);
    }
    const { calls, fetcher } = recorder();
    expect(await sendEarly(["agents", "get", ID], envWith({ DUVO_TEAM_ID: "team-1" }), fetcher)).toBeUndefined();
    expect(await sendEarly(["agents", "get", ID], envWith({ DUVO_DEBUG: "true" }), fetcher)).toBeUndefined();
    expect(await sendEarly(["agents", "list"], envWith(), fetcher)).toBeUndefined();
    expect(calls).toEqual([]);
  });

  test("which request takes an answer: a GET of the same URL with the same key, once; as a string, a URL or a Request", async () => {
    const { calls, fetcher } = recorder();
    const early = (await sendEarly(["whoami"], envWith(), fetcher))!;
    const teams = `${BASE}/v2/teams`;
    const profile = `${BASE}/v2/profile`;
    const auth = { headers: { Authorization: AUTH } };
    // Not these: no init (no key), another key, another method, another URL.
    expect(early.take(teams)).toBeUndefined();
    expect(early.take(teams, { headers: { Authorization: "Bearer other" } })).toBeUndefined();
    expect(early.take(teams, { ...auth, method: "POST" })).toBeUndefined();
    expect(early.take(teams, { ...auth, method: "HEAD" })).toBeUndefined();
    expect(early.take(`${BASE}/v2/teams/`, auth)).toBeUndefined();
    // A GET without a method given is a GET; each answer is taken once.
    expect(await (await early.take(teams, auth))!.text()).toBe(`answer for ${teams}`);
    expect(early.take(teams, auth)).toBeUndefined();
    expect(await (await early.take(new URL(profile), { ...auth, method: "GET", headers: new Headers(auth.headers) }))!.text()).toBe(`answer for ${profile}`);
    expect(early.take(new URL(profile), auth)).toBeUndefined();
    expect(calls).toHaveLength(2);

    const again = (await sendEarly(["whoami"], envWith(), recorder().fetcher))!;
    expect(await (await again.take(new Request(teams), auth))!.text()).toBe(`answer for ${teams}`);
  });

  test("a request that takes an answer with a signal: the answer as it came; an abort before, while it is on its way, or while its body is read stops the one sent ahead", async () => {
    // Taken with a signal: the answer as it came; the one sent ahead is not stopped until that signal aborts,
    // and then it is, even after its head arrived (its body may still be coming: a timeout must stop it).
    const done = recorder();
    const early = (await sendEarly(["runs", "get", ID], envWith(), done.fetcher))!;
    const controller = new AbortController();
    const answer = await early.take(`${BASE}/v2/runs/${ID}`, { headers: { Authorization: AUTH }, signal: controller.signal })!;
    expect(await answer.text()).toBe(`answer for ${BASE}/v2/runs/${ID}`);
    expect(done.calls[0]!.init.signal!.aborted).toBe(false);
    const reasonLater = new Error("later");
    controller.abort(reasonLater);
    expect(done.calls[0]!.init.signal!.reason).toBe(reasonLater);

    // Aborted before it is taken.
    const before = recorder(() => new Promise(() => {}));
    const stopped = (await sendEarly(["runs", "get", ID], envWith(), before.fetcher))!;
    const reason = new Error("Ctrl-C");
    const taken = stopped.take(`${BASE}/v2/runs/${ID}`, { headers: { Authorization: AUTH }, signal: AbortSignal.abort(reason) })!;
    expect(taken).toBeDefined();
    expect(await outcome(taken)).toBe(reason);
    expect(before.calls[0]!.init.signal!.reason).toBe(reason);

    // Aborted while on its way.
    const during = recorder(() => new Promise(() => {}));
    const waiting = (await sendEarly(["runs", "get", ID], envWith(), during.fetcher))!;
    const later = new AbortController();
    const pending = waiting.take(`${BASE}/v2/runs/${ID}`, { headers: { Authorization: AUTH }, signal: later.signal })!;
    expect(during.calls[0]!.init.signal!.aborted).toBe(false);
    later.abort(reason);
    expect(await outcome(pending)).toBe(reason);
    expect(during.calls[0]!.init.signal!.reason).toBe(reason);

    // A failed answer taken with a signal: its error.
    const failed = recorder(async () => {
      throw new TypeError("connection refused");
    });
    const failing = (await sendEarly(["runs", "get", ID], envWith(), failed.fetcher))!;
    const error = await failing.take(`${BASE}/v2/runs/${ID}`, { headers: { Authorization: AUTH }, signal: new AbortController().signal })!.then(
      () => undefined,
      (thrown) => thrown,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain("connection refused");
  });

  test("an answer sent ahead that fails and is never taken is no unhandled rejection", async () => {
    const failed = recorder(() => Promise.reject(new TypeError("connection refused")));
    const unhandled: unknown[] = [];
    const onRejection = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      expect(await sendEarly(["agents", "get", ID], envWith(), failed.fetcher)).toBeDefined();
      await Bun.sleep(20);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    expect(failed.calls).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  test("a key that does not resolve sends nothing; the error is the command's when it asks for the credentials", async () => {
    const { calls, fetcher } = recorder();
    const early = (await sendEarly(["whoami"], { DUVO_CONFIG_DIR: tempDir("duvo-config-"), DUVO_API_BASE_URL: BASE }, fetcher))!;
    expect(calls).toEqual([]);
    expect(early.take(`${BASE}/v2/teams`, { headers: { Authorization: AUTH } })).toBeUndefined();
    expect(() => early.credentials()).toThrow("no API key");
  });

  test("the shape: words that name no command of the table (an Object's own names too), and the command found by its two words first", () => {
    for (const argv of [["constructor"], ["toString", ID], ["__proto__"], ["hasOwnProperty", "x"], ["runs", "constructor", ID], ["valueOf"]])
      expect(earlyShape(argv)).toBeUndefined();
    expect(earlyShape(["runs", "get", ID])).toEqual({ command: "runs get", paths: ["/v2/runs/{}"], value: ID });
    expect(earlyShape(["whoami"])).toEqual({ command: "whoami", paths: ["/v2/teams", "/v2/profile"], value: undefined });
    expect(earlyShape(["cases", "get", "--json", ID.toUpperCase()])).toEqual({ command: "cases get", paths: ["/v2/cases/{}"], value: ID });
    // A flag of one dash, or a word that ends with a dash, is no --json.
    expect(earlyShape(["runs", "get", ID, "-j"])).toBeUndefined();
    expect(earlyShape(["runs", "get", `${ID}-`])).toBeUndefined();
    expect(earlyShape(["whoami", "json-"])).toBeUndefined();
  });
});

describe("closest", () => {
  test("within a distance of a third of the word's length (at least 2), case-insensitively", () => {
    expect(closest("ab", ["xy"])).toBe("xy"); // 2 edits allowed for any short word
    expect(closest("abc", ["xyz"])).toBeUndefined();
    expect(closest("abcdef", ["abcxyf"])).toBe("abcxyf"); // 6 letters: 2 edits
    expect(closest("abcdef", ["axyzef"])).toBeUndefined();
    expect(closest("abcdefghi", ["abcxyzghi"])).toBe("abcxyzghi"); // 9 letters: 3 edits
    expect(closest("abcdefghi", ["awxyzfghi"])).toBeUndefined();
    expect(closest("abcdefghij", ["abcdwxyzij"])).toBeUndefined(); // 10 letters: still 3
    expect(closest("abcdefghijkl", ["abcdwxyzijkl"])).toBe("abcdwxyzijkl"); // 12 letters: 4
    expect(closest("RUNS", ["teams", "runs"])).toBe("runs");
    expect(closest("Runs", ["RUNZ"])).toBe("RUNZ");
    expect(closest("runs", [])).toBeUndefined();
  });

  test("the closest wins; of two as close, the first, unless a later one starts with the word (2 letters or more)", () => {
    expect(closest("stat", ["start", "stats", "stop"])).toBe("stats"); // both 1 edit away; "stop" 2
    expect(closest("abcd", ["abxy", "abcx"])).toBe("abcx");
    expect(closest("ab", ["xb", "yb"])).toBe("xb");
    expect(closest("ab", ["xb", "abc"])).toBe("abc");
    expect(closest("ab", ["xb", "cab"])).toBe("xb"); // ends with it: no
    expect(closest("a", ["b", "ab"])).toBe("b"); // one letter: no
    expect(closest("ab", ["ac", "abcd"])).toBe("ac"); // starts with it, but farther
    expect(closest("Ab", ["xb", "abc"])).toBe("xb"); // starts with it only case-insensitively
  });
});

describe("help-quick corners", () => {
  test("the walk at its edges: the screen runCli prints, or nothing when runCli does something else", async () => {
    const cases: [string[], string | undefined][] = [
      [["runs", "-", "--help"], undefined], // "-" is a word, not a flag: an unknown command
      [["-", "--help"], undefined],
      [["runs", "-", "get"], undefined],
      [["--profile", "-", "runs", "--help"], "runs"], // "-" is a value
      [["--profile", "--nope", "runs", "--help"], "runs"], // a dash word that is no global flag is a value too
      [["--profile", "--team=x", "--help"], undefined], // one that is (before its "="): a missing value
      [["--profile", "--team", "--help"], undefined],
      [["--profile"], undefined],
      [["-h", "--help"], undefined], // one flag, two spellings, given twice
      [["--no-input", "--no-input", "runs"], undefined],
      [["--profile", "a", "--profile", "b", "-h"], undefined],
      [["runs", "--version", "--help"], "runs"], // --version is a flag of duvo only
      [["--version", "--help"], ""],
      [["--version", "runs"], undefined],
      [["-h=1"], undefined],
      [["--help=1"], undefined],
      [["--profile=work", "runs"], "runs"],
      [["--profile", "work", "runs"], "runs"],
      [["--team", "x", "runs"], "runs"],
      [["runs", "--profile=", "-h"], "runs"],
      [["runs", "--debug"], "runs"],
      [["runs", "get", "--help", "extra"], "runs get"],
      [["-h", "runs", "get", "x", "y"], "runs get"],
      [["runs", "get", "--", "-h"], undefined],
      [["--", "--help"], undefined],
      [["runs", "-h", "--", "get"], "runs"], // after --, a word is an argument, not a command
      [["--help", "--", "runs"], ""],
      [["runs", "--", "-h"], undefined],
      [["-h=1", "--help"], ""], // "=" splits only a long flag: -h=1 is an unknown flag, which --help outranks
      [["-x=1", "-h"], ""],
      [["--nope=1", "-h"], ""],
      [["-h", "-h"], undefined],
      [["runs", "-h", "-h"], undefined],
    ];
    for (const [argv, path] of cases) {
      expect({ argv, path: helpPath(argv) }).toEqual({ argv, path });
      const usual = await runDuvo(argv);
      expect({ argv, code: usual.code }).toEqual({ argv, code: path === undefined ? 4 : 0 });
      expect(quickHelp(argv)).toBe(path === undefined ? undefined : usual.stdout);
    }
  });

  test("the index read whole: every path once with its kind, duvo itself a group", () => {
    const kinds = commandKinds();
    expect(kinds.get("")).toBe(1);
    expect(kinds.get("runs")).toBe(1);
    expect(kinds.get("runs get")).toBe(0);
    expect([...kinds.values()].filter((kind) => kind === 2).length).toBeGreaterThan(0);
    expect([...kinds.values()].every((kind) => kind === 0 || kind === 1 || kind === 2)).toBe(true);
    expect(kinds.size).toBe(COMMAND_INDEX.split("\n").length - 2); // the index starts and ends with a line break
    expect([...kinds.keys()].filter((path) => path.includes("\t") || path !== path.trim())).toEqual([]);
    expect(quickHelp([])).toStartWith("duvo: start Duvo agent runs");
    expect(quickHelp(["--help"])).toBe(quickHelp([])!);
  });
});

describe("help screen corners", () => {
  test("a command declared with what no real command has: no examples, notes indented, long and several short aliases, flags without a hint or a description, both markers", async () => {
    const command = leafCommand({
      meta: { description: "Try the corners", notes: "  Indented note.\n\n" },
      args: {
        id: { type: "positional", required: true, description: "The id" },
        name: { type: "string", description: "A name" },
        level: { type: "enum", options: ["low", "high"], description: "How much" },
        tag: { type: "string", alias: ["t", "g", "tags"], repeatable: true, required: true, description: "A tag (a, repeatable)" },
        quiet: { type: "boolean" },
      } as never,
      run: async () => {},
    });
    const screen = await renderHelp(command, ["try"]);
    const globals = screen.slice(screen.indexOf("Global flags\n"), screen.indexOf("\n\n", screen.indexOf("Global flags\n")) + 2);
    expect(screen).toBe(
      [
        "Try the corners",
        "",
        "Usage",
        "  duvo try <id> -t, -g, --tag <tag> [flags]",
        "",
        "Flags",
        "  --name <name>         A name",
        "  --level <low|high>    How much",
        "  -t, -g, --tag <tag>   A tag (a, repeatable) (required)",
        "  --quiet",
        "",
      ].join("\n") +
        "\n" +
        globals +
        "  Indented note.\n",
    );
    expect(globals).toStartWith("Global flags\n  --profile <name>   Use this profile from the config file\n");
    const both = leafCommand({
      meta: { description: "d" },
      args: { item: { type: "string", repeatable: true, required: true, description: "An item" } } as never,
      run: async () => {},
    });
    expect(await renderHelp(both, ["x"])).toContain("\n  --item <item>   An item (repeatable, required)\n");
  });
});
