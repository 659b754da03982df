import { basename } from "node:path";
import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { checkRequestBody } from "../../api/answer.ts";
import { UsageError } from "../../errors.ts";
import { renderKeyValues } from "../../output/key-values.ts";
import { readableFile } from "../_files.ts";
import { printJson, printJsonStream } from "../../output/print-json.ts";
import { caseFields, parseLabel, queueArg } from "./_shared.ts";

export default leafCommand({
  meta: {
    description: "Add one case, or any number from a file (JSON, JSON Lines, CSV): each exactly once",
    examples: [
      'duvo cases create --queue <queue-id> --title "Invoice 4711" --data "Acme, 1200 EUR" --priority high --label region=EU',
      "duvo cases create --queue <queue-id> --from-file invoices.csv",
      "jq -c '.[]' cases.json | duvo cases create --queue <queue-id> --from-file - --json",
    ],
    notes: `--from-file takes a JSON object (one case), a JSON array, JSON Lines (one case a line) or CSV with the header
title,data,priority,labels (labels as key=value;value), of any size: sent 100 a request, paced by the rate limit,
with progress on a terminal. Exactly once: every case of the file ends up in the queue once, through server
errors, cut connections, Ctrl-C, kill -9 and running the same command again with the same file; a re-run adds
only what is missing and says how many were already there. To recognise its own cases, each case of an import
carries one label, duvo-import=<12 hex digits of the file's SHA-256> (visible to the agents that work the cases).
Identical rows are distinct cases. From stdin (-) the input is read into memory first.
--json prints the API's answer for one case; for --from-file {"added_cases": [...], "already_present": N}.`,
  },
  args: {
    ...queueArg,
    title: { type: "string", description: "The case's title (up to 500 characters)", valueHint: "text" },
    data: { type: "string", description: "Its data, free text for the agent", valueHint: "text" },
    priority: { type: "enum", options: ["none", "medium", "high"], description: "none (default), medium or high", valueHint: "none|medium|high" },
    label: { type: "string", description: '"key=value" or "value"', valueHint: "key=value", repeatable: true },
    "from-file": { type: "string", description: "Add every case of this file (- for stdin) instead", valueHint: "path|-" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    const queueId = args.queue;
    if (args["from-file"] !== undefined) {
      if (args.title !== undefined || args.data !== undefined || args.priority !== undefined || args.label.length) {
        throw new UsageError("--from-file cannot be used with --title, --data, --priority or --label");
      }
      return importFile(runtime, queueId, args["from-file"], args.json === true);
    }
    if (args.title === undefined) throw new UsageError("give --title (or --from-file)");
    const item = {
      title: args.title,
      data: args.data,
      priority: args.priority as "none" | "medium" | "high" | undefined,
      labels: args.label.length ? args.label.map((label) => parseLabel(label)) : undefined,
    };
    const { createCases } = await import("../../api/generated/cases.ts");
    const schemas = createCases();
    const body = { case: item };
    checkRequestBody(schemas.body, body);
    const { call } = await runtime.api();
    const answer = await call("createCases", { path: { queue_id: queueId }, body });
    if (args.json || runtime.jq) return printJson(runtime, answer);
    const created = answer.added_cases[0]!;
    await runtime.io.stdout.write(
      renderKeyValues(
        caseFields.map(([label, field]) => [label, String((typeof field === "function" ? field(created) : (created as any)[field]) ?? "-") || "-"]),
        runtime.outStyle,
      ),
    );
  },
});

async function importFile(runtime: Parameters<Parameters<typeof leafCommand>[0]["run"]>[1], queueId: string, path: string, json: boolean) {
  const { scanImport, runImport } = await import("./_import.ts");
  if (path !== "-") readableFile(path, "--from-file"); // exit 4 before anything else if it cannot be read
  const input = path === "-" ? { source: { text: await runtime.io.readStdin() }, name: "stdin" } : { source: { path }, name: basename(path) };
  const scan = await scanImport(input);
  if (scan.total === 0) throw new UsageError(`${input.name}: no cases in it`);
  const { call } = await runtime.api();
  const tty = runtime.io.stderr.isTTY && !json;
  await runImport(
    runtime,
    call,
    queueId,
    input,
    scan,
    (done, total, present) => {
      if (tty) void runtime.io.stderr.write(`\r\x1b[2KAdding cases: ${done}/${total} (${Math.floor((done / total) * 100)}%)${present ? `, ${present} already there` : ""}`);
    },
    async (result) => {
      if (tty) await runtime.io.stderr.write("\r\x1b[2K");
      if (json || runtime.jq) return printJsonStream(runtime, "added_cases", result.added, () => ({ already_present: result.alreadyPresent }));
      for await (const items of result.added) await runtime.io.stdout.write(items.map((item) => `${item.id}\n`).join(""));
      runtime.log.success(
        `Added ${result.addedCount} of ${result.total} cases to queue ${queueId}${result.alreadyPresent ? ` (${result.alreadyPresent} were already there)` : ""}; import label duvo-import=${result.marker}.`,
      );
    },
  );
}
