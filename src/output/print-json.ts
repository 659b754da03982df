/** `--json` output for every command: compact for scripts, indented on a TTY; with `--jq`, jq's results instead. */
import { memoryOutput, type OutputStream } from "./io.ts";
import type { JqFilter } from "./jq.ts";
import { formatJson } from "./run-json.ts";

/** Where JSON goes: stdout, or the `--jq` filter when one is set. The runtime (cli/runtime.ts) is one. */
export interface JsonOutput {
  io: { stdout: OutputStream };
  jq?: JqFilter;
}

export function printJson(runtime: JsonOutput, value: unknown): Promise<void> {
  if (runtime.jq) return runtime.jq.print(formatJson(value, false));
  return runtime.io.stdout.write(formatJson(value, runtime.io.stdout.isTTY));
}

/**
 * `{"<key>":[…items…],…tail}` written chunk by chunk as the items arrive, byte for byte
 * what `printJson` of the whole document would print (compact, or indented on a TTY), so
 * a list of any length goes out in flat memory. The tail (`total`, `limit`…) is asked for
 * once every item is out. jq needs the whole document: with `--jq` the same compact text
 * is gathered (as text, not objects) and handed to it at the end.
 */
export async function printJsonStream(runtime: JsonOutput, key: string, chunks: AsyncIterable<unknown[]>, tail: () => Record<string, unknown>): Promise<void> {
  const jq = runtime.jq;
  const indent = !jq && runtime.io.stdout.isTTY;
  const gathered = jq ? memoryOutput() : undefined;
  const sink = gathered ?? runtime.io.stdout;
  const text = (value: unknown) => JSON.stringify(value, null, indent ? 2 : undefined) ?? "null";
  let count = 0;
  await sink.write(indent ? `{\n  ${JSON.stringify(key)}: [` : `{${JSON.stringify(key)}:[`);
  for await (const items of chunks) {
    if (items.length === 0) continue;
    const parts = items.map((item, index) => {
      const separator = count + index === 0 ? "" : ",";
      return indent ? `${separator}\n    ${text(item).replaceAll("\n", "\n    ")}` : `${separator}${text(item)}`;
    });
    count += items.length;
    await sink.write(parts.join(""));
  }
  const rest = text(tail());
  const close = indent && count > 0 ? "\n  ]" : "]";
  await sink.write(`${close}${rest === "{}" ? (indent ? "\n}" : "}") : `,${rest.slice(1)}`}\n`);
  if (jq && gathered) await jq.print(gathered.text());
}
