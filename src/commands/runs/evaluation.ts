import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { NotFoundError } from "../../errors.ts";
import { renderKeyValues } from "../../output/key-values.ts";
import { sanitizeLine } from "../../output/style.ts";
import { runIdArg } from "../_shared.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "Show a finished run's evaluation (the agent is read from the run unless --agent says)",
    examples: ["duvo runs evaluation <run-id>", "duvo runs evaluation <run-id> --agent <agent-id> --json | jq '.data.output.data'"],
    notes: "--json prints the API response {data}; data is null while the run has no evaluation.",
  },
  args: {
    ...runIdArg,
    agent: { type: "string", uuid: true, description: "The run's agent id (saves reading the run first)", valueHint: "id" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const runId = args["run-id"];
    const givenAgent = args.agent;
    const { call } = await runtime.api();
    let agentId = givenAgent;
    if (agentId === undefined) {
      const { run } = await call("getRun", { path: { run_id: runId } });
      if (!run) throw new NotFoundError(`run ${runId} no longer exists`);
      agentId = run.agent_id;
    }
    const evaluation = await call("getRunEvaluation", { path: { agentId, runId } });
    if (args.json) return printJson(runtime, evaluation);

    const data = evaluation.data;
    if (!data) {
      runtime.log.info(`Run ${runId} has no evaluation (yet): runs are evaluated once they complete.`);
      return;
    }
    const text = (value: unknown) => (value === null || value === undefined ? "-" : sanitizeLine(typeof value === "string" ? value : JSON.stringify(value)));
    const { schemaId, schemaVersion, data: output } = data.output;
    const rows: [string, string][] = [
      ["Run", text(data.run_id)],
      ["Evaluation", text(data.id)],
      ["Created", text(data.created_at)],
      ["Source", text(data.source)],
    ];
    if (schemaId !== undefined) rows.push(["Schema", `${text(schemaId)}${schemaVersion === undefined ? "" : ` v${text(schemaVersion)}`}`]);
    // The output's own fields, one a line when it is an object; else the value itself.
    if (output !== null && typeof output === "object" && !Array.isArray(output)) {
      for (const [key, value] of Object.entries(output)) rows.push([sanitizeLine(key), text(value)]);
    } else {
      rows.push(["Output", text(output)]);
    }
    await runtime.io.stdout.write(renderKeyValues(rows, runtime.outStyle));
  },
});
