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

/** Characters of items per jq run when a filter streams: few runs (each costs ~1 ms), small batches. */
const JQ_BATCH_CHARS = 256 * 1024;

/**
 * `{"<key>":[…items…],…tail}` written chunk by chunk as the items arrive, byte for byte
 * what `printJson` of the whole document would print (compact, or indented on a TTY), so
 * a list of any length goes out in flat memory. The tail (`total`, `limit`…) is asked for
 * once every item is out. With `--jq`, a filter that looks at one item at a time
 * (`.<key>[] | …`, see `streamsOver` in jq.ts) runs over the items a batch at a time as
 * they arrive, each batch as `{"<key>":[…]}`, printing what one run over the whole
 * document would; any other filter needs the whole document: the same compact text is
 * gathered (as text, not objects) and handed to jq at the end.
 */
export async function printJsonStream(runtime: JsonOutput, key: string, chunks: AsyncIterable<unknown[]>, tail: () => Record<string, unknown>): Promise<void> {
  const jq = runtime.jq;
  if (jq?.streamsOver(key)) return printJqStream(jq, key, chunks);
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

/** The items through a filter that streams (`.<key>[] | …`): one jq run per ~256 KiB of items. */
async function printJqStream(jq: JqFilter, key: string, chunks: AsyncIterable<unknown[]>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const json = `{${JSON.stringify(key)}:[${batch.join(",")}]}\n`;
    batch = [];
    size = 0;
    await jq.print(json);
  };
  for await (const items of chunks) {
    for (const item of items) {
      const text = JSON.stringify(item) ?? "null";
      batch.push(text);
      size += text.length;
    }
    if (size >= JQ_BATCH_CHARS) await flush();
  }
  await flush();
}
