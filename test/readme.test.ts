/**
 * The README is a front page whose first screen runs the demo; the manual is in docs/, every link of
 * which leads somewhere; the command reference (docs/commands.md) is the `--help` of every command.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderCommandsDoc } from "../scripts/readme-reference.ts";
import { ROOT, tempDir, UUID_PATTERN, SLOW_TEST_MS } from "./helpers.ts";

test("docs/commands.md equals the commands' --help (run `bun scripts/readme-reference.ts`)", async () => {
  const doc = await Bun.file(`${ROOT}/docs/commands.md`).text();
  expect(doc).toBe(await renderCommandsDoc());
  for (const command of ["duvo secrets create", "duvo credentials delete", "duvo team use", "duvo teams org-usage", "duvo profiles rename"]) {
    expect(doc).toContain(`## \`${command}\``);
  }
});

test("README.md is a front page: the two commands on its first screen, install, the tour, and links to the manual in docs/", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  const lines = readme.split("\n");
  expect(lines.length).toBeLessThanOrEqual(200);
  // The first screen (24 lines): the demo and the test command.
  const firstScreen = lines.slice(0, 24).join("\n");
  expect(firstScreen).toContain("&& bun run demo ");
  expect(firstScreen).toContain("\nbun run test ");
  for (const heading of ["## Install", "## Quick tour", "## Documentation"]) expect(lines).toContain(heading);
  for (const install of ["install.sh | sh", "brew install duvoai/tap/duvo", "scoop install duvoai/duvo", "docker run --rm -e DUVO_API_KEY ghcr.io/duvoai/duvo"])
    expect(readme).toContain(install);
  expect(readme).toContain("](docs/commands.md)");
  expect(readme).not.toContain("<!-- reference:start -->");
});

/** The links of a markdown text outside code: [text](target). */
function markdownLinks(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as hyphens; a repeat gets -1, -2. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of text.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

test("every relative link in README.md and docs/ leads to a file there, and every #anchor to a heading of it", async () => {
  const pages = ["README.md", ...(await Array.fromAsync(new Bun.Glob("docs/**/*.md").scan({ cwd: ROOT })))];
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    for (const link of markdownLinks(await Bun.file(join(ROOT, page)).text())) {
      if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
      checked++;
      const [file = "", anchor] = link.split("#", 2);
      const target = file ? join(dirname(join(ROOT, page)), decodeURIComponent(file)) : join(ROOT, page);
      if (!existsSync(target)) broken.push(`${page}: ${link} (no such file)`);
      else if (anchor !== undefined && !(target.endsWith(".md") && anchorsOf(readFileSync(target, "utf8")).has(anchor))) broken.push(`${page}: ${link} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(40);
  // The checker finds what it is meant to find.
  expect(markdownLinks('[a](x.md#y) `[b](z.md)`\n```\n[c](w.md)\n```\n[d](https://e) [f](#g "t")')).toEqual(["x.md#y", "https://e", "#g"]);
  expect([...anchorsOf("# `duvo api`: any endpoint\n## A clone alone: what is skipped, and why\n## Runs\n## Runs\n")]).toEqual([
    "duvo-api-any-endpoint",
    "a-clone-alone-what-is-skipped-and-why",
    "runs",
    "runs-1",
  ]);
});

test("every page of docs/ is in the README's documentation list", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  const listed = new Set(markdownLinks(readme.slice(readme.indexOf("\n## Documentation\n"))).map((link) => link.split("#")[0]));
  const pages = (await Array.fromAsync(new Bun.Glob("docs/*.md").scan({ cwd: ROOT }))).sort();
  expect(pages.filter((page) => !listed.has(page))).toEqual([]);
});

test(
  "the README's first command line ends with `bun run demo`, and the demo runs: a run approved and completed",
  async () => {
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
  },
  SLOW_TEST_MS,
);

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
