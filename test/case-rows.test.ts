/**
 * The import's row readers (src/commands/cases/_rows.ts) on their own: JSON, JSON Lines and CSV,
 * each read whole and one character at a time (a file arrives in chunks that split anything), the
 * checks of each case, and the messages that name the bad row. Written to kill mutants of _rows.ts;
 * test/case-import.test.ts runs the same readers through `cases create --from-file`.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { detectFormat, type Format, type NewCase, readCases, textChunks } from "../src/commands/cases/_rows.ts";
import { tempDir } from "./helpers.ts";

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let index = 0; index < text.length; index += size) yield text.slice(index, index + size);
}

async function readAll(text: string, format: Format, size: number): Promise<NewCase[]> {
  const cases: NewCase[] = [];
  for await (const item of readCases(chunksOf(text, size), format, "f")) cases.push(item);
  return cases;
}

/** The cases of `text`, the same read whole and a character at a time. */
async function read(text: string, format: Format): Promise<NewCase[]> {
  const whole = await readAll(text, format, Math.max(1, text.length));
  expect(await readAll(text, format, 1)).toEqual(whole);
  return whole;
}

/** The message `text` is refused with, the same read whole and a character at a time. */
async function refusal(text: string, format: Format): Promise<string> {
  const messages: string[] = [];
  for (const size of [Math.max(1, text.length), 1]) {
    try {
      await readAll(text, format, size);
      messages.push("(read without an error)");
    } catch (error) {
      messages.push((error as Error).message);
    }
  }
  expect(messages[1]).toBe(messages[0]!);
  return messages[0]!;
}

describe("JSON", () => {
  test("an array: a byte-order mark and spaces around, strings holding brackets, commas, quotes and backslashes, nested data", async () => {
    const text = `\uFEFF \n [ {"title":"a, [b] {c} \\"q\\" \\\\"} , {"title":"b","data":{"x":[1,{"y":"]"}]},"priority":"high","labels":["k=v","w"]},{"title":"c","data":"plain"} ] \n`;
    expect(await read(text, "json")).toEqual([
      { title: 'a, [b] {c} "q" \\' },
      { title: "b", data: '{"x":[1,{"y":"]"}]}', priority: "high", labels: [{ key: "k", value: "v" }, { value: "w" }] },
      { title: "c", data: "plain" },
    ]);
  });

  test("one object is one case; an empty array is none", async () => {
    expect(await read(' {"title":"one","data":{"n":{"m":[]}}} \n', "json")).toEqual([{ title: "one", data: '{"n":{"m":[]}}' }]);
    expect(await read("[]", "json")).toEqual([]);
    expect(await read("[ \n ]", "json")).toEqual([]);
  });

  test.each([
    ["", "f: the file is empty"],
    [" \n ", "f: the file is empty"],
    ['"title"', "f: not a JSON object or array"],
    ['[{"title":"a"}] x', "f: unexpected text after the end of the JSON"],
    ['{"title":"a"} {', "f: unexpected text after the end of the JSON"],
    ['[{"title":"a"}', "f: the JSON ends too early"],
    ['{"title":"a"', "f: the JSON ends too early"],
    ['[{"title":"a"},]', "f: an empty element in the array"],
    ['[,{"title":"a"}]', "f: an empty element in the array"],
    ['[{"title":"a"}, ,{"title":"b"}]', "f: an empty element in the array"],
  ])("refused: %j", async (text, message) => {
    expect(await refusal(text, "json")).toBe(message);
  });

  test("an element that is not JSON names its place; a single object names the file", async () => {
    expect(await refusal('[{"title":"a"},{"title": x}]', "json")).toStartWith("f: case 2: not valid JSON (");
    expect(await refusal('{"title": x}', "json")).toStartWith("f: not valid JSON (");
  });
});

