import { operationCommand } from "../../cli/operation-command.ts";
import { contentArgs, readContent } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Create a team skill from its fields (the API writes SKILL.md); the same name updates it",
    examples: [
      'duvo skills create --name invoice-reader --description "Read supplier invoices" --content-file body.md',
      'duvo skills create --name tone --description "House style for replies" --content "Write short sentences." --json | jq -r .skill.id',
    ],
    notes: `--name: 1-64 lowercase letters, digits and single hyphens. --content (or --content-file, - for stdin) is
SKILL.md's body without front matter; without either the body is empty. A skill with the same name
in the team is updated. --json prints the API response {skill}.`,
  },
  operation: "createSkill",
  args: {
    name: { type: "string", description: "The skill's name (lowercase, digits, hyphens)", valueHint: "n", required: true },
    description: { type: "string", description: "What it does and when to use it (1-1024 characters)", valueHint: "d", required: true },
    ...contentArgs,
    license: { type: "string", description: "A license name, or a bundled license file", valueHint: "license" },
    compatibility: { type: "string", description: "What it needs from the environment (up to 500 characters)", valueHint: "text" },
    "allowed-tools": { type: "string", description: "Pre-approved tools, space-separated (experimental)", valueHint: "tools" },
  },
  request: async (args, runtime) => ({
    body: {
      name: args.name,
      description: args.description,
      content: (await readContent(runtime, args, false)) ?? "",
      license: args.license,
      compatibility: args.compatibility,
      "allowed-tools": args["allowed-tools"],
    },
  }),
  show: {
    object: "skill",
    fields: [
      ["ID", "id"],
      ["Name", "name"],
      ["Description", "description"],
    ],
  },
});
