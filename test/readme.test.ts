/** The README's command reference is the `--help` of every command, so the two never drift. */
import { expect, test } from "bun:test";
import { renderReference, spliceReference } from "../scripts/readme-reference.ts";
import { ROOT } from "./helpers.ts";

test("README.md's command reference equals the commands' --help (run `bun scripts/readme-reference.ts`)", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  expect(spliceReference(readme, await renderReference())).toBe(readme);
});

test("README.md names the test command and the demo", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  const firstScreen = readme.split("\n").slice(0, 20).join("\n");
  expect(firstScreen).toContain("bun run demo");
  expect(firstScreen).toContain("bun run test");
});
