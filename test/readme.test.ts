/** The command reference (docs/commands.md) is the `--help` of every command, so the two never drift; the README links to it. */
import { expect, test } from "bun:test";
import { renderCommandsDoc } from "../scripts/readme-reference.ts";
import { ROOT } from "./helpers.ts";

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

test("README.md names the test command and the demo", async () => {
  const readme = await Bun.file(`${ROOT}/README.md`).text();
  const firstScreen = readme.split("\n").slice(0, 20).join("\n");
  expect(firstScreen).toContain("bun run demo");
  expect(firstScreen).toContain("bun run test");
});
