import { join } from "node:path";
import { leafCommand } from "../../cli/command.ts";
import { version } from "../../version.ts";
import { guides, GUIDE_NAMES } from "./_guides.ts";

export default leafCommand({
  meta: {
    description: "Print the path of the guides as files (or of one guide), for tools that read files",
    examples: ["duvo guide path", 'cat "$(duvo guide path scripting)"'],
    notes:
      "The guides are written (once per duvo version) to duvo/guides/<version> in the cache folder:\n" +
      "$XDG_CACHE_HOME, else ~/.cache (%LOCALAPPDATA% on Windows). No request is made.",
  },
  args: { name: { type: "positional", description: `A guide: ${GUIDE_NAMES.join(", ")} (default: the folder)`, required: false, options: GUIDE_NAMES } },
  async run(args, runtime) {
    const fs = await import("node:fs/promises");
    const folder = join(cacheFolder(runtime.io.env), "duvo", "guides", version);
    await fs.mkdir(folder, { recursive: true });
    for (const guide of guides()) {
      const file = join(folder, `${guide.name}.md`);
      const current = await fs.readFile(file, "utf8").catch(() => undefined);
      if (current === guide.content) continue;
      // Written beside and renamed, so a reader never sees half a guide.
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, guide.content);
      await fs.rename(temporary, file);
    }
    await runtime.io.stdout.write(`${args.name === undefined ? folder : join(folder, `${args.name}.md`)}\n`);
  },
});

function cacheFolder(env: Record<string, string | undefined>): string {
  if (process.platform === "win32" && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  return join(env.HOME ?? env.USERPROFILE ?? require("node:os").homedir(), ".cache");
}
