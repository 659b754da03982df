import { leafCommand } from "../../cli/command.ts";
import { printBody } from "../../cli/download.ts";
import { dashboardIdArg } from "./_args.ts";

export default leafCommand({
  meta: {
    description: "Print a dashboard's HTML page as the API serves it (the current version, or --version)",
    examples: ["duvo pulse html <id> > dashboard.html", "duvo pulse html <id> --version <version-id>"],
    notes: "Version ids are listed by: duvo api GET /v2/artifacts/<id>/revisions",
  },
  args: {
    ...dashboardIdArg,
    version: { type: "string", description: "A version's id: print that version instead of the current one", valueHint: "version-id", uuid: true },
  },
  async run(args, runtime) {
    const id = args.id; // a UUID, checked by the parser
    const version = args.version;
    await printBody(
      runtime,
      version === undefined
        ? { operation: "getPulseDashboardHtml", path: { artifactId: id }, accept: "text/html" }
        : { operation: "getPulseDashboardVersionHtml", path: { artifactId: id, revisionId: version }, accept: "text/html" },
    );
  },
});
