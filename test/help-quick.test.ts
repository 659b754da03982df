/**
 * `--help` from the screens rendered at build time (src/cli/help-quick.ts): the generated
 * files are current, every argv that prints help prints what `runCli` prints, every other
 * argv is left to `runCli` (its errors included), and the binary prints the same screens.
 * (The binary asks the walk only when the argv has -h or --help or is empty; the walk itself
 * also knows a group named alone.)
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { REGENERATE, staleHelpFiles } from "../scripts/gen-help.ts";
import { commandKinds, helpPath, quickHelp } from "../src/cli/help-quick.ts";
import { ROOT, runDuvo, spawnDuvo } from "./helpers.ts";

test(`the generated help screens and docs/commands.md are current (else run \`${REGENERATE}\`)`, async () => {
  expect(await staleHelpFiles(), `stale: run \`${REGENERATE}\``).toEqual([]);
});

const COMMAND_KINDS = commandKinds();
const paths = [...COMMAND_KINDS.keys()].map((path) => (path === "" ? [] : path.split(" ")));

/** The argvs that ask for the help of the command at `path`, spelled the ways a user may. */
function helpArgvs(path: string[]): string[][] {
  const kind = COMMAND_KINDS.get(path.join(" "));
  const argvs = [
    [...path, "--help"],
    ["-h", ...path],
    ["--debug", ...path, "--profile", "work", "--help"],
    [...path, "--team=5e1f0c2a-7d3b-4c9e-8a10-000000000001", "-h", "--", "--json"],
  ];
  if (kind === 0) argvs.push([...path, "an-argument", "--json", "--no-such-flag", "--help"]);
  else argvs.push([...path], ["--no-input", ...path], [...path, "--no-such-flag", "--help"]);
  return argvs;
}

describe("every argv that prints help prints runCli's screen", () => {
  for (const path of paths) {
    test(`duvo ${path.join(" ")}`.trimEnd(), async () => {
      for (const argv of helpArgvs(path)) {
        const expected = await runDuvo(argv);
        expect({ argv, code: expected.code, stderr: expected.stderr }).toEqual({ argv, code: 0, stderr: "" });
        expect(quickHelp(argv), argv.join(" ")).toBe(expected.stdout);
      }
    });
  }
});

test("a group that is also a command shows its help for --help after its argument, and runs without it", async () => {
  const group = paths.find((path) => COMMAND_KINDS.get(path.join(" ")) === 2);
  expect(group).toBeDefined();
  const argv = [...group!, "5e1f0c2a-7d3b-4c9e-8a30-000000000001", "--help"];
  expect(quickHelp(argv)).toBe((await runDuvo(argv)).stdout);
  expect(helpPath(argv.slice(0, -1))).toBeUndefined();
});

test("every other argv is left to runCli, which gives its errors", async () => {
  const errors: string[][] = [
    ["runz", "--help"], // an unknown command
    ["runs", "get x", "--help"],
    ["runs\t1", "--help"], // the index's separators in a word never match a line of it
    ["runs", "get\t0", "--help"],
    ["--help", "--help"], // a flag given twice
    ["--profile", "--help"], // a flag without its value
    ["runs", "--team", "-h"],
    ["--debug=1", "--help"], // a value given to a switch
    ["runs", "extra"], // a stray word after a group
    ["runs", "--no-such-flag"],
    ["runs", "--"],
  ];
  for (const argv of errors) {
    expect(helpPath(argv), argv.join(" ")).toBeUndefined();
    const result = await runDuvo(argv);
    expect({ argv, code: result.code, stdout: result.stdout }).toEqual({ argv, code: 4, stdout: "" });
    expect(result.stderr).toStartWith("error: ");
  }
  // Not help at all: a command to run, the version, help after `--` (an argument then).
  for (const argv of [["constructor", "--help"], ["runs", "get"], ["--version"], ["runs", "get", "--", "--help"], ["whoami"], ["--version", "--debug"]]) {
    expect(helpPath(argv), argv.join(" ")).toBeUndefined();
  }
});

test("printing help loads no command: the entry and the help walk import only the generated tree", async () => {
  const transpiler = new Bun.Transpiler({ loader: "ts" });
  const imports = async (file: string) => transpiler.scan(await Bun.file(join(ROOT, file)).text()).imports.map((found) => `${found.kind} ${found.path}`);
  expect(await imports("src/cli/help-quick.ts")).toEqual(["import-statement ./generated/help-tree.ts", "import-statement ./generated/help-texts.ts"]);
  // The entry loads the walk only for help, and the rest of the program (run-cli.ts) only after it.
  expect(await imports("src/main.ts")).toEqual([
    "import-statement ./errors.ts",
    "import-statement ./output/io.ts",
    "import-statement ./version.ts",
    "dynamic-import ./cli/help-quick.ts",
    "dynamic-import ./cli/early.ts",
    "dynamic-import ./run-cli.ts",
  ]);
  // The generated modules import nothing at all.
  expect(await imports("src/cli/generated/help-tree.ts")).toEqual([]);
  expect(await imports("src/cli/generated/help-texts.ts")).toEqual([]);
  expect(await imports("src/cli/generated/early-requests.ts")).toEqual([]);
});

test("the binary prints the same screens at every level, and the usual error for a wrong command", async () => {
  for (const argv of [[], ["--help"], ["runs", "--help"], ["runs", "get", "-h"], ["agents", "schedules", "--help"], ["runs"]]) {
    const expected = await runDuvo(argv);
    expect(await spawnDuvo(argv)).toEqual(expected);
  }
  const wrong = await spawnDuvo(["runz", "--help"]);
  expect(wrong).toEqual(await runDuvo(["runz", "--help"]));
  expect(wrong.code).toBe(4);
});
