/**
 * `cases runs <case-id>` and `cases runs recent-messages <case-id> <run-id>`: one word that
 * is both a command and a group. The second form is read here as a sub-action (a first
 * argument "recent-messages"), so both forms are one command with one help.
 */
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { checkUuid, parseCount } from "../../cli/values.ts";
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { renderTable, fitWidth } from "../../output/table.ts";
import { sanitizeLine } from "../../output/style.ts";
import { timeText } from "../../output/time.ts";
import { printJson } from "../../output/print-json.ts";

export default leafCommand({
  meta: {
    description: "The runs that worked a case; `recent-messages` shows a run's latest messages",
    examples: ["duvo cases runs <case-id>", "duvo cases runs recent-messages <case-id> <run-id>", "duvo cases runs recent-messages <case-id> <run-id> --limit 3 --json"],
    notes: `Forms
  duvo cases runs <case-id>                                 the case's runs (GET /v2/cases/{id}/runs)
  duvo cases runs recent-messages <case-id> <run-id>        that run's latest messages (up to --limit, max 10)`,
  },
  args: {
    "case-id": { type: "positional", description: "The case's id (or recent-messages, then the case's and the run's ids)", required: true },
    more: { type: "positional", description: "With recent-messages: <case-id> <run-id>", required: false, variadic: true },
    limit: { type: "string", description: "recent-messages: how many (1-10)", valueHint: "n" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    if (args["case-id"] === "recent-messages") {
      if (args.more.length !== 2) throw new UsageError('"duvo cases runs recent-messages" takes <case-id> <run-id>');
      const caseId = checkUuid(args.more[0]!, "case id");
      const runId = checkUuid(args.more[1]!, "run id");
      const limit = parseCount(args.limit, "--limit", { min: 1 });
      if (limit !== undefined && limit > 10) throw new UsageError("invalid value for --limit: at most 10");
      const { call } = await runtime.api();
      const answer = await call("listCaseRunRecentMessages", { path: { case_id: caseId, run_id: runId }, query: { limit } });
      if (args.json || runtime.jq) return printJson(runtime, answer);
      if (answer.messages.length === 0) return runtime.log.info("No messages.");
      const lines = answer.messages.map((message: any) => {
        const text = typeof message.text_content === "string" ? message.text_content : message.type;
        return `${timeText(message.timestamp, runtime.io.stdout.isTTY)}  ${message.role}: ${sanitizeLine(text)}\n`;
      });
      await runtime.io.stdout.write(lines.join(""));
      return;
    }
    if (args.more.length > 0) throw new UsageError(`unexpected argument "${printable(args.more[0]!)}" for "duvo cases runs"`);
    if (args.limit !== undefined) throw new UsageError("--limit is for recent-messages");
    const caseId = checkUuid(args["case-id"], "case id"); // not declared a UUID: it may be the word recent-messages
    const { call } = await runtime.api();
    const answer = await call("listCaseRuns", { path: { case_id: caseId } });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    if (answer.runs.length === 0) return runtime.log.info("No run has worked this case yet.");
    const tty = runtime.io.stdout.isTTY;
    const rows = answer.runs.map((run) => [
      run.id,
      run.status,
      sanitizeLine(run.agent_name),
      timeText(run.claimed_at, tty),
      run.completed_at ? timeText(run.completed_at, tty) : "-",
    ]);
    await runtime.io.stdout.write(
      renderTable(
        [{ header: "RUN", keep: true }, { header: "STATUS", keep: true }, { header: "AGENT" }, { header: "CLAIMED", keep: true }, { header: "COMPLETED" }],
        rows,
        runtime.outStyle,
        { width: fitWidth(runtime.io) },
      ),
    );
  },
});
