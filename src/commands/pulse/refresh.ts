import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { showAnswer } from "../../cli/show.ts";
import { readWaitArgs, timedOut, waitArgs, waitForJob } from "../../cli/wait-for-job.ts";
import { printJson } from "../../output/print-json.ts";
import { dashboardIdArg } from "./_args.ts";
import { dashboardFields } from "./_show.ts";

export default leafCommand({
  meta: {
    description: "Refresh a dashboard's data now (in the background; --wait to wait until it is done)",
    examples: ["duvo pulse refresh <id>", "duvo pulse refresh <id> --wait --timeout 5m", "duvo pulse refresh <id> --wait --json | jq -r .status"],
    notes:
      "Prints the dashboard as the refresh left it; with --wait, as it is once done. Exit 1 with the\n" +
      "dashboard's own words when the refresh fails; 7 when --timeout runs out (the refresh goes on).",
  },
  args: { ...dashboardIdArg, ...waitArgs, ...jsonArgs },
  async run(args, runtime) {
    const id = args.id; // a UUID, checked by the parser
    const timeoutMs = readWaitArgs(args);
    const { call } = await runtime.api();
    let dashboard = await call("refreshPulseDashboard", { path: { artifactId: id } });
    if (args.wait) {
      const name = `the refresh of dashboard ${id}`;
      const waited = await waitForJob(
        runtime,
        {
          name,
          read: async () => (await call("getPulseDashboard", { path: { artifactId: id } })).artifact,
          state: (artifact) =>
            artifact.status === "completed" ? { done: true } : ["failed", "interrupted"].includes(artifact.status) ? { failed: true } : { busy: artifact.status },
          reason: async (artifact) => {
            // The dashboard says why in its last assistant message.
            const { data } = await call("listPulseDashboardMessages", { path: { artifactId: id }, query: { limit: 20 } });
            const said = data.filter((message) => message.role === "assistant").at(-1)?.content;
            return said ? said : `it ended ${artifact.status}`;
          },
        },
        timeoutMs,
      );
      if (waited.timedOut) return timedOut(runtime, name, args.timeout);
      dashboard = waited.last;
    }
    if (args.json) return printJson(runtime, dashboard);
    await showAnswer(runtime, { fields: dashboardFields }, dashboard, args);
  },
});