describe("JSON Lines", () => {
  test("one case a line: blank lines and CRLF skipped, a byte-order mark, a last line without its newline", async () => {
    expect(await read('\uFEFF{"title":"a"}\r\n\n  \n{"title":"b","priority":"none"}\n{"title":"c"}', "jsonl")).toEqual([
      { title: "a" },
      { title: "b", priority: "none" },
      { title: "c" },
    ]);
  });

  test("an object written over several lines is read as one document", async () => {
    expect(await read('{\n  "title": "multi",\n  "data": "d"\n}\n', "jsonl")).toEqual([{ title: "multi", data: "d" }]);
  });

  test("a bad line is named by its number, the last one too; a bad case by its line", async () => {
    expect(await refusal('{"title":"a"}\nnot json\n{"title":"c"}\n', "jsonl")).toBe("f: line 2 is not valid JSON");
    expect(await refusal('{"title":"a"}\n\n{"title":', "jsonl")).toBe("f: line 3 is not valid JSON");
    expect(await refusal('{"title":"a"}\n{"title":""}\n', "jsonl")).toBe("f: line 2: title is missing or empty");
    expect(await refusal('{"title":"a"}\n{"title":"b","x":1}', "jsonl")).toBe('f: line 2: unknown field "x" (a case has title, data, priority, labels)');
    expect(await refusal("{\n  not json\n}\n", "jsonl")).toStartWith("f: not valid JSON (");
  });
});

describe("CSV", () => {
  test("a header in any case and spacing; quoted fields with commas, doubled quotes and newlines; CRLF; empty cells left out; blank lines", async () => {
    const text = '\uFEFF Title ,DATA,priority,labels\r\n"a, b","say ""hi""",high,"k=v; w ;"\r\n\r\nplain,,,\n"two\nlines",x,,\nlast,"",medium,z';
    expect(await read(text, "csv")).toEqual([
      { title: "a, b", data: 'say "hi"', priority: "high", labels: [{ key: "k", value: "v" }, { value: "w" }] },
      { title: "plain" },
      { title: "two\nlines", data: "x" },
      { title: "last", priority: "medium", labels: [{ value: "z" }] },
    ]);
  });

  test("a row is named by the line it starts on, after a field over several lines too", async () => {
    expect(await refusal('title,data\n"x\ny\nz",1\nshort\n', "csv")).toBe("f: line 5 has 1 fields, the header 2");
    expect(await refusal('title,data\n"x\ny",1\n"",2\n', "csv")).toBe("f: line 4: title is missing or empty");
    expect(await refusal("title,priority\na,\nb,low", "csv")).toBe("f: line 3: priority must be none, medium or high");
  });

  test.each([
    ["", "f: the file is empty"],
    ["\n\n", "f: the file is empty"],
    ["title,colour\na,red\n", 'f: unknown CSV column "colour"; the columns are title, data, priority, labels'],
    ["data,priority\nx,high\n", "f: the CSV header has no title column"],
    ['title\n"never ends\n', "f: a quoted field that starts on line 2 never ends"],
    ['title\na\n"b\nc', "f: a quoted field that starts on line 3 never ends"],
  ])("refused: %j", async (text, message) => {
    expect(await refusal(text, "csv")).toBe(message);
  });

  test("a quoted field that ends the file is read", async () => {
    expect(await read('title\n"ends here"', "csv")).toEqual([{ title: "ends here" }]);
    expect(await read("title\n", "csv")).toEqual([]);
  });
});

