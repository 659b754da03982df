import { basename } from "node:path";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { showAnswer } from "../../cli/show.ts";
import { sendFile } from "../../cli/upload.ts";
import { printJson } from "../../output/print-json.ts";
import { readableFile } from "../_files.ts";

export default leafCommand({
  meta: {
    description: "Create or update a skill from a SKILL.md file or a ZIP archive with SKILL.md at its root",
    examples: ["duvo skills upload SKILL.md", "duvo skills upload invoice-reader.zip --json | jq -r .skill.id"],
    notes: 'A skill with the same name in the team is updated. The file is sent as multipart/form-data (part "file").',
  },
  args: { file: { type: "positional", description: "SKILL.md or a .zip archive", required: true }, ...jsonArgs },
  async run(args, runtime) {
    readableFile(args.file, "<file>");
    const answer = await sendFile(runtime, "uploadSkill", { field: "file", file: args.file });
    if (args.json) return printJson(runtime, answer);
    await showAnswer(
      runtime,
      {
        object: "skill",
        fields: [
          ["ID", "id"],
          ["Name", "name"],
          ["Description", "description"],
        ],
      },
      answer,
      args,
    );
    runtime.log.success(`Uploaded ${basename(args.file)} as skill "${answer.skill.name}"`);
  },
});
