import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { download, outputArg, resolveTarget } from "../../cli/download.ts";
import { UsageError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "Save a team skill as a ZIP archive (or to stdout with --output -)",
    examples: ["duvo skills download <skill-id>", "duvo skills download <skill-id> --output skills/", "duvo skills download <skill-id> --output - | bsdtar -xf -"],
    notes:
      "Without --output the file is <skill-id>.zip in the current folder; a folder as --output gets that\n" +
      "name inside it. Only the team's own skills can be downloaded, not system skills. The file\n" +
      "appears only once it is whole. --json prints {path, bytes, sha256} of what was saved.",
  },
  args: {
    "skill-id": { type: "positional", description: "The skill's id (a UUID)", required: true, uuid: "skill id" },
    ...outputArg(),
    ...jsonArgs,
  },
  async run(args, runtime) {
    const id = args["skill-id"];
    const target = resolveTarget(args.output, `${id}.zip`);
    if (args.json && target.stdout) throw new UsageError("--json cannot go with --output - (stdout carries the archive)");
    const saved = await download(runtime, { operation: "downloadSkill", path: { skill_id: id }, accept: "application/zip" }, target, { quiet: args.json === true });
    if (args.json && !target.stdout) await printJson(runtime, saved);
  },
});
