import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printable } from "../../printable.ts";
import { CliError, UsageError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { agentIdArg } from "./_args.ts";

export default leafCommand({
  meta: {
    description: "Change the model of an agent's latest revision, and nothing else (a picker on a terminal without --model)",
    examples: ["duvo agents set-model <agent-id> --model claude-sonnet-4-6", "duvo agents set-model <agent-id>"],
    notes:
      "Reads the agent's latest revision, changes data.models.agent.model in its config and updates it (PATCH /v2/revisions/{build_id}). --json prints that answer. duvo agents models lists the models.",
  },
  args: {
    ...agentIdArg,
    model: { type: "string", description: "The model (see duvo agents models)", valueHint: "model" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const agentId = args["agent-id"];
    const { agentModels, checkRevisionConfig } = await import("../revisions/_config.ts");
    const models = await agentModels();
    if (args.model !== undefined && !models.includes(args.model)) {
      throw new UsageError(`unknown model "${printable(args.model)}"`, "see duvo agents models");
    }
    if (args.model === undefined && !runtime.canPrompt) throw new UsageError("give --model (duvo agents models lists them)");

    const { call } = await runtime.api();
    const { latestRevision } = await import("./_revision.ts");
    const { revision } = await latestRevision(call, agentId);
    const config = revision.config as { version: string; data: { models: { agent: { model: string } } } } | null;
    if (config?.version !== "v2") {
      throw new CliError(
        `the latest revision of agent ${agentId} (${revision.id}) has no v2 config whose model can be changed`,
        undefined,
        `push one: duvo revisions update ${revision.id} --config-file <path>`,
      );
    }
    const current = config.data.models.agent.model;
    const model =
      args.model ??
      (await runtime.prompter.select(
        `Model for ${revision.name}`,
        models.map((name) => ({ label: name, hint: name === current ? "current" : undefined })),
      ));
    const changed = { ...config, data: { ...config.data, models: { ...config.data.models, agent: { ...config.data.models.agent, model } } } };
    await checkRevisionConfig(changed, `revision ${revision.id}`);

    const answer = await call("updateRevision", { path: { build_id: revision.id }, body: { config: changed } });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    runtime.log.success(`Agent ${agentId} now runs on ${model} (revision ${revision.id}${current === model ? ", unchanged" : `, was ${current}`}).`);
  },
});
