/**
 * Cases from a file, streamed: a JSON object (one case), a JSON array, JSON Lines (one case a
 * line) or CSV with a header (title, data, priority, labels as `key=value;value`). Nothing is
 * held but the row being read, so a file of any size goes through in constant memory.
 */
import { printable } from "../../printable.ts";
import { UsageError } from "../../errors.ts";
import { parseLabel } from "./_shared.ts";

export interface NewCase {
  title: string;
  data?: string;
  priority?: "none" | "medium" | "high";
  labels?: { key?: string; value: string }[];
}

export type Format = "json" | "jsonl" | "csv";

/** The text of a file (or of stdin's text) in chunks, each chunk's bytes also handed to `onBytes`. */
export async function* textChunks(source: { path: string } | { text: string }, onBytes?: (bytes: Uint8Array) => void): AsyncGenerator<string> {
  if ("text" in source) {
    onBytes?.(new TextEncoder().encode(source.text));
    yield source.text;
    return;
  }
  const decoder = new TextDecoder("utf-8", { fatal: false });
  for await (const chunk of Bun.file(source.path).stream()) {
    onBytes?.(chunk);
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The format by extension, else by the first character (`[` JSON, `{` JSON/JSON Lines, else CSV). */
export function detectFormat(name: string, firstChunk: string): Format {
  if (/\.csv$/i.test(name)) return "csv";
  if (/\.(jsonl|ndjson)$/i.test(name)) return "jsonl";
  const first = firstChunk.replace(/^\uFEFF/, "").trimStart()[0];
  if (first === "[") return "json";
  if (first === "{") return /\.json$/i.test(name) ? "json" : "jsonl";
  if (/\.json$/i.test(name)) return "json";
  return "csv";
}

/** Every case of the input, in order, checked (exit 4 naming the row). */
export async function* readCases(chunks: AsyncIterable<string>, format: Format, where: string): AsyncGenerator<NewCase> {
  let index = 0;
  const rows = format === "csv" ? csvRows(chunks, where) : format === "jsonl" ? jsonLines(chunks, where) : jsonValues(chunks, where);
  for await (const { value, at } of rows) {
    index++;
    yield toCase(value, `${where}: ${at ?? `case ${index}`}`);
  }
}

// ------------------------------------------------------------------ JSON

/** A JSON document that is an array (its elements, one at a time) or one object. */
async function* jsonValues(chunks: AsyncIterable<string>, where: string): AsyncGenerator<{ value: unknown; at?: string }> {
  let started = false;
  let single = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = "";
  let ended = false;
  let count = 0;
  for await (let chunk of chunks) {
    if (!started) chunk = chunk.replace(/^\uFEFF/, "");
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i]!;
      if (!started) {
        if (/\s/.test(char)) continue;
        started = true;
        if (char === "{") single = true;
        else if (char !== "[") throw new UsageError(`${where}: not a JSON object or array`);
        if (single) {
          element = char;
          depth = 1;
        }
        continue;
      }
      if (ended) {
        if (!/\s/.test(char)) throw new UsageError(`${where}: unexpected text after the end of the JSON`);
        continue;
      }
      if (inString) {
        element += char;
        if (escaped) escaped = false;
        else if (char === "\\") escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') inString = true;
      if (single) {
        element += char;
        if (char === "{" || char === "[") depth++;
        else if (char === "}" || char === "]") depth--;
        if (depth === 0) ended = true;
        continue;
      }
      if (depth === 0 && (char === "," || char === "]")) {
        if (element.trim() !== "") {
          count++;
          yield { value: parseJson(element, `${where}: case ${count}`) };
        } else if (char === "," || count > 0) throw new UsageError(`${where}: an empty element in the array`);
        element = "";
        if (char === "]") ended = true;
        continue;
      }
      if (char === "{" || char === "[") depth++;
      else if (char === "}" || char === "]") depth--;
      element += char;
    }
  }
  if (!started) throw new UsageError(`${where}: the file is empty`);
  if (!ended) throw new UsageError(`${where}: the JSON ends too early`);
  if (single) yield { value: parseJson(element, where) };
}

async function* jsonLines(chunks: AsyncIterable<string>, where: string): AsyncGenerator<{ value: unknown; at?: string }> {
  let line = 0;
  let rest = "";
  let pending: string[] = [];
  let firstFailed: string | undefined;
  for await (const chunk of chunks) {
    rest += chunk;
    const lines = rest.split("\n");
    rest = lines.pop()!;
    pending.push(...lines);
    for (const text of pending) {
      line++;
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, "") : text).trim();
      if (trimmed === "") continue;
      if (firstFailed !== undefined) {
        firstFailed += `\n${text}`;
        continue;
      }
      try {
        yield { value: JSON.parse(trimmed), at: `line ${line}` };
      } catch {
        if (line !== 1) throw new UsageError(`${where}: line ${line} is not valid JSON`);
        firstFailed = text; // a JSON object over several lines: read as one document
      }
    }
    pending = [];
  }
  if (firstFailed !== undefined) {
    yield { value: parseJson(`${firstFailed}\n${rest}`, where) };
    return;
  }
  line++;
  if (rest.trim() !== "") {
    try {
      yield { value: JSON.parse(rest.trim()), at: `line ${line}` };
    } catch {
      throw new UsageError(`${where}: line ${line} is not valid JSON`);
    }
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

// ------------------------------------------------------------------ CSV

const CSV_COLUMNS = ["title", "data", "priority", "labels"];

async function* csvRows(chunks: AsyncIterable<string>, where: string): AsyncGenerator<{ value: unknown; at?: string }> {
  let header: string[] | undefined;
  let line = 1;
  let recordLine = 1;
  let field = "";
  let record: string[] = [];
  let inQuotes = false;
  let quoteSeen = false; // a quote inside a quoted field: either "" or the field's end
  let first = true;
  const finishRecord = function* (): Generator<{ value: unknown; at?: string }> {
    record.push(field);
    field = "";
    const cells = record;
    record = [];
    const at = recordLine;
    recordLine = line;
    if (cells.length === 1 && cells[0]!.trim() === "") return;
    if (!header) {
      header = cells.map((cell) => cell.trim().toLowerCase());
      const unknown = header.filter((name) => !CSV_COLUMNS.includes(name));
      if (unknown.length) throw new UsageError(`${where}: unknown CSV column "${printable(unknown[0]!)}"; the columns are ${CSV_COLUMNS.join(", ")}`);
      if (!header.includes("title")) throw new UsageError(`${where}: the CSV header has no title column`);
      return;
    }
    if (cells.length !== header.length) throw new UsageError(`${where}: line ${at} has ${cells.length} fields, the header ${header.length}`);
    const value: Record<string, string> = {};
    header.forEach((name, index) => {
      if (cells[index] !== "") value[name] = cells[index]!;
    });
    yield { value: { ...value, labels: value.labels }, at: `line ${at}` };
  };
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, "");
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i]!;
      if (inQuotes) {
        if (quoteSeen) {
          quoteSeen = false;
          if (char === '"') {
            field += '"';
            continue;
          }
          inQuotes = false; // the closing quote; this character is read below
        } else if (char === '"') {
          quoteSeen = true;
          continue;
        } else {
          if (char === "\n") line++;
          field += char;
          continue;
        }
      }
      if (char === '"' && field === "") inQuotes = true;
      else if (char === ",") {
        record.push(field);
        field = "";
      } else if (char === "\n") {
        line++;
        if (field.endsWith("\r")) field = field.slice(0, -1);
        yield* finishRecord();
      } else field += char;
    }
  }
  if (inQuotes && !quoteSeen) throw new UsageError(`${where}: a quoted field that starts on line ${recordLine} never ends`);
  if (field !== "" || record.length > 0) yield* finishRecord();
  if (!header) throw new UsageError(`${where}: the file is empty`);
}

