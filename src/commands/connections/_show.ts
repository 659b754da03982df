/** What the connections commands share: the id argument, the header flags, how a connection is shown. */
import type { AnswerOf } from "../../api/call.ts";
import type { ParsedArgs } from "../../cli/command.ts";
import type { Runtime } from "../../cli/runtime.ts";
import type { ColumnSpec, FieldSpec } from "../../cli/show.ts";
import { parsePairs, readPairsFile, stdinOnce } from "../_secret-input.ts";

export const connectionIdArg = { id: { type: "positional", uuid: "connection id", description: "The connection's id", required: true } } as const;

type Connection = AnswerOf<"getConnection">;
const scopeOf = (connection: { shared?: boolean }) => (connection.shared ? "shared" : "personal");
const stateOf = (connection: { broken_at?: string | null; broken_reason?: string | null }) =>
  connection.broken_at ? `broken: ${connection.broken_reason ?? "no reason given"}` : "ok";

export const connectionFields: FieldSpec<Connection>[] = [
  ["ID", "id"],
  ["Name", "name"],
  ["Type", "type"],
  ["Provider", "provider"],
  ["Server URL", "server_url"],
  ["Auth method", "auth_method"],
  ["Headers", "has_headers"],
  ["OAuth tokens", "has_oauth_tokens"],
  ["Custom integration", "custom_integration_id"],
  ["Scope", scopeOf],
  ["State", stateOf],
  ["Created", "created_at", { time: true }],
  ["Updated", "updated_at", { time: true }],
];

export const connectionColumns: ColumnSpec<Connection>[] = [
  ["ID", "id", { keep: true }],
  ["NAME", "name"],
  ["TYPE", "type", { keep: true }],
  ["AUTH", "auth_method", { keep: true }],
  ["SCOPE", scopeOf, { keep: true }],
  ["STATE", stateOf],
  ["CREATED", "created_at", { keep: true, time: true }],
];

/**
 * `--auth-method`: the API's values, and `api_key`, the spelling the official CLI's own
 * documentation uses (`--auth-method api_key`), sent as `apikey`.
 */
export const AUTH_METHODS = ["url", "apikey", "api_key", "headers", "oauth"] as const;
export const authMethod = <M extends string | undefined>(method: M) => (method === "api_key" ? "apikey" : method) as Exclude<M, "api_key">;

/** `--header` and `--secret-header` (values of the latter are secrets: from stdin or a file too, never printed). */
export const headerArgs = {
  header: { type: "string", repeatable: true, valueHint: "KEY=VALUE", description: "A header sent to the server, stored as plain text (repeatable)" },
  "secret-header": {
    type: "string",
    repeatable: true,
    valueHint: "KEY=VALUE",
    description: "A header whose value is secret (a token, an API key): encrypted at rest, never printed (repeatable; prefer the -file or -stdin form)",
  },
  "secret-header-file": { type: "string", valueHint: "path|-", description: "Secret headers as KEY=VALUE lines of a file, or - for stdin" },
  "secret-header-stdin": { type: "boolean", description: "Secret headers as KEY=VALUE lines from stdin" },
} as const;

/** The `headers` of a create or update from the header flags; undefined when none was given. */
export async function readHeaders(
  args: ParsedArgs<typeof headerArgs>,
  runtime: Runtime,
): Promise<{ plaintext?: Record<string, string>; secret?: Record<string, string> } | undefined> {
  const stdin = stdinOnce(runtime);
  const plaintext = parsePairs(args.header, "--header");
  const secret = parsePairs(args["secret-header"], "--secret-header");
  if (args["secret-header-file"] !== undefined) await readPairsFile(args["secret-header-file"], "--secret-header-file", stdin, secret);
  if (args["secret-header-stdin"]) await readPairsFile("-", "--secret-header-stdin", stdin, secret);
  const given = (pairs: Record<string, string>) => (Object.keys(pairs).length > 0 ? pairs : undefined);
  if (!given(plaintext) && !given(secret)) return undefined;
  return { plaintext: given(plaintext), secret: given(secret) };
}
