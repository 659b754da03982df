/**
 * Shell completion: the answers (`duvo __complete`, in-process) and the scripts, run by
 * the real shells against the compiled binary: bash through `complete`/COMP_WORDS, zsh and
 * fish syntax-checked and driven (fish through its own `complete -C`).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatCandidates } from "../src/cli/completion.ts";
import { BINARY, runDuvo, tempDir } from "./helpers.ts";

/** What `duvo <typed> <current>` completes to: the values offered, in order. */
async function offered(typed: string[], current: string, env: Record<string, string> = {}): Promise<string[]> {
  const result = await runDuvo(["__complete", "--", String(typed.length), ...typed, current], { env });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t")[0]!);
}

describe("what is offered", () => {
  test("commands, then subcommands, from the command tree (hidden ones left out)", async () => {
    const top = await offered([], "");
    expect(top).toEqual(expect.arrayContaining(["runs", "agents", "teams", "profiles", "login", "api", "emulator", "completion"]));
    expect(top).not.toContain("__complete");
    expect(await offered(["runs"], "")).toEqual(["start", "get", "messages", "send-message", "respond", "stop", "list", "evaluation", "wait"]);
    expect(await offered(["runs"], "st")).toEqual(["start", "stop"]);
    expect(await offered([], "pro")).toEqual(["profiles"]);
  });

  test("a command's flags, then the global ones; a flag already given is not offered again, a repeatable one is", async () => {
    const flags = await offered(["runs", "start"], "--");
    expect(flags.slice(0, 3)).toEqual(["--agent", "--message", "--sandbox-id"]);
    expect(flags).toEqual(expect.arrayContaining(["--follow", "--json", "--profile", "--team", "--no-input", "--help"]));
    expect(await offered(["runs", "start", "--follow"], "--fo")).toEqual([]);
    expect(await offered(["runs", "respond", "<run-id>", "--answer", "1=EU"], "--ans")).toEqual(["--answer"]);
    expect(await offered(["logout"], "-")).toContain("-y");
    expect(await offered([], "--")).toEqual(["--version", "--profile", "--team", "--debug", "--no-input", "--help"]);
  });

  test("global flags before the command, and their values, are skipped like the parser does", async () => {
    expect(await offered(["--profile", "ci", "--debug", "runs"], "ge")).toEqual(["get"]);
    expect(await offered(["runs", "--team", "5e1f0c2a-7d3b-4c9e-8a50-000000000001"], "li")).toEqual(["list"]);
    expect(await offered(["runs", "list", "--status", "failed"], "")).toEqual([]); // "failed" is --status's value, not a positional
    expect(await offered(["runs", "list", "--status=failed"], "--st")).toEqual([]); // given already
  });

  test("values: enum flags (also as --flag=value), positionals with a fixed set, profile names from the config file", async () => {
    expect(await offered(["runs", "list", "--sort-order"], "")).toEqual(["asc", "desc"]);
    expect(await offered(["runs", "list"], "--sort-order=d")).toEqual(["--sort-order=desc"]);
    expect(await offered(["completion"], "")).toEqual(["bash", "zsh", "fish", "powershell"]);
    expect(await offered(["runs", "start", "--agent"], "")).toEqual([]); // agents live on the server: no request at a keypress

    const configDir = tempDir("duvo-config-");
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ defaultProfile: "default", profiles: { default: {}, ci: {}, staging: {} } }));
    const env = { DUVO_CONFIG_DIR: configDir };
    expect(await offered(["--profile"], "", env)).toEqual(["default", "ci", "staging"]);
    expect(await offered(["profiles", "use"], "s", env)).toEqual(["staging"]);
    expect(await offered(["logout", "--name"], "", env)).toEqual(["default", "ci", "staging"]);
    writeFileSync(join(configDir, "config.json"), "{ not json");
    expect(await offered(["--profile"], "", env)).toEqual([]);
  });

  test("duvo api: the methods, then the document's paths for the method typed", async () => {
    expect(await offered(["api"], "")).toEqual(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
    expect(await offered(["api", "HEAD"], "/v2/runs/")).toEqual(["/v2/runs/{run_id}", "/v2/runs/{run_id}/messages"]); // a HEAD mirrors a GET
    expect(await offered(["api"], "PA")).toEqual(["PATCH"]);
    expect(await offered(["api", "GET"], "/v2/runs/")).toEqual(["/v2/runs/{run_id}", "/v2/runs/{run_id}/messages"]);
    expect(await offered(["api", "POST"], "/v2/runs/")).toEqual(["/v2/runs/{run_id}/messages", "/v2/runs/{run_id}/human-requests/{request_id}/respond", "/v2/runs/{run_id}/stop"]);
    expect(await offered(["api", "GET", "/v2/teams"], "")).toEqual([]); // nothing after the path
  });

  test("after -- or an unknown command nothing is offered; the count protects against a shell dropping an empty word", async () => {
    expect(await offered(["api", "--"], "--")).toEqual([]);
    expect(await offered(["nonsense"], "")).toEqual([]);
    const dropped = await runDuvo(["__complete", "--", "1", "runs"]); // PowerShell 5.1 drops the trailing ""
    expect(dropped.stdout.split("\n")[0]).toStartWith("start\t");
  });
});