describe("one case", () => {
  const one = (value: unknown) => refusal(JSON.stringify([value]), "json");
  const only = async (value: unknown) => (await read(JSON.stringify([value]), "json"))[0];

  test.each([
    [1, "f: case 1: a case must be an object with a title"],
    [null, "f: case 1: a case must be an object with a title"],
    [["title"], "f: case 1: a case must be an object with a title"],
    [{ title: "a", colour: "red" }, 'f: case 1: unknown field "colour" (a case has title, data, priority, labels)'],
    [{ data: "x" }, "f: case 1: title is missing or empty"],
    [{ title: "  " }, "f: case 1: title is missing or empty"],
    [{ title: 5 }, "f: case 1: title is missing or empty"],
    [{ title: "x".repeat(501) }, "f: case 1: title is longer than 500 characters"],
    [{ title: "a", priority: "low" }, "f: case 1: priority must be none, medium or high"],
    [{ title: "a", labels: 5 }, 'f: case 1: labels must be a list or "key=value;value"'],
    [{ title: "a", labels: "k=" }, 'f: case 1: invalid label "k="'],
    [{ title: "a", labels: ["=v", "k= "] }, 'f: case 1: invalid label "k= "'],
    [{ title: "a", labels: [{ key: 1, value: "v" }] }, "f: case 1: a label's key must be text"],
    [{ title: "a", labels: [{ value: "" }] }, 'f: case 1: a label must be "key=value", "value" or {key, value}'],
    [{ title: "a", labels: [{ key: "k" }] }, 'f: case 1: a label must be "key=value", "value" or {key, value}'],
    [{ title: "a", labels: [null] }, 'f: case 1: a label must be "key=value", "value" or {key, value}'],
    [{ title: "a", labels: [7] }, 'f: case 1: a label must be "key=value", "value" or {key, value}'],
    [{ title: "a", labels: Array.from({ length: 50 }, (_, index) => `l${index}`) }, "f: case 1: more than 49 labels (the API allows 50, one is the import's)"],
  ])("refused: %j", async (value, message) => {
    expect(await one(value)).toBe(message);
  });

  test("what is kept: a title of 500 characters, data as text (JSON when it is not), priority, labels in every spelling, 49 of them", async () => {
    expect(await only({ title: "x".repeat(500) })).toEqual({ title: "x".repeat(500) });
    expect(await only({ title: "a", data: null, priority: null, labels: null })).toEqual({ title: "a" });
    expect(await only({ title: "a", data: "", priority: "", labels: "" })).toEqual({ title: "a", data: "" });
    expect(await only({ title: "a", data: 0, priority: "none", labels: [] })).toEqual({ title: "a", data: "0", priority: "none" });
    expect(await only({ title: "a", data: [1, "b"], priority: "medium" })).toEqual({ title: "a", data: '[1,"b"]', priority: "medium" });
    expect(await only({ title: "a", labels: ["k=v", { key: "k2", value: "v2" }, { value: "v3" }, { key: "", value: "v4" }, " w "] })).toEqual({
      title: "a",
      labels: [{ key: "k", value: "v" }, { key: "k2", value: "v2" }, { value: "v3" }, { value: "v4" }, { value: "w" }],
    });
    expect(await only({ title: "a", labels: " ; k=v ;; w" })).toEqual({ title: "a", labels: [{ key: "k", value: "v" }, { value: "w" }] });
    const labels = Array.from({ length: 49 }, (_, index) => `l${index}`);
    expect((await only({ title: "a", labels }))!.labels).toHaveLength(49);
  });
});

describe("the format and the text of a file", () => {
  test.each([
    ["cases.csv", "[", "csv"],
    ["CASES.CSV", "{", "csv"],
    ["cases.jsonl", "[", "jsonl"],
    ["cases.NDJSON", "[", "jsonl"],
    ["cases.json", "{", "json"],
    ["cases.json", "title", "json"],
    ["cases.txt", "\uFEFF  [", "json"],
    ["cases.txt", ' \n{"title"', "jsonl"],
    ["-", "title,data", "csv"],
    ["-", "", "csv"],
  ])("%s starting %j is %s", (name, first, format) => {
    expect(detectFormat(name, first)).toBe(format as Format);
  });

  test("a file is read in chunks whose bytes are all counted; a text is one chunk", async () => {
    const path = join(tempDir(), "big.csv");
    const text = `title\n${"é€".repeat(100_000)}\n`; // more than one chunk; characters of two and three bytes
    writeFileSync(path, text);
    let bytes = 0;
    let read = "";
    for await (const chunk of textChunks({ path }, (chunk) => (bytes += chunk.length))) read += chunk;
    expect(read).toBe(text);
    expect(bytes).toBe(Buffer.byteLength(text));
    const seen: number[] = [];
    const chunks: string[] = [];
    for await (const chunk of textChunks({ text: "añb" }, (chunk) => seen.push(chunk.length))) chunks.push(chunk);
    expect({ chunks, seen }).toEqual({ chunks: ["añb"], seen: [4] });
  });
});

