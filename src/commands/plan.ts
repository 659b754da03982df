import { jsonArgs, leafCommand } from "../cli/command.ts";
import { ExitCode } from "../errors.ts";
import { printJson } from "../output/print-json.ts";
import { readManifestArg, writeWhole } from "./_declarative.ts";

export default leafCommand({
  meta: {
    description: "Compare a file with the team: what apply would create, change and remove, field by field (sends no change)",
    examples: ["duvo plan -f duvo.yaml", "duvo plan -f duvo.yaml -o plan.json --detailed-exitcode", "duvo plan -f duvo.yaml --json | jq .summary"],
    notes: `Only reads. Names are matched exactly; two resources of the team with a name the file uses
are an error listing them. Without --prune, what the file does not name is left alone and not shown.
--json and -o write the plan format of docs/declarative.md; duvo apply <plan.json> applies exactly
that plan, and refuses if the team changed since.
--detailed-exitcode: 0 no change, 2 changes, 1 error, 4 invalid file (the field named).`,
  },
  args: {
    file: { type: "string", alias: "f", required: true, description: "The file (YAML or JSON; - for stdin)", valueHint: "file" },
    output: { type: "string", alias: "o", description: "Also save the plan here, for duvo apply <plan.json>", valueHint: "plan.json" },
    prune: { type: "boolean", description: "Also plan removing what the file does not name" },
    "detailed-exitcode": { type: "boolean", description: "Exit 2 when there are changes, 0 when none" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const manifest = await readManifestArg(runtime, args.file);
    const { planFor } = await import("../declarative/session.ts");
    const { call, teamId } = await runtime.api();
    const { plan } = await planFor(call, await teamId(), manifest, args.prune === true);
    if (args.output !== undefined) writeWhole(args.output, `${JSON.stringify(plan, null, 2)}\n`);
    if (args.json) await printJson(runtime, plan);
    else {
      const { renderPlan } = await import("../declarative/render.ts");
      await runtime.io.stdout.write(renderPlan(plan, runtime.outStyle));
    }
    return args["detailed-exitcode"] && plan.changes.length > 0 ? 2 : ExitCode.ok;
  },
});