describe("what is offered: corners", () => {
  /** The lines `duvo __complete` prints, value and description. */
  const lines = async (typed: string[], current: string, env: Record<string, string> = {}) =>
    (await runDuvo(["__complete", "--", String(typed.length), ...typed, current], { env })).stdout;

  test("each line is the value, a tab and its description; values of a fixed set have none, profile names say so", async () => {
    expect(await lines(["runs", "start"], "--ag")).toBe("--agent\tAgent id, or its name (case-insensitive)\n");
    expect(await lines([], "--ver")).toBe("--version\tPrint the version\n");
    expect(await lines(["runs", "list", "--sort-order"], "a")).toBe("asc\t\n");
    const configDir = tempDir("duvo-config-");
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ profiles: { ci: {} } }));
    expect(await lines(["profiles", "remove"], "", { DUVO_CONFIG_DIR: configDir })).toBe("ci\tprofile\n");
    expect(await lines(["login", "--name"], "", { DUVO_CONFIG_DIR: configDir })).toBe("ci\tprofile\n");
    expect(formatCandidates([{ value: "a", description: " two\n lines  here " }])).toBe("a\ttwo lines here\n");
  });

  test("short aliases only for a single dash; an unknown flag is skipped; a --flag=value takes no next word", async () => {
    const dash = await offered(["runs", "get"], "-");
    expect(dash).toEqual(["--json", "--jq", "-q", "--profile", "--team", "--debug", "--no-input", "--help", "-h"]);
    expect(await offered(["runs", "get"], "--")).toEqual(["--json", "--jq", "--profile", "--team", "--debug", "--no-input", "--help"]);
    expect(await offered(["runs", "get", "--nope"], "--j")).toEqual(["--json", "--jq"]);
    expect(await offered(["runs", "list", "--status=failed", "--json"], "--js")).toEqual([]); // --json given, not taken as --status's value
    expect(await offered(["runs", "get"], "--json=")).toEqual([]); // a switch takes no value
    expect(await offered(["runs", "get"], "--nope=x")).toEqual([]);
  });

  test("after --, every word is a positional, even one that looks like a flag", async () => {
    expect(await offered(["completion", "--"], "")).toEqual(["bash", "zsh", "fish", "powershell"]);
    expect(await offered(["completion", "--", "-x"], "")).toEqual([]);
    expect(await offered(["completion", "--"], "-")).toEqual([]); // not a flag after --
    const configDir = tempDir("duvo-config-");
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ profiles: { ci: {} } }));
    expect(await offered(["completion", "--"], "--profile=", { DUVO_CONFIG_DIR: configDir })).toEqual([]);
    expect(await offered(["completion"], "--profile=", { DUVO_CONFIG_DIR: configDir })).toEqual(["--profile=ci"]);
  });

  test("which words are flags and which take a value, as the parser reads them", async () => {
    expect(await offered(["completion", "-"], "")).toEqual([]); // "-" is a positional (stdin), so the shell is given
    expect(await offered(["runs", "get", "-q", ".x"], "--j")).toEqual(["--json"]); // -q took .x
    expect(await offered(["--version"], "ru")).toEqual(["runs"]); // --version takes no value
    expect(await offered(["runs"], "--ver")).toEqual([]); // only the root has --version
    const configDir = tempDir("duvo-config-");
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ profiles: { ci: {} } }));
    expect(await offered(["runs", "start", "--message"], "", { DUVO_CONFIG_DIR: configDir })).toEqual([]); // profile names only where a profile is asked for
  });
});

