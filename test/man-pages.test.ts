/**
 * The man pages (man/man1, made by scripts/man-pages.ts): current with the command tree, one
 * per command, each rendering to the command's `--help` line for line, through groff (every
 * page) and `man -l` (a few; it is slow, a second or more a page on a busy machine).
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { renderHelp } from "../src/cli/help.ts";
import type { DuvoCommand } from "../src/cli/command.ts";
import { resolveValue, subCommandsOf } from "../src/cli/parse.ts";
import { rootCommand } from "../src/commands/index.ts";
import { MAN_FOLDER, REGENERATE, renderManPages, stalePages } from "../scripts/man-pages.ts";
import { SLOW_TEST_MS } from "./helpers.ts";

/** Every command shown in help, with its page's name: ["duvo-runs-start.1", help text]. */
async function helpByPage(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const visit = async (command: DuvoCommand, path: string[]) => {
    found.set(`${["duvo", ...path].join("-")}.1`, await renderHelp(command, path));
    for (const [name, entry] of Object.entries((await subCommandsOf(command)) ?? {})) {
      const sub = await resolveValue(entry);
      if (!sub.meta.hidden) await visit(sub, [...path, name]);
    }
  };
  await visit(rootCommand, []);
  return found;
}

/** Rendered pages (several in one text) split at their header lines: `DUVO-RUNS-START(1) ... duvo manual ...`. */
function splitRendered(text: string): Map<string, string[]> {
  const pages = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const header = /^(DUVO[A-Z0-9-]*)\(1\)\s+duvo manual\s+\1\(1\)$/.exec(line.trim());
    if (header) pages.set(`${header[1]!.toLowerCase()}.1`, (current = []));
    else current?.push(line.trim());
  }
  return pages;
}

/** The help's lines, in order, found among the rendered lines (headings as the page writes them, in capitals). */
function missingHelpLines(help: string, rendered: string[]): string[] {
  const missing: string[] = [];
  let at = 0;
  for (const line of help.split("\n").map((l) => l.trim())) {
    if (!line) continue;
    const index = rendered.findIndex((candidate, i) => i >= at && (candidate === line || candidate === line.toUpperCase()));
    if (index < 0) missing.push(line);
    else at = index + 1;
  }
  return missing;
}

const manPages = await renderManPages();
const pageFiles = [...manPages.keys()].map((file) => join(MAN_FOLDER, file));

test(`man/man1 is current: one page per command, as \`${REGENERATE}\` makes them`, async () => {
  const helps = await helpByPage();
  expect([...manPages.keys()].sort()).toEqual([...helps.keys()].sort());
  expect(manPages.size).toBeGreaterThan(150);
  for (const page of ["duvo.1", "duvo-runs.1", "duvo-runs-start.1", "duvo-secrets-create.1", "duvo-api.1"]) expect(manPages.has(page), page).toBe(true);
  expect(await stalePages(manPages), `man pages are stale: run \`${REGENERATE}\``).toEqual([]);
  // Each page names its parent and its subcommands under SEE ALSO.
  expect(manPages.get("duvo-runs.1")).toContain('.SH "SEE ALSO"\n.BR duvo (1),\n.BR duvo\\-runs\\-start (1),\n');
});

describe.skipIf(process.platform === "win32")("the pages render", () => {
  test("every page through groff (-man -Tutf8): no warning, and the text is the command's --help, line for line", async () => {
    const groff = Bun.which("groff");
    if (!groff && process.platform !== "linux") return; // macOS CI may lack groff; .ci/run installs it here
    if (!groff) throw new Error("groff is not installed (apt-get install groff-base)");
    const result = Bun.spawnSync([groff, "-k", "-ww", "-man", "-Tutf8", "-P-cbou", "-rLL=250n", ...pageFiles], { stdout: "pipe", stderr: "pipe" });
    expect({ code: result.exitCode, stderr: result.stderr.toString() }).toEqual({ code: 0, stderr: "" });
    const rendered = splitRendered(result.stdout.toString());
    expect([...rendered.keys()].sort()).toEqual([...manPages.keys()].sort());
    const helps = await helpByPage();
    const differences = [...helps].flatMap(([page, help]) => missingHelpLines(help, rendered.get(page)!).map((line) => `${page}: ${line}`));
    expect(differences).toEqual([]);
  });

  test(
    "a few pages through `man -l`, as a user reads them",
    async () => {
      const man = Bun.which("man");
      if (!man && process.platform !== "linux") return;
      if (!man) throw new Error("man is not installed (apt-get install man-db)");
      const sample = ["duvo.1", "duvo-runs-start.1", "duvo-secrets-create.1"];
      const result = Bun.spawnSync([man, "-l", ...sample.map((file) => join(MAN_FOLDER, file))], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, MANWIDTH: "250", MANPAGER: "cat", PAGER: "cat", LANG: "C.UTF-8" },
        stdout: "pipe",
        stderr: "pipe",
      });
      expect({ code: result.exitCode, stderr: result.stderr.toString() }).toEqual({ code: 0, stderr: "" });
      const rendered = splitRendered(result.stdout.toString());
      expect([...rendered.keys()]).toEqual(sample);
      const helps = await helpByPage();
      for (const page of sample) expect(missingHelpLines(helps.get(page)!, rendered.get(page)!), page).toEqual([]);
      expect(rendered.get("duvo-secrets-create.1")).toContain("--value <KEY=VALUE>     One variable, KEY=VALUE (repeatable)");
      expect(rendered.get("duvo-runs-start.1")).toContain("duvo-runs-start - Start a run of an agent; prints the run id (or follows it with --follow)");
    },
    SLOW_TEST_MS,
  );
});
