import { jsonArgs, leafCommand } from "../cli/command.ts";
import { confirmOrRefuse, yesArg } from "../cli/confirm.ts";
import { CliError, InterruptedError, UsageError } from "../errors.ts";
import { printJson } from "../output/print-json.ts";
import { sanitizeLine } from "../output/style.ts";
import { readFileFor, readFileOrStdin } from "./_files.ts";
import { printable } from "../printable.ts";
import { readManifestArg } from "./_declarative.ts";

const PAST = { create: "created", change: "changed", remove: "removed" } as const;

export default leafCommand({
  meta: {
    description: "Make the team match a file (or apply a saved plan): create, change and, with --prune, remove",
    examples: ["duvo apply -f duvo.yaml", "duvo apply -f duvo.yaml --prune -y", "duvo plan -f duvo.yaml -o plan.json && duvo apply plan.json"],
    notes: `A new revision is made only when an agent's config differs; it gets its integrations, pinned
connections, queues, secrets, logins and rubrics, then is promoted. Schedules and triggers are
changed in place. A second apply of the same file sends no change. If an apply stops half-way,
the next one continues from what the team then has.
With <plan.json> (from duvo plan -o) exactly that plan is applied; if the team changed since, it
is refused (exit 1) and nothing is sent. --prune removes what the file does not name: it asks
on a terminal and needs -y in scripts. Secret values come from the environment (\${env:NAME}).`,
  },
  args: {
    plan: { type: "positional", required: false, description: "A plan saved by duvo plan -o", valueHint: "plan.json" },
    file: { type: "string", alias: "f", description: "The file (YAML or JSON; - for stdin)", valueHint: "file", conflicts: "plan" },
    prune: { type: "boolean", description: "Also remove what the file does not name (asks first; -y in scripts)" },
    ...yesArg,
    ...jsonArgs,
  },
  async run(args, runtime) {
    if ((args.file === undefined) === (args.plan === undefined)) throw new UsageError("give the file with -f <file>, or a saved plan: duvo apply <plan.json>");
    const session = await import("../declarative/session.ts");
    let saved: Awaited<ReturnType<typeof session.readPlanFile>> | undefined;
    if (args.plan !== undefined) {
      if (args.prune) throw new UsageError("--prune cannot be given with a saved plan: the plan says whether it prunes");
      saved = await session.readPlanFile(args.plan === "-" ? await readFileOrStdin(runtime, "-", "<plan.json>") : readFileFor(args.plan, "<plan.json>"), printable(args.plan));
    }
    const manifest = saved?.manifest ?? (await readManifestArg(runtime, args.file!));
    const prune = saved?.prune ?? args.prune === true;
    const { call, teamId } = await runtime.api();
    const team = await teamId();
    if (saved) session.checkPlanTeam(saved, team);
    const { live, steps, plan } = await session.planFor(call, team, manifest, prune);
    if (saved) session.checkPlanCurrent(saved, live);
    session.checkEnvironment(manifest, plan.changes, runtime.io.env);
    const { renderPlan } = await import("../declarative/render.ts");
    if (!args.json) await runtime.io.stdout.write(renderPlan(plan, runtime.outStyle));
    if (plan.changes.length === 0) return args.json ? printJson(runtime, { applied: [], summary: plan.summary }) : undefined;
    if (plan.summary.remove > 0)
      await confirmOrRefuse(runtime, `Remove ${plan.summary.remove} resource${plan.summary.remove === 1 ? "" : "s"} the file does not name?`, args.yes === true, "apply --prune");
    const applied: typeof plan.changes = [];
    try {
      await session.applySteps(call, live, steps, runtime.io.env, async (change) => {
        applied.push(change);
        const owner = change.parent ? ` of "${sanitizeLine(change.parent)}"` : "";
        runtime.log.info(`${PAST[change.action]} ${change.kind.replace("_", " ")} "${sanitizeLine(change.name)}"${owner}`);
      });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      if (error instanceof InterruptedError) {
        runtime.log.warn(`Stopped after ${applied.length} of ${steps.length} changes: run the same apply again to finish (duvo plan shows what is left).`);
        throw error;
      }
      throw new CliError(
        `${error.message} (after ${applied.length} of ${steps.length} changes)`,
        error.exitCode,
        "Run the same apply again: it continues from what the team has now (duvo plan shows what is left).",
      );
    }
    if (args.json) return printJson(runtime, { applied, summary: plan.summary });
    await runtime.io.stdout.write(`Applied: ${plan.summary.create} created, ${plan.summary.change} changed, ${plan.summary.remove} removed.\n`);
  },
});
