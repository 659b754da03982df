import { leafCommand } from "../cli/command.ts";
import { writeWhole } from "./_declarative.ts";

export default leafCommand({
  meta: {
    description: "Write the team's agents, queues, folders, secrets and logins as one file to review and apply (no secret values)",
    examples: ["duvo export -o duvo.yaml", "duvo export --format json --agent <agent-id>", "duvo export > team.yaml"],
    notes: `References are by name, so the file applies to another team (duvo apply -f). Secret values and
passwords are never written: each is \${env:NAME}, read from the environment when apply needs it.
Agents without a live revision, and references to something the team no longer has, are left out
with a warning on stderr. The format: docs/declarative.md.`,
  },
  args: {
    output: { type: "string", alias: "o", description: "Write the file here instead of stdout (whole or not at all)", valueHint: "file" },
    format: { type: "enum", options: ["yaml", "json"], description: "yaml (default; json when -o ends in .json) or json" },
    agent: {
      type: "string",
      repeatable: true,
      uuid: "agent id",
      description: "Only this agent (repeat for more); folders, queues, secrets and logins are all written",
      valueHint: "agent-id",
    },
  },
  async run(args, runtime) {
    const format = args.format ?? (args.output?.toLowerCase().endsWith(".json") ? "json" : "yaml");
    const { exportTeam } = await import("../declarative/session.ts");
    const { formatManifest } = await import("../declarative/manifest.ts");
    const { call, teamId } = await runtime.api();
    const exported = await exportTeam(call, await teamId(), args.agent.length > 0 ? args.agent : undefined);
    for (const warning of exported.warnings) runtime.log.warn(warning);
    const text = formatManifest(exported.manifest, format);
    if (args.output === undefined || args.output === "-") return void (await runtime.io.stdout.write(text));
    writeWhole(args.output, text);
    const count = exported.manifest.agents?.length ?? 0;
    runtime.log.info(`Wrote ${args.output}: ${count} agent${count === 1 ? "" : "s"}.`);
  },
});
