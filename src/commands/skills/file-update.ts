import { operationCommand } from "../../cli/operation-command.ts";
import { UsageError } from "../../errors.ts";
import { contentArgs, readContent, skillIdArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Replace the text of one file of a team skill",
    examples: ["duvo skills file-update <skill-id> SKILL.md --content-file SKILL.md", 'duvo skills file-update <skill-id> notes.md --content "Check VAT ids first."'],
    notes: `Only team skills can be edited. Rewriting SKILL.md renames or redescribes the skill from its front
matter (the API refuses front matter without a valid name and description). --json prints the API
response {success, message, skill?}.`,
  },
  operation: "updateSkillFile",
  args: { ...skillIdArg, path: { type: "positional", description: "The file's path inside the skill", required: true }, ...contentArgs },
  request: async (args, runtime) => {
    const path = args.path.replace(/^\/+/, "");
    if (path === "") throw new UsageError("the path is empty");
    return { path: { skill_id: args["skill-id"], "*": path }, body: { content: (await readContent(runtime, args, true))! } };
  },
  show: { done: (answer, args) => (answer.skill ? `Updated ${args.path} of skill "${answer.skill.name}".` : `Updated ${args.path}.`) },
});
