import { operationCommand } from "../../../cli/operation-command.ts";
import { UsageError } from "../../../errors.ts";
import { agentIdArg, rubricColumns } from "../_args.ts";
import { buildArg } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Replace all of a revision's rubrics with those in a file (asks first on a terminal; -y skips the question)",
    examples: ["duvo agents eval-rubrics replace <agent-id> --input rubrics.json -y", "cat rubrics.json | duvo agents eval-rubrics replace <agent-id> --input - -y --json"],
    notes: 'The file holds a JSON array of {"title", "description"} (or {"rubrics": [...]}), at most 5; it is checked before anything is sent.',
  },
  operation: "replaceEvalRubrics",
  args: {
    ...agentIdArg,
    input: { type: "string", description: "The rubrics (JSON file), or - for stdin", required: true, valueHint: "path|-" },
    ...buildArg,
  },
  request: async (args, runtime) => {
    const agentId = args["agent-id"];
    const { readJsonFile, shownPath } = await import("../../_files.ts");
    const document = await readJsonFile(runtime, args.input, "--input");
    const rubrics = Array.isArray(document) ? document : (document as { rubrics?: unknown })?.rubrics;
    if (!Array.isArray(rubrics)) throw new UsageError(`--input ${shownPath(args.input)}: expected a JSON array of rubrics, or {"rubrics": [...]}`);
    if (rubrics.length > 5) throw new UsageError(`--input ${shownPath(args.input)}: ${rubrics.length} rubrics, a revision has at most 5`);
    return { path: { agentId }, body: { rubrics, build_id: args.build } };
  },
  confirm: (args) => `Replace every rubric of agent ${args["agent-id"]}'s ${args.build ? `revision ${args.build}` : "live revision"}?`,
  show: { items: "rubrics", columns: rubricColumns, empty: "The revision has no custom rubrics now." },
});
