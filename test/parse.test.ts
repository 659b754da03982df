/** The strict parser over the citty tree: what citty alone would let through (unknown flags, repeats, stray words). */
import { describe, expect, test } from "bun:test";
import { parseInvocation } from "../src/cli/parse.ts";
import { groupCommand, leafCommand, type DuvoCommand } from "../src/cli/command.ts";
import { rootCommand } from "../src/commands/index.ts";
import { runDuvo, tempDir } from "./helpers.ts";

const RUN = "3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90";
const parse = (argv: string[]) => parseInvocation(rootCommand, argv);
/** The message `argv` is refused with (by the real tree, or the one given). */
const usageError = async (argv: string[], root: DuvoCommand = rootCommand) => {
  try {
    await parseInvocation(root, argv);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`parsed without error: ${argv.join(" ")}`);
};

describe("parseInvocation", () => {
  test("global flags before or after the subcommand", async () => {
    for (const argv of [
      ["--profile", "work", "--debug", "runs", "get", RUN],
      ["runs", "--profile", "work", "get", RUN, "--debug"],
      ["runs", "get", RUN, "--profile=work", "--debug"],
    ]) {
      const invocation = await parse(argv);
      expect(invocation.path).toEqual(["runs", "get"]);
      expect(invocation.globals).toEqual({ profile: "work", team: undefined, debug: true, noInput: false });
      expect(invocation.args["run-id"]).toBe(RUN);
    }
  });

  test("--answer is repeatable and keeps every value in order; -y is --yes", async () => {
    const respond = await parse(["runs", "respond", RUN, "--answer", "1=a", "--answer=2=b=c"]);
    expect(respond.args.answer).toEqual(["1=a", "2=b=c"]);
    expect((await parse(["runs", "stop", RUN, "-y"])).args.yes).toBe(true);
    expect((await parse(["runs", "respond", RUN])).args.answer).toEqual([]);
  });

  test("a value may start with a dash unless it is one of the command's flags; -- ends the flags", async () => {
    expect((await parse(["runs", "send-message", RUN, "--message", "-"])).args.message).toBe("-");
    expect((await parse(["runs", "send-message", RUN, "--message", "-5 degrees"])).args.message).toBe("-5 degrees");
    expect((await parse(["runs", "send-message", "--message", "hi", "--", RUN])).args["run-id"]).toBe(RUN);
  });

  test("help anywhere wins, even over errors, and names the deepest command", async () => {
    const invocation = await parse(["runs", "get", "--bogus", "--help"]);
    expect(invocation.showHelp).toBe(true);
    expect(invocation.path).toEqual(["runs", "get"]);
    expect((await parse(["runs"])).showHelp).toBe(true);
    expect((await parse([])).showHelp).toBe(true);
  });

  test.each([
    [["runs", "get", RUN, "--jsn"], 'unknown flag --jsn for "duvo runs get"; did you mean --json?'],
    [["runs", "get", RUN, "--json", "--json"], 'flag --json was given more than once for "duvo runs get"'],
    [["runs", "get", RUN, "--json=yes"], 'flag --json takes no value (got "--json=yes")'],
    [["runs", "start", "--agent", "--follow"], "flag --agent needs a value <id|name>"],
    [["runs", "start", "--agent"], "flag --agent needs a value <id|name>"],
    [["runs", "get"], 'missing argument <run-id> for "duvo runs get"'],
    [["runs", "get", RUN, RUN], `unexpected argument "${RUN}" for "duvo runs get"`],
    [["run", "get"], 'unknown command "run" for "duvo"; did you mean "runs"?'],
    [["runs", "mesages", RUN], 'unknown command "mesages" for "duvo runs"; did you mean "messages"?'],
    [["--bogus"], 'unknown flag --bogus for "duvo"; see "duvo --help"'],
    [["runs", "get", RUN, "--profile", "a", "--profile", "b"], 'flag --profile was given more than once for "duvo runs get"'],
    [["runs", "get", RUN, "--version"], 'unknown flag --version for "duvo runs get"; see "duvo runs get --help"'],
  ])("%p is a usage error", async (argv, message) => {
    expect(await usageError(argv)).toBe(message);
  });
});