describe("duvo completion", () => {
  test("prints each shell's script; anything else is a usage error with a hint", async () => {
    for (const shell of ["bash", "zsh", "fish", "powershell"]) {
      const result = await runDuvo(["completion", shell]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("__complete");
    }
    expect((await runDuvo(["completion", "powershell"])).stdout).toContain("Register-ArgumentCompleter -Native -CommandName duvo");
    const wrong = await runDuvo(["completion", "bsh"]);
    expect(wrong).toEqual({ code: 4, stdout: "", stderr: 'error: invalid value "bsh" for <shell>: expected bash or zsh or fish or powershell; did you mean "bash"?\n' });
    expect((await runDuvo(["completion"])).code).toBe(4);
  });

  test("--help says how to install it for every shell", async () => {
    const help = (await runDuvo(["completion", "--help"])).stdout;
    for (const line of ['eval "$(duvo completion bash)"', 'eval "$(duvo completion zsh)"', "duvo completion fish > ~/.config/fish/completions/duvo.fish", "Invoke-Expression"]) {
      expect(help).toContain(line);
    }
  });
});

describe("the scripts in real shells, against the compiled binary", () => {
  let bin: string;
  let scripts: string;
  beforeAll(async () => {
    bin = tempDir("duvo-bin-");
    symlinkSync(BINARY, join(bin, "duvo"));
    scripts = tempDir("duvo-completion-");
    for (const shell of ["bash", "zsh", "fish", "powershell"]) writeFileSync(join(scripts, shell), (await runDuvo(["completion", shell])).stdout);
  });
  const shellEnv = () => ({ PATH: `${bin}:${process.env.PATH}`, HOME: tempDir("duvo-home-"), DUVO_CONFIG_DIR: tempDir("duvo-config-") });

  async function run(argv: string[]) {
    const child = Bun.spawn(argv, { env: shellEnv(), stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    return { code, stdout, stderr };
  }

  /** Sources the bash script, fills COMP_WORDS/COMP_CWORD (and COMP_LINE when given) as bash does at a Tab, prints COMPREPLY. */
  async function bashComplete(words: string[], line?: string): Promise<string[]> {
    const quoted = words.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(" ");
    const setLine = line === undefined ? "" : `COMP_LINE='${line}'; COMP_POINT=${line.length};`;
    const script = `source ${join(scripts, "bash")}
complete -p duvo >&2
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; ${setLine}
_duvo_completions
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = await run(["bash", "--norc", "--noprofile", "-c", script]);
    expect(result.stderr).toBe("complete -F _duvo_completions duvo\n");
    expect(result.code).toBe(0);
    return result.stdout.split("\n").filter(Boolean);
  }

  test("bash: duvo <Tab> offers runs; duvo runs <Tab> start; duvo runs start --<Tab> --agent", async () => {
    expect(await bashComplete(["duvo", ""])).toContain("runs");
    expect(await bashComplete(["duvo", "runs", ""])).toContain("start");
    expect(await bashComplete(["duvo", "runs", "st"])).toEqual(["start", "stop"]);
    expect(await bashComplete(["duvo", "runs", "start", "--"])).toContain("--agent");
    expect(await bashComplete(["duvo", "runs", "start", "--ag"])).toEqual(["--agent"]);
  });

  test("bash: the pieces of --flag=value are glued back, and only the text after = is replaced", async () => {
    // bash splits at "=": the word under the cursor is "=", and what it replaces is the empty text after it
    expect(await bashComplete(["duvo", "runs", "list", "--sort-order", "="], "duvo runs list --sort-order=")).toEqual(["asc", "desc"]);
    expect(await bashComplete(["duvo", "runs", "list", "--sort-order", "=", "d"], "duvo runs list --sort-order=d")).toEqual(["desc"]);
    expect(await bashComplete(["duvo", "runs", "list", "--sort-order", "=", "d"])).toEqual(["desc"]); // without COMP_LINE
    // a value with ":" (split by bash too) does not swallow the next word
    const line = "duvo runs list --since 2025-06-01T09: --sor";
    expect(await bashComplete(["duvo", "runs", "list", "--since", "2025-06-01T09", ":", "--sor"], line)).toEqual(["--sort-order"]);
  });

  test("bash: the completion works with a duvo that is not named duvo (the word typed is run)", async () => {
    const result = await run(["bash", "--norc", "-c", `source ${join(scripts, "bash")}; COMP_WORDS=(${BINARY} ru); COMP_CWORD=1; _duvo_completions; echo "\${COMPREPLY[@]}"`]);
    expect(result.stdout).toBe("runs\n");
  });

  const zsh = Bun.which("zsh");
  // .ci/run installs zsh and fish: on Linux a missing shell fails the test instead of skipping it.
  test.skipIf(!zsh && process.platform !== "linux")("zsh: the script parses (zsh -n) and offers subcommands with their descriptions", async () => {
    expect(await run(["zsh", "-n", join(scripts, "zsh")])).toEqual({ code: 0, stdout: "", stderr: "" });
    // compdef and _describe come from compinit; stand-ins record what the script hands them.
    const script = `compdef() { print -r -- "compdef $*" }
_describe() { print -rl -- "\${(@P)4}" }
source ${join(scripts, "zsh")}
words=(duvo runs st); CURRENT=3; _duvo
words=(duvo runs list --sort-order ''); CURRENT=5; _duvo`;
    const result = await run(["zsh", "-f", "-c", script]);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")).toEqual([
      "compdef _duvo duvo",
      "start:Start a run of an agent; prints the run id (or follows it with --follow)",
      "stop:Stop a running run (asks first on a terminal; -y skips the question)",
      "asc",
      "desc",
      "",
    ]);
  });

  const fish = Bun.which("fish");
  test.skipIf(!fish && process.platform !== "linux")("fish: the script parses (fish -n) and fish's own completion offers what duvo says", async () => {
    expect(await run(["fish", "-n", join(scripts, "fish")])).toEqual({ code: 0, stdout: "", stderr: "" });
    const result = await run(["fish", "--no-config", "-c", `source ${join(scripts, "fish")}; complete -C'duvo runs '; complete -C'duvo runs start --a'; complete -C'duvo '`]);
    const lines = result.stdout.split("\n");
    expect(lines).toContain("start\tStart a run of an agent; prints the run id (or follows it with --follow)");
    expect(lines).toContain("--agent\tAgent id, or its name (case-insensitive)");
    expect(lines).toContain("completion\tPrint the shell completion script for bash, zsh, fish or PowerShell");
  });
});
