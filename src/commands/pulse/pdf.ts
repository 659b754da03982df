import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { download, outputArg, resolveTarget } from "../../cli/download.ts";
import { UsageError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { dashboardIdArg, themeArg } from "./_args.ts";

export default leafCommand({
  meta: {
    description: "Save a dashboard as a PDF file (or to stdout with -o -)",
    examples: ["duvo pulse pdf <id>", "duvo pulse pdf <id> -o report.pdf --theme dark", "duvo pulse pdf <id> -o - | lp"],
    notes:
      "Without -o the file is <id>.pdf in the current folder. The file appears only once it is whole (a\n" +
      "failure leaves none). --json prints {path, bytes, sha256} of what was saved.",
  },
  args: { ...dashboardIdArg, ...outputArg({ alias: "o" }), ...themeArg, ...jsonArgs },
  async run(args, runtime) {
    const id = args.id; // a UUID, checked by the parser
    const target = resolveTarget(args.output, `${id}.pdf`);
    if (args.json && target.stdout) throw new UsageError("--json cannot go with -o - (stdout carries the PDF)");
    const saved = await download(runtime, { operation: "getPulseDashboardPdf", path: { artifactId: id }, query: { theme: args.theme }, accept: "application/pdf" }, target, {
      quiet: args.json === true,
    });
    if (args.json && !target.stdout) await printJson(runtime, saved);
  },
});