// ------------------------------------------------------------------ one case

function toCase(value: unknown, where: string): NewCase {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${where}: a case must be an object with a title`);
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((key) => !["title", "data", "priority", "labels"].includes(key));
  if (unknown.length) throw new UsageError(`${where}: unknown field "${printable(unknown[0]!)}" (a case has title, data, priority, labels)`);
  if (typeof raw.title !== "string" || raw.title.trim() === "") throw new UsageError(`${where}: title is missing or empty`);
  if (raw.title.length > 500) throw new UsageError(`${where}: title is longer than 500 characters`);
  const out: NewCase = { title: raw.title };
  if (raw.data !== undefined && raw.data !== null) out.data = typeof raw.data === "string" ? raw.data : JSON.stringify(raw.data);
  if (raw.priority !== undefined && raw.priority !== null && raw.priority !== "") {
    if (raw.priority !== "none" && raw.priority !== "medium" && raw.priority !== "high") throw new UsageError(`${where}: priority must be none, medium or high`);
    out.priority = raw.priority;
  }
  const labels = labelsOf(raw.labels, where);
  if (labels.length) out.labels = labels;
  if (labels.length > 49) throw new UsageError(`${where}: more than 49 labels (the API allows 50, one is the import's)`);
  return out;
}

function labelsOf(value: unknown, where: string): { key?: string; value: string }[] {
  if (value === undefined || value === null || value === "") return [];
  const parse = (text: string) => {
    try {
      return parseLabel(text, "label");
    } catch {
      throw new UsageError(`${where}: invalid label "${printable(text)}"`);
    }
  };
  if (typeof value === "string")
    return value
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map(parse);
  if (!Array.isArray(value)) throw new UsageError(`${where}: labels must be a list or "key=value;value"`);
  return value.map((item) => {
    if (typeof item === "string") return parse(item);
    if (typeof item === "object" && item !== null && typeof (item as { value?: unknown }).value === "string" && (item as { value: string }).value !== "") {
      const { key, value: text } = item as { key?: unknown; value: string };
      if (key !== undefined && typeof key !== "string") throw new UsageError(`${where}: a label's key must be text`);
      return key ? { key, value: text } : { value: text };
    }
    throw new UsageError(`${where}: a label must be "key=value", "value" or {key, value}`);
  });
}
