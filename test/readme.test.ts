/** The command reference (docs/commands.md) is the `--help` of every command, so the two never drift; the README links to it. */
import { expect, test } from "bun:test";
import { renderCommandsDoc } from "../scripts/readme-reference.ts";
import { ROOT, tempDir, UUID_PATTERN } from "./helpers.ts";

test("docs/commands.md equals the commands' --help (run `bun scripts/readme-reference.ts`)", async () => {
  const doc = await Bun.file(`${ROOT}/docs/commands.md`).text();
  expect(doc).toBe(await renderCommandsDoc());
  for (const command of ["duvo secrets create", "duvo credentials delete", "duvo team use", "duvo teams org-usage", "duvo profiles rename"]) {
    expect(doc).toContain(`## \`${command}\``);
  }
});

test("README.md keeps the tour and links to the command reference instead of holding it", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  expect(readme).toContain("](docs/commands.md)");
  expect(readme).not.toContain("<!-- reference:start -->");
  expect(readme).toContain("## Quick tour");
});

test("the README's first command line ends with `bun run demo`, and the demo runs: a run approved and completed", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  const firstCommand = /```sh\n([^\n]*)\n/.exec(readme)![1]!;
  expect(firstCommand.split("#")[0]!.trim()).toEndWith("&& bun run demo");
  const demo = Bun.spawn(["bun", "run", "demo"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tempDir("duvo-demo-"), NO_COLOR: "1" } as Record<string, string>,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([demo.exited, new Response(demo.stdout).text(), new Response(demo.stderr).text()]);
  expect({ code, stderr: stderr.includes("error:") ? stderr : "" }).toEqual({ code: 0, stderr: "" });
  const runId = stdout.split("\n")[0]!;
  expect(runId).toMatch(UUID_PATTERN);
  const shown = stderr.split("\n").filter((line) => line.startsWith("$ duvo "));
  expect(shown).toEqual([
    '$ duvo runs start --agent "Vendor Payment Approval" --message "Pay this week\'s due invoices"',
    `$ duvo runs messages ${runId} --follow     # streams until the run ends`,
    `$ duvo runs respond ${runId} --approve`,
    `$ duvo runs get ${runId}`,
  ]);
  // The final `runs get`: the run completed after the approval.
  expect(stdout).toContain(`ID           ${runId}\nStatus       completed\n`);
}, 60_000);

test("the repository explains itself: no comment or doc points to files outside it", async () => {
  // Built from parts, so this file does not match itself.
  const outside = new RegExp(["\\b(CLI|API|TRAPS|STYLE)\\.md\\b", "\\.\\./" + "shared", "TRAPS" + " item"].join("|"));
  const offending: string[] = [];
  for (const pattern of ["src/**/*", "scripts/**/*", "test/**/*", "docs/**/*", "README.md"]) {
    for await (const file of new Bun.Glob(pattern).scan({ cwd: ROOT })) {
      const lines = (await Bun.file(`${ROOT}/${file}`).text()).split("\n");
      for (const [index, line] of lines.entries()) if (outside.test(line)) offending.push(`${file}:${index + 1}: ${line.trim()}`);
    }
  }
  expect(offending).toEqual([]);
});
