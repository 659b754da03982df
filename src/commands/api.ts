import type { HttpMethod } from "../api/client.ts";
import { jqArgs, leafCommand } from "../cli/command.ts";
import type { Runtime } from "../cli/runtime.ts";
import { printable } from "../cli/values.ts";
import { UsageError } from "../errors.ts";
import { formatJson } from "../output/run-json.ts";

const METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export default leafCommand({
  meta: {
    name: "api",
    description: "Send any request to the Duvo API with your credentials and print the response",
    examples: [
      "duvo api GET /v2/teams",
      "duvo api GET /v2/runs/<run-id>",
      "duvo api GET '/v2/teams/{teamId}/runs' -f status=failed -F limit=5",
      "duvo api GET '/v2/teams/{teamId}/agents' --paginate -F limit=100",
      "duvo api POST '/v2/teams/{teamId}/runs' -f agent_id=<agent-id> -f message='Reconcile March'",
      "duvo api POST /v2/runs/<run-id>/human-requests/<request-id>/respond -F approved=true",
      "duvo api POST '/v2/teams/{teamId}/runs' --input body.json",
    ],
    notes: `The path starts with /v2; {teamId} in it is replaced by the resolved team.
-f key=value sends a string; -F key=value a typed value: a number, true, false, null, or
@file (the file's JSON; @- reads stdin). On GET the fields go to the query string, else
into a JSON object body (or to the query string when --input gives the body).
The response body is printed as it came (JSON indented on a terminal), error bodies too;
the exit code follows the table in "duvo --help" (401/403: 2, 404: 3, other errors: 1).
--jq filters a successful body only: an error body is printed as it came.`,
  },
  args: {
    METHOD: { type: "positional", description: "GET, POST, PUT, PATCH or DELETE", required: true },
    path: { type: "positional", description: "The API path, starting with /v2", required: true },
    "raw-field": { type: "string", alias: "f", repeatable: true, description: "A string field key=value", valueHint: "key=value" },
    field: { type: "string", alias: "F", repeatable: true, description: "A typed field key=value (number, true/false, null, @file JSON)", valueHint: "key=value" },
    input: { type: "string", description: "The request body: a JSON file, or - for stdin", valueHint: "file|-" },
    paginate: { type: "boolean", description: "GET every page of an offset/limit collection; one JSON document per page" },
    // Every command that prints API data takes --json; `api` always prints JSON, so it is accepted as is.
    json: { type: "boolean", description: "Accepted for symmetry: the response is always printed as JSON" },
    jq: { ...jqArgs.jq, description: "Filter the response (each page's) with a jq expression; print the results like jq -r" },
  },
  async run(args, runtime) {
    const method = args.METHOD.toUpperCase() as HttpMethod;
    if (!METHODS.includes(method)) throw new UsageError(`invalid method "${printable(args.METHOD)}": expected ${METHODS.join(", ")}`);
    const { pathname, query } = splitPath(args.path);
    if (args.paginate && method !== "GET") throw new UsageError("--paginate works with GET only");
    if (args.input !== undefined && method === "GET") throw new UsageError("a GET has no body: give query parameters with -f/-F instead of --input");

    const stdin = stdinOnce(runtime);
    const fields = await readFields(args["raw-field"], args.field, stdin);
    const body = args.input === undefined ? undefined : await readInput(args.input, stdin);
    const fieldsInQuery = method === "GET" || body !== undefined;
    if (fieldsInQuery) for (const [key, value] of Object.entries(fields)) query[key] = queryValue(value);

    const { client, teamId } = await runtime.api();
    const path = pathname.includes("{teamId}") ? pathname.replaceAll("{teamId}", encodeURIComponent(await teamId())) : pathname;
    const apiPath = path.slice("/v2".length); // the client's base URL ends in /v2
    const requestBody = body ?? (!fieldsInQuery && Object.keys(fields).length > 0 ? JSON.stringify(fields) : undefined);

    let pageQuery: Record<string, string> | undefined = query;
    while (pageQuery) {
      const response = await client.request(method, apiPath, { query: pageQuery, body: requestBody });
      const parsed = parseJson(response.text);
      if (runtime.jq && response.status < 400) {
        // --jq filters a successful body (each page's); an error body is printed as it is, as gh api does.
        await runtime.jq.print(parsed.ok ? formatJson(parsed.value, false) : response.text);
      } else {
        await runtime.io.stdout.write(
          parsed.ok ? formatJson(parsed.value, runtime.io.stdout.isTTY) : response.text === "" || response.text.endsWith("\n") ? response.text : `${response.text}\n`,
        );
      }
      if (response.status >= 400) throw (await import("../api/client.ts")).errorFromResponse(method, path, response.status, response.text);
      pageQuery = args.paginate && parsed.ok ? nextPageQuery(parsed.value, pageQuery) : undefined;
    }
  },
});