describe("unknown subcommands of a group", () => {
  test.each([
    [["agents", "launch", "--help"], 'unknown command "launch" for "duvo agents"; see "duvo agents --help"'],
    [["agents", "lst", "-h"], 'unknown command "lst" for "duvo agents"; did you mean "list"?'],
    [["runs", "bogus"], 'unknown command "bogus" for "duvo runs"; see "duvo runs --help"'],
    // Names every object has (its prototype's) are no commands.
    [["constructor", "--help"], 'unknown command "constructor" for "duvo"; see "duvo --help"'],
    [["constructor"], 'unknown command "constructor" for "duvo"; see "duvo --help"'],
    [["runs", "toString"], 'unknown command "toString" for "duvo runs"; see "duvo runs --help"'],
    [["runs", "__proto__", "--help"], 'unknown command "__proto__" for "duvo runs"; see "duvo runs --help"'],
    [["runs", "strt", "--help"], 'unknown command "strt" for "duvo runs"; did you mean "start"?'],
    [["bogus", "--help"], 'unknown command "bogus" for "duvo"; see "duvo --help"'],
  ])("%p is a usage error, with or without --help", async (argv, message) => {
    expect(await usageError(argv)).toBe(message);
    const result = await runDuvo(argv, { env: { DUVO_CONFIG_DIR: tempDir() } });
    expect(result).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
  });

  // A test-only tree: `cases runs <case-id>` is a command, and `cases runs recent` a subcommand of it.
  const recent = leafCommand({ meta: { description: "Recent runs" }, args: {}, run: async () => {} });
  const runsOfCase = groupCommand({
    meta: { description: "A case's runs" },
    subCommands: { recent: async () => recent },
    args: { "case-id": { type: "positional", description: "The case", required: true }, limit: { type: "string", description: "How many" } },
    run: async () => {},
  });
  const tree: DuvoCommand = groupCommand({
    meta: { name: "duvo", description: "test tree" },
    subCommands: { cases: async () => groupCommand({ meta: { description: "Cases" }, subCommands: { runs: async () => runsOfCase } }) },
  });

  test("a group that is also a command takes a word that is not a subcommand as its argument", async () => {
    const asCommand = await parseInvocation(tree, ["cases", "runs", "case-7", "--limit", "5"]);
    expect(asCommand).toMatchObject({ path: ["cases", "runs"], showHelp: false, args: { "case-id": "case-7", limit: "5" } });
    expect(asCommand.command.duvoRun).toBeDefined();
    const asGroup = await parseInvocation(tree, ["cases", "runs", "recent"]);
    expect(asGroup).toMatchObject({ path: ["cases", "runs", "recent"], showHelp: false });
    expect(asGroup.command).toBe(recent);
    // Alone or with --help it is a group: its help.
    expect(await parseInvocation(tree, ["cases", "runs"])).toMatchObject({ path: ["cases", "runs"], showHelp: true });
    expect(await parseInvocation(tree, ["cases", "runs", "case-7", "--help"])).toMatchObject({ path: ["cases", "runs"], showHelp: true });
    // Its own args are checked like a command's; a plain group still refuses the word.
    await expect(parseInvocation(tree, ["cases", "runs", "case-7", "extra"])).rejects.toThrow('unexpected argument "extra" for "duvo cases runs"');
    await expect(parseInvocation(tree, ["cases", "runz"])).rejects.toThrow('unknown command "runz" for "duvo cases"; did you mean "runs"?');
  });
});

describe("hostile input never produces a stack trace", () => {
  const pool = [
    "runs",
    "get",
    "start",
    "messages",
    "respond",
    "stop",
    "send-message",
    "emulator",
    RUN,
    "--json",
    "--follow",
    "--agent",
    "--message",
    "-",
    "--",
    "--answer",
    "1=x",
    "--limit",
    "-1",
    "99999999999999999999",
    "--offset",
    "--approve",
    "--deny",
    "-y",
    "-h",
    "--debug",
    "--team",
    "x".repeat(5000),
    "ünïcödé",
    "\u0000",
    "\u001b[31mred",
    "--no-input",
    "=",
    "--=x",
    "-",
    "--exit-status",
    "--webhook-url",
    "javascript:alert(1)",
    "%2e%2e%2f",
    "../../v2/teams",
  ];
  test("500 random command lines: exit 0, 2 or 4, one clean error line at most", async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const env = { DUVO_CONFIG_DIR: tempDir(), DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_RETRY_BUDGET: "0" };
    for (let index = 0; index < 500; index++) {
      const argv = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pool[Math.floor(random() * pool.length)]!);
      if (argv.includes("emulator")) continue; // it would start serving
      const result = await runDuvo(argv, { env });
      const context = JSON.stringify(argv);
      expect([0, 2, 4], context).toContain(result.code);
      expect(result.stderr, context).not.toContain("unexpected error");
      expect(result.stderr, context).not.toMatch(/\n\s+at /);
      if (result.code !== 0) expect(result.stderr.trimEnd().split("\n").length, context).toBeLessThanOrEqual(2);
    }
  });
});

