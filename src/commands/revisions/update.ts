import { operationCommand } from "../../cli/operation-command.ts";
import { showRevision } from "./_show.ts";

export default operationCommand({
  meta: {
    description: "Replace a revision's config with a config file (from a repository in CI, say)",
    examples: ["duvo revisions update <revision-id> --config-file agent.json", "duvo revisions update <revision-id> --config-file - --json < agent.json"],
    notes: "The config is checked against the schema of a new revision's config before sending (the field named).",
  },
  operation: "updateRevision",
  args: {
    "revision-id": { type: "positional", uuid: true, description: "The revision's id", required: true },
    "config-file": { type: "string", description: "The revision config (JSON file), or - for stdin", required: true, valueHint: "path|-" },
  },
  request: async (args, runtime) => {
    const buildId = args["revision-id"];
    const { readRevisionConfig } = await import("./_config.ts");
    const config = await readRevisionConfig(runtime, args["config-file"], "--config-file");
    return { path: { build_id: buildId }, body: { config } };
  },
  show: showRevision,
});
