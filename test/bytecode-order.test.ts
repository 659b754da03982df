/**
 * The profiled runs that lay out a release's bytecode (scripts/bytecode-order.ts): every
 * profiled command succeeds against the emulator and the binary writes its order file. If
 * Bun stopped writing them (or a command failed), builds would lose the layout silently.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { recordBytecodeOrder } from "../scripts/bytecode-order.ts";
import { BINARY, tempDir } from "./helpers.ts";

test("each profiled command runs and writes an order file (v2, then the modules and functions it used)", async () => {
  const folder = join(tempDir(), "order");
  const files = await recordBytecodeOrder(BINARY, folder);
  expect(files.map((file) => file.slice(folder.length + 1))).toEqual([
    "runs-get-json.txt",
    "runs-get.txt",
    "whoami.txt",
    "agents-get-json.txt",
    "agents-get.txt",
    "queues-get-json.txt",
    "queues-get.txt",
    "whoami-json.txt",
    "help.txt",
    "version.txt",
  ]);
  for (const file of files) {
    const lines = (await Bun.file(file).text()).split("\n");
    expect(lines[0]).toBe("v2");
    expect(lines.filter((line) => /^[FM] [0-9a-f]{16}$/.test(line)).length).toBeGreaterThan(1);
  }
});
