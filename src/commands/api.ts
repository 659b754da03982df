import type { Method } from "../api/client.ts";
import { jqArgs, leafCommand } from "../cli/command.ts";
import type { Runtime } from "../cli/runtime.ts";
import { printable } from "../printable.ts";
import { UsageError } from "../errors.ts";
import { formatJson } from "../output/run-json.ts";
import { printJson } from "../output/print-json.ts";
import { readFileFor } from "./_files.ts";
import { buildFields, queryValue, type StdinReader } from "./_api-fields.ts";

const METHODS: readonly Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

export default leafCommand({
  meta: {
    description: "Send any request to the Duvo API with your credentials and print the response",
    examples: [
      "duvo api GET /v2/teams",
      "duvo api GET /v2/runs/<run-id>",
      "duvo api GET '/v2/teams/{teamId}/runs' -f status=failed -F limit=5",
      "duvo api GET '/v2/teams/{teamId}/agents' --paginate -F limit=100",
      "duvo api POST '/v2/teams/{teamId}/runs' -f agent_id=<agent-id> -f message='Reconcile March'",
      "duvo api POST /v2/runs/<run-id>/human-requests/<request-id>/respond -F approved=true",
      "duvo api PUT /v2/agents/<agent-id>/revisions/<revision-id>/integrations/<integration-id>/queues -F 'queue_ids[]=<queue-id>'",
      "duvo api POST '/v2/teams/{teamId}/agents' -f name='Ops bot' -f 'build[name]=v1' -F 'build[config]=@config.json'",
      "duvo api POST '/v2/teams/{teamId}/runs' --input body.json",
      "duvo api --list queues",
      "duvo api POST /v2/some/new/endpoint --no-validate -f name=x",
    ],
    notes: `The path starts with /v2; {teamId} in it is replaced by the resolved team.
-f key=value sends a string; -F key=value a typed value: 42, -7 or 3.14 (a number), true,
false, null, or @file (the file's JSON; @- reads stdin); any other -F value is a string.
key[sub]=v builds nested objects, key[]=v arrays (each element typed), key[][sub]=v arrays
of objects (as gh api). Mixing key with key[] or key[sub] is an error, as is one key twice
with the same flag; given with -f and -F, the -F value wins. On GET and HEAD the fields go
to the query string (an object or array as its JSON text), else into a JSON object body.
--input sends a JSON file (or - for stdin) as the body instead: not with -f/-F, not on GET/HEAD.
HEAD prints nothing: the exit code says whether the resource is there.
The response body is printed as it came (JSON indented on a terminal), error bodies too;
the exit code follows the table in "duvo --help" (401/403: 2, 404: 3, other errors: 1).
--jq filters a successful body only: an error body is printed as it came.
The path and method are checked against Duvo's OpenAPI document before anything is sent
(an unknown path or a method the path lacks is exit 4, naming the closest operations), and
so is a body (exit 4 naming the field); --no-validate sends it anyway, for endpoints newer
than this build. --list [word] prints the document's operations (those matching the word).`,
  },
  args: {
    METHOD: { type: "positional", description: "GET, HEAD, POST, PUT, PATCH or DELETE", required: false, suggest: suggestMethods },
    path: { type: "positional", description: "The API path, starting with /v2", required: false, suggest: suggestPaths },
    "raw-field": { type: "string", alias: "f", repeatable: true, description: "A string field key=value", valueHint: "key=value" },
    field: { type: "string", alias: "F", repeatable: true, description: "A typed field key=value (number, true/false, null, @file JSON)", valueHint: "key=value" },
    input: { type: "string", description: "The request body: a JSON file, or - for stdin", valueHint: "file|-" },
    paginate: { type: "boolean", description: "GET every page of an offset/limit collection; one JSON document per page" },
    list: { type: "boolean", description: "Print the API's operations (method, path, id, summary), those matching [word] if given" },
    "no-validate": { type: "boolean", description: "Send the request even if the OpenAPI document does not know it or its body" },
    // Every command that prints API data takes --json; `api` always prints JSON, so it is accepted as is.
    json: { type: "boolean", description: "Accepted for symmetry: the response is always printed as JSON" },
    jq: { ...jqArgs.jq, description: "Filter the response (each page's) with a jq expression; print the results like jq -r" },
  },
  async run(args, runtime) {
    if (args.list) return listOperations(args.METHOD, args.path, args.json || runtime.jq !== undefined, runtime);
    // Both positionals are optional for --list only; otherwise as the parser says it of any missing argument.
    if (args.METHOD === undefined) throw new UsageError('missing argument <METHOD> for "duvo api" (or --list to see the operations)');
    if (args.path === undefined) throw new UsageError('missing argument <path> for "duvo api"');
    const method = args.METHOD.toUpperCase() as Method;
    if (!METHODS.includes(method)) throw new UsageError(`invalid method "${printable(args.METHOD)}": expected ${METHODS.join(", ")}`);
    const { pathname, query } = await splitPath(args.path, method === "HEAD" ? "GET" : method);
    const bodiless = method === "GET" || method === "HEAD";
    if (args.paginate && method !== "GET") throw new UsageError("--paginate works with GET only");
    if (args.input !== undefined && bodiless) throw new UsageError(`a ${method} has no body: give query parameters with -f/-F instead of --input`);
    if (args.input !== undefined && args["raw-field"].length + args.field.length > 0) {
      throw new UsageError("--input cannot be combined with -f/-F: put every field in the JSON body");
    }

    const stdin = stdinOnce(runtime);
    const fields = await buildFields(args["raw-field"], args.field, stdin);
    const hasFields = Object.keys(fields).length > 0;
    const body = args.input === undefined ? undefined : await readInput(args.input, stdin);
    if (bodiless) for (const [key, value] of Object.entries(fields)) query[key] = queryValue(value);
    const bodyValue = body !== undefined ? JSON.parse(body) : !bodiless && hasFields ? fields : undefined;
    // A HEAD is a GET without the answer's body: the document knows the GET.
    if (!args["no-validate"]) await checkAgainstDocument(method === "HEAD" ? "GET" : method, pathname, bodyValue);

    const { client, teamId } = await runtime.api();
    const path = pathname.includes("{teamId}") ? pathname.replaceAll("{teamId}", encodeURIComponent(await teamId())) : pathname;
    const apiPath = path.slice("/v2".length); // the client's base URL ends in /v2
    const requestBody = body ?? (bodyValue === undefined ? undefined : JSON.stringify(bodyValue));

    let pageQuery: Record<string, string> | undefined = query;
    while (pageQuery) {
      const response = await client.request(method, apiPath, { query: pageQuery, body: requestBody });
      const parsed = parseJson(response.text);
      if (method === "HEAD" && response.status < 400) break; // no body: the exit code is the answer
      if (runtime.jq && response.status < 400) {
        // --jq filters a successful body (each page's); an error body is printed as it is, as gh api does.
        await runtime.jq.print(parsed.ok ? formatJson(parsed.value, false) : response.text);
      } else {
        await runtime.io.stdout.write(
          parsed.ok ? formatJson(parsed.value, runtime.io.stdout.isTTY) : response.text === "" || response.text.endsWith("\n") ? response.text : `${response.text}\n`,
        );
      }
      if (response.status >= 400) throw (await import("../api/api-error.ts")).errorFromResponse(method, path, response.status, response.text);
      pageQuery = args.paginate && parsed.ok ? nextPageQuery(parsed.value, pageQuery) : undefined;
    }
  },
});

