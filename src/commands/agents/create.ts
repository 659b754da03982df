import type { CreateAgentBody } from "../../api/generated/agents.ts";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { renderKeyValues } from "../../output/key-values.ts";
import { sanitizeLine } from "../../output/style.ts";
import { printJson } from "../../output/print-json.ts";

/** What a new agent runs on when neither --model nor --config says. */
export const DEFAULT_MODEL = "claude-sonnet-4-6";
const DEFAULT_BROWSING = { provider: "google", model: "gemini-2.5-flash" } as const;

export default leafCommand({
  meta: {
    description: "Create an agent, with a first revision from its instructions (--input) or a revision config file (--config)",
    examples: [
      'duvo agents create --name "Invoice Reconciler" --input "Match each new invoice to a ledger payment."',
      'duvo agents create --name "Invoice Reconciler" --config agent.json --json',
      'duvo agents create --name "Scratch" --no-build',
    ],
    notes:
      '--config is a revision config ({version: "v2", data: {models, input, ...}}), checked against the API\'s schema before sending; --input and --model override its instructions and model. ' +
      "--no-build creates the agent without a revision. On a terminal, a missing name, instructions or model are asked for. --json prints the API response {agent, build}.",
  },
  args: {
    name: { type: "string", description: "The agent's name", valueHint: "n" },
    input: { type: "string", description: "The agent's instructions (text)", valueHint: "text" },
    config: { type: "string", description: "A revision config file (JSON), or - for stdin", valueHint: "path" },
    model: { type: "string", description: `The model (default ${DEFAULT_MODEL}; see duvo agents models)`, valueHint: "model" },
    "no-build": { type: "boolean", description: "Create the agent without a revision" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    if (args["no-build"] && (args.config !== undefined || args.input !== undefined || args.model !== undefined)) {
      throw new UsageError("--no-build creates no revision: it cannot be used with --config, --input or --model");
    }
    const { agentModels, readRevisionConfig, checkRevisionConfig } = await import("../revisions/_config.ts");
    const models = await agentModels();
    if (args.model !== undefined && !models.includes(args.model)) throw new UsageError(`unknown model "${printable(args.model)}"`, "see duvo agents models");
    const fromFile = args.config === undefined ? undefined : ((await readRevisionConfig(runtime, args.config, "--config")) as { version: "v2"; data: Record<string, any> });

    const ask = async (flag: string, question: string) => {
      if (!runtime.canPrompt) throw new UsageError(`give ${flag} (or run on a terminal to be asked)`);
      const answer = (await runtime.prompter.text(question)).trim();
      if (answer === "") throw new UsageError(`${flag} is empty`);
      return answer;
    };
    const name = args.name ?? (await ask("--name", "Name of the new agent"));
    if (name.trim() === "") throw new UsageError("--name is empty");

    let build: { name: string; config: unknown } | undefined;
    if (!args["no-build"]) {
      const input = args.input ?? (fromFile ? undefined : await ask("--input, --config or --no-build", "What should the agent do? (its instructions)"));
      const model =
        args.model ??
        (fromFile
          ? undefined
          : runtime.canPrompt
            ? await runtime.prompter.select(
                "Model",
                models.map((label) => ({ label, hint: label === DEFAULT_MODEL ? "default" : undefined })),
              )
            : DEFAULT_MODEL);
      const base = fromFile ?? { version: "v2", data: { models: { agent: { model: DEFAULT_MODEL }, browsing: DEFAULT_BROWSING }, input: "" } };
      const data = { ...base.data };
      if (input !== undefined) data.input = input;
      if (model !== undefined) data.models = { ...data.models, agent: { ...data.models.agent, model } };
      const config = { ...base, data };
      await checkRevisionConfig(
        config,
        args.config === undefined ? "the flags" : `--config ${args.config === "-" ? "- (stdin)" : (await import("../_files.ts")).shownPath(args.config)}`,
      );
      build = { name, config };
    }

    const body = { name, build } as CreateAgentBody; // the config comes from a file: the schema check stands for its type
    const { createAgent } = await import("../../api/generated/agents.ts");
    const { checkRequestBody } = await import("../../api/answer.ts");
    const operation = createAgent();
    checkRequestBody(operation.body, body); // before credentials are read, as every command checks its arguments first
    const { call } = await runtime.api();
    const answer = await call("createAgent", { body });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    const created = answer as { agent: { id: string; name: string }; build?: { id: string; config: any } };
    const rows: [string, string][] = [
      ["ID", created.agent.id],
      ["Name", sanitizeLine(created.agent.name)],
      ["Revision", created.build ? created.build.id : "-"],
      ["Model", created.build?.config?.data?.models?.agent?.model ?? "-"],
    ];
    await runtime.io.stdout.write(renderKeyValues(rows, runtime.outStyle));
  },
});