describe("a leaf's own declarations (a test-only tree; written to kill mutants of parse.ts)", () => {
  const leaf = leafCommand({
    meta: { description: "test leaf" },
    args: {
      name: { type: "positional", description: "A name", required: true },
      rest: { type: "positional", description: "More names", variadic: true },
      mode: { type: "enum", description: "How", options: ["fast", "slow"], default: "fast" },
      size: { type: "string", description: "Size", required: true },
      colour: { type: "string", description: "Colour", alias: ["color", "c"] },
      all: { type: "boolean", description: "All", conflicts: "limit" },
      limit: { type: "string", description: "How many", default: "10" },
    },
    run: async () => {},
  });
  const tree = groupCommand({ meta: { name: "duvo", description: "test tree" }, subCommands: { cmd: async () => leaf } });
  const args = async (argv: string[]) => (await parseInvocation(tree, ["cmd", ...argv])).args;

  test("positionals fill in order, the variadic one takes the rest; defaults fill what is not given", async () => {
    expect(await args(["a", "b", "c", "--size", "1"])).toMatchObject({ name: "a", rest: ["b", "c"], mode: "fast", size: "1", limit: "10" });
    expect(await args(["a", "--size", "1"])).toMatchObject({ name: "a", rest: [], mode: "fast" });
    expect((await args(["a", "--size", "1", "--mode", "slow", "--limit", "5"])).mode).toBe("slow");
  });

  test("after -- every word is a positional, even one that starts with a dash", async () => {
    expect(await args(["--size", "1", "--", "-x", "--mode"])).toMatchObject({ name: "-x", rest: ["--mode"], mode: "fast" });
  });

  test("an enum value outside its options, a missing required flag: usage errors", async () => {
    await expect(args(["a", "--size", "1", "--mode", "medium"])).rejects.toThrow('invalid value "medium" for --mode: expected fast or slow');
    await expect(args(["a", "--size", "1", "--mode=quick"])).rejects.toThrow('invalid value "quick" for --mode: expected fast or slow');
    await expect(args(["a"])).rejects.toThrow('missing required flag --size for "duvo cmd"');
  });

  test("aliases, long and short; a default does not count as given for a conflict, a typed value does", async () => {
    expect((await args(["a", "--size", "1", "--color", "red"])).colour).toBe("red");
    expect((await args(["a", "--size", "1", "-c", "blue"])).colour).toBe("blue");
    expect(await args(["a", "--size", "1", "--all"])).toMatchObject({ all: true, limit: "10" });
    await expect(args(["a", "--size", "1", "--all", "--limit", "10"])).rejects.toThrow("--all and --limit cannot be used together");
  });
});

describe("the tree walk (written to kill mutants of parse.ts' walk)", () => {
  const noGlobals = { profile: undefined, team: undefined, debug: false, noInput: false };

  test("--version at the root only: the whole invocation, and what it refuses with the exact message", async () => {
    expect(await parse(["--version"])).toEqual({ path: [], command: rootCommand, showHelp: false, showVersion: true, args: {}, globals: noGlobals });
    expect((await parse(["--debug", "--version"])).globals).toEqual({ ...noGlobals, debug: true });
    expect(await usageError(["--version", "runs"])).toBe('"duvo --version" takes no other arguments (got "runs")');
    expect(await usageError(["--version", "--", "x"])).toBe('"duvo --version" takes no other arguments (got "--")');
    expect(await usageError(["runs", "--version"])).toBe('unknown flag --version for "duvo runs"; see "duvo runs --help"');
    expect((await parse(["runs", "get", RUN])).showVersion).toBe(false);
  });

  test("--no-input and --debug are globals when given, false when not", async () => {
    expect((await parse(["--no-input", "runs", "get", RUN])).globals).toEqual({ ...noGlobals, noInput: true });
    expect((await parse(["runs", "get", RUN, "--debug"])).globals).toEqual({ ...noGlobals, debug: true });
  });

  test("hidden commands (__complete) are never suggested for a mistyped word", async () => {
    expect(await usageError(["__complet"])).toBe('unknown command "__complet" for "duvo"; see "duvo --help"');
  });

  test("a word after -- under a group is refused with the group's name", async () => {
    expect(await usageError(["agents", "--", "x"])).toBe('unexpected argument "--" for "duvo agents"');
  });

  const leaf = leafCommand({
    meta: { description: "test leaf" },
    args: {
      target: { type: "positional", description: "A target", required: true },
      size: { type: "string", description: "Size" },
    },
    run: async () => {},
  });
  // Subcommands written as plain objects, not loaders: the walk takes both.
  const tree = { meta: { name: "duvo", description: "test tree" }, subCommands: { cmd: leaf } } as DuvoCommand;
  const message = (argv: string[]) => usageError(argv, tree);

  test("subcommands given as plain objects are walked like loaders", async () => {
    const invocation = await parseInvocation(tree, ["cmd", "a", "--size", "1"]);
    expect(invocation.path).toEqual(["cmd"]);
    expect(invocation.args).toMatchObject({ target: "a", size: "1" });
  });

  test("an unknown flag is never matched to a positional's name, and only a --word gets a suggestion", async () => {
    expect(await message(["cmd", "a", "--targe"])).toBe('unknown flag --targe for "duvo cmd"; see "duvo cmd --help"');
    expect(await message(["cmd", "a", "--sise"])).toBe('unknown flag --sise for "duvo cmd"; did you mean --size?');
    expect(await message(["cmd", "a", "-size"])).toBe('unknown flag -size for "duvo cmd"; see "duvo cmd --help"');
  });
});