async function splitPath(raw: string, method: string): Promise<{ pathname: string; query: Record<string, string> }> {
  if (/^https?:\/\//i.test(raw)) throw new UsageError(`give the path only, not a URL: e.g. duvo api GET /v2/teams (the host comes from DUVO_API_BASE_URL or the profile)`);
  if (/^\/v1(\/|$)/.test(raw)) {
    const { closestOperations } = await import("../api/operations.ts");
    const closest = closestOperations(`/v2${raw.slice(3)}`, method).map((o) => `${o.method} ${o.path}`);
    throw new UsageError(`the path must start with /v2/ (got "${printable(raw)}"); the API is v2, closest: ${closest.join(", ")}`);
  }
  if (!raw.startsWith("/v2/")) {
    const suggestion = raw.startsWith("/") ? `/v2${raw}` : raw.startsWith("v2/") ? `/${raw}` : `/v2/${raw}`;
    throw new UsageError(`the path must start with /v2/ (got "${printable(raw)}"); did you mean "${printable(suggestion)}"?`);
  }
  const [pathname = raw, search = ""] = raw.split(/\?(.*)/s, 2);
  return { pathname: pathname.replace(/#.*$/s, ""), query: Object.fromEntries(new URLSearchParams(search.replace(/#.*$/s, ""))) };
}

/** stdin can feed one thing only: `--input -` or one `-F key=@-`. */
function stdinOnce(runtime: Runtime): StdinReader {
  let reader: string | undefined;
  return async (what) => {
    if (reader !== undefined) throw new UsageError(`stdin can be read only once (${reader} and ${what} both ask for it)`);
    reader = what;
    return runtime.io.readStdin();
  };
}

async function readInput(source: string, stdin: StdinReader): Promise<string> {
  const text = source === "-" ? await stdin("--input -") : readFileFor(source, "--input");
  if (text.trim() === "") throw new UsageError(`--input ${source === "-" ? "- (stdin)" : printable(source)} is empty`);
  if (!parseJson(text).ok) throw new UsageError(`--input ${source === "-" ? "- (stdin)" : printable(source)} is not valid JSON`);
  return text;
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

const METHOD_NAMES: Record<Method, string> = {
  GET: "read",
  HEAD: "read the status only",
  POST: "create or act",
  PUT: "replace",
  PATCH: "update",
  DELETE: "delete",
};

async function suggestMethods() {
  return METHODS.map((method) => ({ value: method, description: METHOD_NAMES[method] }));
}

/** Completion of the path: the document's paths for the method typed before it. */
async function suggestPaths(before: string[]) {
  const { OPERATIONS } = await import("../api/operations.ts");
  const typed = before[0]?.toUpperCase();
  const method = typed === "HEAD" ? "GET" : typed;
  return OPERATIONS.filter((operation) => !method || operation.method === method).map((operation) => ({
    value: operation.path,
    description: operation.summary,
  }));
}

/** `--list [word]`: the operations of the document, as a table or (with --json) as JSON. */
async function listOperations(word: string | undefined, extra: string | undefined, json: boolean, runtime: Runtime) {
  if (extra !== undefined) throw new UsageError(`--list takes one word to look for, got "${printable(word ?? "")}" and "${printable(extra)}"`);
  const { OPERATIONS } = await import("../api/operations.ts");
  const needle = word?.toLowerCase();
  const found = OPERATIONS.filter((o) => !needle || [o.method, o.path, o.id, o.tag, o.summary].some((text) => text.toLowerCase().includes(needle)));
  if (found.length === 0) throw new UsageError(`no operation matches "${printable(word ?? "")}"`);
  const rows = found.map((o) => ({ method: o.method, path: o.path, operation_id: o.id, tag: o.tag, summary: o.summary }));
  if (json) return printJson(runtime, rows);
  const { fitWidth, renderTable } = await import("../output/table.ts");
  const table = renderTable(
    ["METHOD", { header: "PATH", keep: true }, "OPERATION", "SUMMARY"],
    rows.map((row) => [row.method, row.path, row.operation_id, row.summary]),
    runtime.outStyle,
    { width: fitWidth(runtime.io) },
  );
  await runtime.io.stdout.write(table);
}

/**
 * Before anything is sent: the path must be an operation of the document, with this method,
 * and a body must fit the operation's schema. Exit 4 otherwise, naming what is closest.
 */
async function checkAgainstDocument(method: Method, pathname: string, body: unknown): Promise<void> {
  const { closestOperations, matchOperation, operationSchemas } = await import("../api/operations.ts");
  const match = matchOperation(method, pathname);
  const anyway = "--no-validate sends it anyway";
  if (!match) {
    const closest = closestOperations(pathname, method).map((o) => `${o.method} ${o.path}`);
    throw new UsageError(`${method} ${printable(pathname)} is not an operation of the Duvo API; closest: ${closest.join(", ")} (${anyway})`);
  }
  if ("methods" in match) {
    const methods = match.methods.map((o) => `${o.method} ${o.path}`).join(", ");
    throw new UsageError(`${printable(pathname)} takes no ${method}; it takes: ${methods} (${anyway})`);
  }
  const { operation } = match;
  const schemas = await operationSchemas(operation);
  if (body === undefined) {
    if (operation.body === "required") throw new UsageError(`${operation.id} needs a body: give fields with -f/-F or --input (${anyway})`);
    return;
  }
  if (!schemas.body) throw new UsageError(`${method} ${operation.path} (${operation.id}) takes no body (${anyway})`);
  const { checkRequestBody } = await import("../api/answer.ts");
  try {
    checkRequestBody(schemas.body, body);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message} (${operation.id}; ${anyway})`);
    throw error;
  }
}