function splitPath(raw: string): { pathname: string; query: Record<string, string> } {
  if (/^https?:\/\//i.test(raw)) throw new UsageError(`give the path only, not a URL: e.g. duvo api GET /v2/teams (the host comes from DUVO_API_BASE_URL or the profile)`);
  if (!raw.startsWith("/v2/")) {
    const suggestion = raw.startsWith("/") ? `/v2${raw}` : raw.startsWith("v2/") ? `/${raw}` : `/v2/${raw}`;
    throw new UsageError(`the path must start with /v2/ (got "${printable(raw)}"); did you mean "${printable(suggestion)}"?`);
  }
  const [pathname = raw, search = ""] = raw.split(/\?(.*)/s, 2);
  return { pathname: pathname.replace(/#.*$/s, ""), query: Object.fromEntries(new URLSearchParams(search.replace(/#.*$/s, ""))) };
}

type StdinReader = (what: string) => Promise<string>;

/** stdin can feed one thing only: `--input -` or one `-F key=@-`. */
function stdinOnce(runtime: Runtime): StdinReader {
  let reader: string | undefined;
  return async (what) => {
    if (reader !== undefined) throw new UsageError(`stdin can be read only once (${reader} and ${what} both ask for it)`);
    reader = what;
    return runtime.io.readStdin();
  };
}

async function readFields(strings: string[], typed: string[], stdin: StdinReader): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  const entries = [...strings.map((entry) => ["-f", entry] as const), ...typed.map((entry) => ["-F", entry] as const)];
  for (const [flag, entry] of entries) {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new UsageError(`invalid ${flag} "${printable(entry)}": expected key=value`);
    const key = entry.slice(0, equals);
    const text = entry.slice(equals + 1);
    if (Object.hasOwn(fields, key)) throw new UsageError(`field "${printable(key)}" was given more than once`);
    fields[key] = flag === "-f" ? text : await typedValue(text, key, stdin);
  }
  return fields;
}

/** `-F`: numbers, booleans and null as JSON; `@file` (or `@-`) as the JSON in it; else the text. */
async function typedValue(text: string, key: string, stdin: StdinReader): Promise<unknown> {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (!text.startsWith("@")) return text;
  const file = text.slice(1);
  const content = file === "-" ? await stdin(`-F ${key}=@-`) : readFileArg(file, `-F ${key}`);
  const parsed = parseJson(content);
  if (!parsed.ok) throw new UsageError(`-F ${printable(key)}=@${printable(file)}: ${file === "-" ? "stdin" : "the file"} does not hold valid JSON`);
  return parsed.value;
}

async function readInput(source: string, stdin: StdinReader): Promise<string> {
  const text = source === "-" ? await stdin("--input -") : readFileArg(source, "--input");
  if (text.trim() === "") throw new UsageError(`--input ${source === "-" ? "- (stdin)" : printable(source)} is empty`);
  if (!parseJson(text).ok) throw new UsageError(`--input ${source === "-" ? "- (stdin)" : printable(source)} is not valid JSON`);
  return text;
}

function readFileArg(path: string, flag: string): string {
  try {
    // node:fs on demand: `duvo --help` lists this command without loading it.
    return (require("node:fs") as typeof import("node:fs")).readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${printable(path)} for ${flag}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
}

function queryValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The next page of an offset/limit collection (`{<items>: [...], total?, limit?, offset?}`),
 * or undefined at the end: an empty or short page, or `offset + items` reaching `total`.
 */
function nextPageQuery(body: unknown, query: Record<string, string>): Record<string, string> | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const items = Object.values(record).find(Array.isArray);
  if (!items || items.length === 0) return undefined;
  const offset = Number(query.offset ?? record.offset ?? 0);
  const total = typeof record.total === "number" ? record.total : undefined;
  const limit = Number(query.limit ?? record.limit);
  if (!Number.isFinite(offset)) return undefined;
  if (total !== undefined ? offset + items.length >= total : !(Number.isFinite(limit) && items.length >= limit)) return undefined;
  return { ...query, offset: String(offset + items.length) };
}
