/** Probing an MCP server for its tools (`connections probe`, `oauth mcp probe`): the tools as a table; `success: false` is exit 1 with the server's reason. */
import type { Runtime } from "../../cli/runtime.ts";
import { CliError } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { sanitizeLine } from "../../output/style.ts";
import { parsePairs } from "../_secret-input.ts";

export async function probe(runtime: Runtime, target: { server_url?: string; integration_slug?: string }, headerPairs: string[], json: boolean): Promise<number | void> {
  const headers = headerPairs.length > 0 ? parsePairs(headerPairs, "--header") : undefined;
  const body = { ...target, headers } as const;
  const { call } = await runtime.api();
  const answer = await call("probeMcpServer", { body: body as never }); // checked against the document before it is sent
  const what = target.server_url ?? target.integration_slug!;
  if (json) await printJson(runtime, answer);
  if (!answer.success) {
    if (json) return 1;
    throw new CliError(`the probe of ${sanitizeLine(what)} failed: ${sanitizeLine(answer.error ?? "no reason given")}`);
  }
  if (json) return;
  const { showAnswer } = await import("../../cli/show.ts");
  await showAnswer(
    runtime,
    {
      items: "tools",
      columns: [
        ["TOOL", "name", { keep: true }],
        ["DESCRIPTION", "description"],
      ],
      empty: `${what} exposes no tools.`,
    },
    answer,
    {},
  );
}
