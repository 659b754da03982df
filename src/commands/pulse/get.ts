import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { showAnswer } from "../../cli/show.ts";
import { printJson } from "../../output/print-json.ts";
import { dashboardIdArg } from "./_args.ts";
import { dashboardFields } from "./_show.ts";

export default leafCommand({
  meta: {
    description: "Show one dashboard, with its current version",
    examples: ["duvo pulse get <id>", "duvo pulse get <id> --json | jq .versions"],
    notes:
      "Two requests, one answer: the dashboard (GET /v2/artifacts/{id}) and its versions. --json prints\n" +
      "the dashboard's answer {artifact, is_creator, can_edit} with `versions` added:\n" +
      "{total, current_version, current_revision_id}.",
  },
  args: { ...dashboardIdArg, ...jsonArgs },
  async run(args, runtime) {
    const id = args.id; // a UUID, checked by the parser
    const path = { artifactId: id };
    const { call } = await runtime.api();
    const [dashboard, versions] = await Promise.all([call("getPulseDashboard", { path }), call("listPulseDashboardVersions", { path })]);
    const { total, current_version, current_revision_id } = versions;
    const answer = { ...dashboard, versions: { total, current_version, current_revision_id } };
    if (args.json) return printJson(runtime, answer);
    const version = current_version === null ? null : `${current_version} of ${total} (${current_revision_id})`;
    await showAnswer(runtime, { fields: [...dashboardFields, ["Version", () => version]] }, dashboard.artifact, args);
  },
});