describe("corners (written to kill the survivors of the first run)", () => {
  test("a byte-order mark inside the text is kept: only the file's first character is one to drop", async () => {
    expect(await read('\uFEFF[{"title":"a\uFEFFb"}]', "json")).toEqual([{ title: "a\uFEFFb" }]);
    expect(await read('\uFEFF{"title":"a\uFEFFb"}\n', "jsonl")).toEqual([{ title: "a\uFEFFb" }]);
    expect(await read("\uFEFFtitle\na\uFEFFb\n", "csv")).toEqual([{ title: "a\uFEFFb" }]);
    expect(await read('\uFEFF"title","data"\na,b\n', "csv")).toEqual([{ title: "a", data: "b" }]); // a quoted header after the mark
    // No mark at the start: one further on is text.
    expect(await read('[{"title":"a\uFEFFb"}]', "json")).toEqual([{ title: "a\uFEFFb" }]);
    expect(await read('{"title":"a\uFEFFb"}\n', "jsonl")).toEqual([{ title: "a\uFEFFb" }]);
    expect(await read("title\na\uFEFFb\n", "csv")).toEqual([{ title: "a\uFEFFb" }]);
  });

  test("JSON: an escaped quote is no end of a string, an escaped backslash is; an empty string is a value", async () => {
    expect(await read('[{"title":"say \\"],{\\" ok"}]', "json")).toEqual([{ title: 'say "],{" ok' }]);
    expect(await read('[{"title":"back\\\\","data":"]"}]', "json")).toEqual([{ title: "back\\", data: "]" }]);
    expect(await refusal('[""]', "json")).toBe("f: case 1: a case must be an object with a title");
  });

  test("JSON Lines: a last line of spaces is nothing", async () => {
    expect(await read('{"title":"a"}\n   ', "jsonl")).toEqual([{ title: "a" }]);
  });

  test("CSV: CRLF after an unquoted last field, a line of spaces, a quote inside an unquoted field, a last line ending in an empty field", async () => {
    expect(await read("title\r\na\r\n   \r\n", "csv")).toEqual([{ title: "a" }]);
    expect(await read('title,data\n5" screen,x\n', "csv")).toEqual([{ title: '5" screen', data: "x" }]);
    expect(await read("title,data\nlast,", "csv")).toEqual([{ title: "last" }]);
  });

  test("the format by extension only at the end of the name", () => {
    expect(detectFormat("cases.csv.txt", "[")).toBe("json");
    expect(detectFormat("cases.jsonl.txt", "[")).toBe("json");
    expect(detectFormat("cases.json.txt", "{")).toBe("jsonl");
    expect(detectFormat("cases.json.txt", "title")).toBe("csv");
  });

  test("a file's bytes that are not UTF-8 are read as U+FFFD, an incomplete last character too", async () => {
    const path = join(tempDir(), "bad.csv");
    writeFileSync(path, Buffer.concat([Buffer.from("title\na"), Buffer.from([0xff]), Buffer.from("b\nc"), Buffer.from([0xc3])]));
    let read = "";
    for await (const chunk of textChunks({ path })) read += chunk;
    expect(read).toBe("title\na\uFFFDb\nc\uFFFD");
  });
});
