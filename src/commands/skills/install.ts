import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { showAnswer } from "../../cli/show.ts";
import { sendFile } from "../../cli/upload.ts";
import { CliError, ExitCode } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { zip } from "../../output/zip.ts";
import { skillIdArg } from "./_args.ts";

export default leafCommand({
  meta: {
    description: "Copy a system skill into the team's library, as a team skill you can edit and download",
    examples: ["duvo skills install <system-skill-id>", "duvo skills install <system-skill-id> --json | jq -r .skill.id"],
    notes: `The public API has no install operation; this is what it would do, from operations it has: the system
skill is looked up (GET /v2/skills/system), its files are listed and read (GET /v2/skills/{id}/files and
/files/{path}), and uploaded together as one ZIP archive (POST /v2/teams/{teamId}/skills/upload). The team
skill has the same name; if the team already has a skill of that name, it is updated with the system
skill's files. Text files only (the API returns file contents as text). --json prints the upload's answer {skill}.`,
  },
  args: { ...skillIdArg, ...jsonArgs },
  async run(args, runtime) {
    const id = args["skill-id"];
    const { call } = await runtime.api();
    const system = (await call("listSystemSkills")).skills.find((skill) => skill.id === id);
    if (!system) throw new CliError(`${id} is not a system skill`, ExitCode.notFound, "See them with: duvo skills system");
    const { files } = await call("listSkillFiles", { path: { skill_id: id } });
    const encoder = new TextEncoder();
    const entries: [string, Uint8Array][] = [];
    for (const file of files) {
      const { content } = await call("getSkillFileContent", { path: { skill_id: id, "*": file.path } });
      entries.push([file.path, encoder.encode(content)]);
    }
    if (!entries.some(([path]) => path === "SKILL.md")) throw new CliError(`system skill ${system.name} has no SKILL.md among its files`);
    const answer = await sendFile(runtime, "uploadSkill", { field: "file", file: { name: `${system.name}.zip`, bytes: zip(entries) } });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    const fields: [string, string][] = [
      ["ID", "id"],
      ["Name", "name"],
      ["Description", "description"],
    ];
    await showAnswer(runtime, { object: "skill", fields }, answer, args);
    runtime.log.success(`Installed system skill "${system.name}" (${entries.length} files) as team skill ${answer.skill.id}`);
  },
});
