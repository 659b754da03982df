/**
 * integrations, connections, oauth and plugins against the emulator, through the real parser:
 * what each command sends, its table and its --json (valid against the document), bad input
 * refused before anything is sent, secret header values never printed (not with --debug, not
 * in an error), OAuth flows driven end to end by opening the authorization URL, the browser
 * opened only for a person at a terminal; and one run of each group through the compiled binary.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_TEAM_ID, DEMO_USER_ID } from "../src/emulator/index.ts";
import { BINARY, emulatorEnv, eventually, expectSent, spawnDuvo, tempDir, useEmulator } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";

// A new emulator for every test: lists and counts see only what the test made, in any order.
const { emulator, env, duvo } = useEmulator({}, {}, { each: true });
const SECRET = "sk_live_Zq8vN3xR7tY2mK5pL9wB4cD6";
const UNKNOWN = "5e1f0c2a-7d3b-4c9e-8b99-000000000099";
const GMAIL = "5e1f0c2a-7d3b-4c9e-8ab0-000000001001";
const last = () => emulator.requests.at(-1)!;
const json = (stdout: string) => JSON.parse(stdout);
const file = (text: string) => {
  const path = join(tempDir(), "input");
  writeFileSync(path, text);
  return path;
};
const usage = (stderr: string) => ({ code: 4, stdout: "", stderr: `error: ${stderr}\n` });

/** A connection made through `connections create`; its id. */
async function createConnection(name: string, ...extra: string[]): Promise<string> {
  const made = await duvo(["connections", "create", "--name", name, "--auth-method", "headers", "--server-url", "https://mcp.example.com", ...extra, "--json"]);
  expect(made.code).toBe(0);
  return json(made.stdout).id;
}

/** Opens (GETs) the authorization URL the emulator answered the latest start of a flow with, once it has answered. */
async function grantLatest(operationId: string, after: number): Promise<string> {
  const url = await eventually(
    () => emulator.requests.slice(after).find((r) => r.operationId === operationId && r.status === 200)?.responseBody as { authorization_url: string } | undefined,
  );
  const page = await fetch(url.authorization_url);
  expect(page.status).toBe(200);
  return page.text();
}

describe("integrations", () => {
  test("list: the catalog as a table; --json is the API's answer", async () => {
    const table = await duvo(["integrations", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n").slice(0, 2)).toEqual([
      "ID                                    TYPE                 NAME                   PROVIDER  AUTH   CUSTOM",
      `${GMAIL}  gmail                Gmail                  google    oauth  no`,
    ]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}/integrations` });
    expect(last().query).toEqual({});
    const listed = json((await duvo(["integrations", "list", "--json"])).stdout);
    expect(responseProblem("listIntegrations", 200, listed)).toBeUndefined();
    expect(listed.integrations.map((entry: { type: string }) => entry.type).slice(0, 5)).toEqual(["gmail", "slack", "googlesheets", "case-queue-producer", "case-queue-consumer"]);
  });

  test("custom create: the body sent, the entry shown and listed; the OAuth client secret from a file, never printed", async () => {
    const made = await duvo(["integrations", "custom", "create", "--name", "CRM", "--auth-method", "api_key", "--server-url", "https://mcp.crm.example.com"]);
    expect(made.code).toBe(0);
    expect(last().status).toBe(201);
    expectSent(last(), {
      method: "POST",
      path: `/v2/teams/${DEMO_TEAM_ID}/integrations/custom`,
      body: { name: "CRM", auth_method: "apikey", server_url: "https://mcp.crm.example.com" },
    });
    expect(made.stdout).toMatch(/^ID {11}[0-9a-f-]{36}\nName {9}CRM\nType {9}custom_mcp\nServer URL {3}https:\/\/mcp\.crm\.example\.com\nAuth method {2}apikey\nCreated/);
    const listed = json((await duvo(["integrations", "list", "--json"])).stdout);
    expect(listed.integrations.at(-1)).toMatchObject({ name: "CRM", type: "custom_mcp", custom_integration_id: listed.integrations.at(-1).id });
    expect((await duvo(["integrations", "list"])).stdout).toContain("custom_mcp           CRM                    user      apikey  yes");

    const oauth = await duvo([
      "integrations",
      "custom",
      "create",
      "--name",
      "Wiki",
      "--auth-method",
      "oauth",
      "--server-url",
      "https://mcp.wiki.example.com",
      "--oauth-client-id",
      "wiki-duvo",
      "--oauth-client-secret-file",
      file(`${SECRET}\n`),
      "--json",
      "--debug",
    ]);
    expect(oauth.code).toBe(0);
    expect(last().body).toEqual({ name: "Wiki", auth_method: "oauth", server_url: "https://mcp.wiki.example.com", oauth_client_id: "wiki-duvo", oauth_client_secret: SECRET });
    expect(responseProblem("createCustomIntegration", 201, json(oauth.stdout))).toBeUndefined();
    expect(oauth.stdout + oauth.stderr).not.toContain(SECRET);
    // The same name again is the platform's conflict (exit 1), with its words.
    const again = await duvo(["integrations", "custom", "create", "--name", "crm", "--auth-method", "url", "--server-url", "https://other.example.com"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("The catalog already has an integration named crm");
  });

  test("custom create: an OAuth client needs both halves and --auth-method oauth; nothing is sent otherwise", async () => {
    emulator.clearRequests();
    const base = ["integrations", "custom", "create", "--name", "X", "--server-url", "https://x.example.com"];
    expect(await duvo([...base, "--auth-method", "oauth", "--oauth-client-id", "id"])).toEqual(usage("--oauth-client-id and the OAuth client secret go together"));
    expect(await duvo([...base, "--auth-method", "apikey", "--oauth-client-id", "id", "--oauth-client-secret", SECRET])).toEqual(
      usage("an OAuth client (--oauth-client-id, --oauth-client-secret) needs --auth-method oauth"),
    );
    expect(await duvo([...base, "--auth-method", "basic"])).toEqual(usage('invalid value "basic" for --auth-method: expected url or apikey or api_key or headers or oauth'));
    expect(emulator.requests).toHaveLength(0);
  });

  test("custom delete: asks first (refused without a terminal or -y), then removes the integration and its connections", async () => {
    const made = await duvo(["integrations", "custom", "create", "--name", "Ledger", "--auth-method", "headers", "--server-url", "https://mcp.ledger.example.com", "--json"]);
    const id = json(made.stdout).id;
    const connection = await createConnection("Ledger prod", "--custom-integration-id", id, "--secret-header", `Authorization=${SECRET}`);
    emulator.clearRequests();
    const refused = await duvo(["integrations", "custom", "delete", id]);
    expect(refused.code).toBe(4);
    expect(emulator.requests).toHaveLength(0);
    const deleted = await duvo(["integrations", "custom", "delete", id, "-y"]);
    expect(deleted).toEqual({ code: 0, stdout: "", stderr: `✓ Deleted custom integration ${id} (Custom integration deleted with 1 connection).\n` });
    expect(last().status).toBe(200);
    expectSent(last(), { method: "DELETE", path: `/v2/integrations/custom/${id}` });
    expect((await duvo(["connections", "get", connection])).code).toBe(3);
    const gone = await duvo(["integrations", "custom", "delete", id, "-y", "--json"]);
    expect(gone.code).toBe(3);
  });
});

describe("connections", () => {
  test("create: the body sent (api_key sent as apikey, plain and secret headers), the connection shown; secret values never printed", async () => {
    const made = await duvo([
      "connections",
      "create",
      "--name",
      "Example MCP",
      "--auth-method",
      "api_key",
      "--server-url",
      "https://mcp.example.com",
      "--secret-header",
      `Authorization=Bearer ${SECRET}`,
      "--header",
      "X-Tenant=acme",
      "--debug",
    ]);
    expect(made.code).toBe(0);
    expect(last().status).toBe(201);
    expectSent(last(), {
      method: "POST",
      path: `/v2/teams/${DEMO_TEAM_ID}/connections`,
      body: {
        name: "Example MCP",
        provider: "user",
        auth_method: "apikey",
        server_url: "https://mcp.example.com",
        headers: { plaintext: { "X-Tenant": "acme" }, secret: { Authorization: `Bearer ${SECRET}` } },
      },
    });
    expect(made.stdout).toMatch(
      /^ID {18}[0-9a-f-]{36}\nName {16}Example MCP\nType {16}custom_mcp\nProvider {12}user\nServer URL {10}https:\/\/mcp\.example\.com\nAuth method {9}apikey\nHeaders {13}yes\nOAuth tokens {8}no\nCustom integration {2}-\nScope {15}personal\nState {15}ok\n/,
    );
    expect(made.stdout + made.stderr).not.toContain(SECRET);
    expect(made.stderr).toContain(`→ POST /teams/${DEMO_TEAM_ID}/connections`);
  });

  test("create: secret headers from a file and from stdin (KEY=VALUE lines), --json valid; bad input is exit 4 with nothing sent and no value shown", async () => {
    const fromFile = await duvo([
      "connections",
      "create",
      "--name",
      "From file",
      "--auth-method",
      "headers",
      "--server-url",
      "https://mcp.example.com",
      "--secret-header-file",
      file(`# rotated\nAuthorization=Bearer ${SECRET}\nX-Api-Key=${SECRET}\n`),
      "--json",
    ]);
    expect(fromFile.code).toBe(0);
    expect(last().body).toMatchObject({ headers: { secret: { Authorization: `Bearer ${SECRET}`, "X-Api-Key": SECRET } } });
    expect(responseProblem("createConnection", 201, json(fromFile.stdout))).toBeUndefined();
    expect(json(fromFile.stdout)).toMatchObject({ name: "From file", has_headers: true, user_id: DEMO_USER_ID, team_id: DEMO_TEAM_ID });
    expect(fromFile.stdout).not.toContain(SECRET);

    const fromStdin = await duvo(
      ["connections", "create", "--name", "From stdin", "--auth-method", "headers", "--server-url", "https://mcp.example.com", "--secret-header-stdin"],
      { stdin: `Authorization=${SECRET}\n` },
    );
    expect(fromStdin.code).toBe(0);
    expect(last().body).toMatchObject({ headers: { secret: { Authorization: SECRET } } });

    emulator.clearRequests();
    const base = ["connections", "create", "--name", "Bad", "--auth-method", "headers"];
    expect(await duvo([...base, "--secret-header", "Authorization"])).toEqual(usage("give --server-url, or --custom-integration-id to use the custom integration's URL"));
    expect(await duvo([...base, "--server-url", "https://x.example.com", "--secret-header", SECRET])).toEqual(usage('--secret-header expects KEY=VALUE (got a value without "=")'));
    const twice = await duvo([...base, "--server-url", "https://x.example.com", "--secret-header", `A=${SECRET}`, "--secret-header-stdin"], { stdin: `A=${SECRET}\n` });
    expect(twice).toEqual(usage("--secret-header-stdin -: the key A is given twice"));
    expect(await duvo([...base, "--server-url", "https://x.example.com", "--custom-integration-id", "nope"])).toEqual(
      usage('invalid --custom-integration-id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'),
    );
    expect(emulator.requests).toHaveLength(0);
    // Refused by the platform (an unknown custom integration): its words, never the secret.
    const refused = await duvo([...base, "--custom-integration-id", UNKNOWN, "--secret-header", `Authorization=${SECRET}`, "--debug"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`Custom integration ${UNKNOWN} not found`);
    expect(refused.stdout + refused.stderr).not.toContain(SECRET);
  });

  test("list: a table of your connections, --type filters, --json is the API's answer", async () => {
    const id = await createConnection("Listed");
    const table = await duvo(["connections", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID {36}NAME +TYPE +AUTH +SCOPE +STATE +CREATED$/);
    expect(table.stdout).toMatch(new RegExp(`${id}  Listed +custom_mcp  headers  personal  ok +\\S+`));
    const typed = await duvo(["connections", "list", "--type", "gmail", "--json"]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${DEMO_TEAM_ID}/connections` });
    expect(last().query).toEqual({ type: "gmail" });
    expect(responseProblem("listConnections", 200, json(typed.stdout))).toBeUndefined();
    expect(json(typed.stdout).integrations.every((c: { type: string }) => c.type === "gmail")).toBe(true);
    const all = json((await duvo(["connections", "list", "--json"])).stdout);
    expect(all.integrations.map((c: { id: string }) => c.id)).toContain(id);
    expect(all.total).toBe(all.integrations.length);
  });

  test("get: a key/value block and --json; a bad id is exit 4, an unknown one exit 3", async () => {
    const id = await createConnection("Shown");
    const shown = await duvo(["connections", "get", id]);
    expect(shown.stdout).toContain(`ID                  ${id}\nName                Shown\n`);
    expectSent(last(), { method: "GET", path: `/v2/connections/${id}` });
    const answer = json((await duvo(["connections", "get", id, "--json"])).stdout);
    expect(responseProblem("getConnection", 200, answer)).toBeUndefined();
    expect(answer).toMatchObject({ id, name: "Shown", type: "custom_mcp", auth_method: "headers", shared: false });
    expect(await duvo(["connections", "get", "nope"])).toEqual(usage('invalid connection id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'));
    expect((await duvo(["connections", "get", UNKNOWN])).code).toBe(3);
  });

  test("update: fields, headers (an empty secret keeps the stored one), --clear-headers, --share/--unshare", async () => {
    const id = await createConnection("Before", "--secret-header", `Authorization=${SECRET}`, "--header", "X-Tenant=acme");
    const renamed = await duvo(["connections", "update", id, "--name", "After", "--server-url", "https://mcp2.example.com", "--auth-method", "api_key", "--share"]);
    expect(renamed.code).toBe(0);
    expect(last().status).toBe(200);
    expectSent(last(), { method: "PATCH", path: `/v2/connections/${id}`, body: { name: "After", server_url: "https://mcp2.example.com", auth_method: "apikey", shared: true } });
    expect(renamed.stdout).toContain("Name                After\n");
    expect(renamed.stdout).toContain("Scope               shared\n");

    const kept = await duvo(["connections", "update", id, "--secret-header", "Authorization=", "--header", "X-Region=eu", "--unshare", "--json"]);
    expect(last().body).toEqual({ headers: { plaintext: { "X-Region": "eu" }, secret: { Authorization: "" } }, shared: false });
    expect(json(kept.stdout)).toMatchObject({ has_headers: true, shared: false });
    expect(json((await duvo(["connections", "credentials", id, "--json"])).stdout).headers).toEqual({ "X-Region": "eu", Authorization: "" });

    const cleared = await duvo(["connections", "update", id, "--clear-headers", "--json"]);
    expect(last().body).toEqual({ headers: null });
    expect(json(cleared.stdout).has_headers).toBe(false);

    emulator.clearRequests();
    expect(await duvo(["connections", "update", id])).toEqual(
      usage("nothing to change: give --name, --server-url, --auth-method, --header, --secret-header, --clear-headers, --share or --unshare"),
    );
    expect(await duvo(["connections", "update", id, "--clear-headers", "--header", "A=1"])).toEqual(usage("--clear-headers and --header cannot be used together"));
    expect(await duvo(["connections", "update", id, "--share", "--unshare"])).toEqual(usage("--share and --unshare cannot be used together"));
    expect(emulator.requests).toHaveLength(0);
  });

  test("delete: refused without a terminal or -y; -y deletes (a line on stderr), --json prints the answer", async () => {
    const first = await createConnection("Doomed");
    emulator.clearRequests();
    expect((await duvo(["connections", "delete", first])).code).toBe(4);
    expect(emulator.requests).toHaveLength(0);
    expect(await duvo(["connections", "delete", first, "-y"])).toEqual({ code: 0, stdout: "", stderr: `✓ Deleted connection ${first}.\n` });
    expect(last().status).toBe(200);
    expectSent(last(), { method: "DELETE", path: `/v2/connections/${first}` });
    const second = await createConnection("Doomed too");
    const answer = json((await duvo(["connections", "delete", second, "-y", "--json"])).stdout);
    expect(answer).toEqual({ success: true, message: "Connection deleted" });
    expect((await duvo(["connections", "get", second])).code).toBe(3);
  });

  test("credentials: the header keys, secret values answered blank and shown as (secret)", async () => {
    const id = await createConnection("Keys", "--secret-header", `Authorization=${SECRET}`, "--header", "X-Tenant=acme");
    const table = await duvo(["connections", "credentials", id]);
    expect(table).toEqual({ code: 0, stdout: "HEADER         VALUE\nX-Tenant       acme\nAuthorization  (secret)\n", stderr: "" });
    expectSent(last(), { method: "GET", path: `/v2/connections/${id}/credentials` });
    const answer = json((await duvo(["connections", "credentials", id, "--json"])).stdout);
    expect(answer).toEqual({ id, headers: { "X-Tenant": "acme", Authorization: "" } });
    expect(responseProblem("getConnectionCredentials", 200, answer)).toBeUndefined();
    const none = await duvo(["connections", "credentials", await createConnection("No keys")]);
    expect(none).toEqual({ code: 0, stdout: "", stderr: "This connection has no headers.\n" });
  });

  test("probe: --url with headers or --slug; the tools as a table; success: false is exit 1 with the reason", async () => {
    const table = await duvo(["connections", "probe", "--url", "https://mcp.example.com", "--header", "X-Key=demo"]);
    expect(table).toEqual({ code: 0, stdout: "TOOL    DESCRIPTION\nsearch  Search the server's records\nfetch   Fetch one record by id\n", stderr: "" });
    expectSent(last(), { method: "POST", path: `/v2/teams/${DEMO_TEAM_ID}/connections/mcp/probe`, body: { server_url: "https://mcp.example.com", headers: { "X-Key": "demo" } } });
    const bySlug = await duvo(["connections", "probe", "--slug", "gmail", "--json"]);
    expectSent(last(), { method: "POST", path: `/v2/teams/${DEMO_TEAM_ID}/connections/mcp/probe`, body: { integration_slug: "gmail" } });
    expect(json(bySlug.stdout).tools.map((tool: { name: string }) => tool.name)).toEqual(["gmail_search", "gmail_fetch"]);
    expect(await duvo(["connections", "probe", "--url", "https://mcp.down.invalid"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: the probe of https://mcp.down.invalid failed: Could not reach https://mcp.down.invalid\n",
    });
    const failed = await duvo(["connections", "probe", "--url", "https://mcp.down.invalid", "--json"]);
    expect(failed).toEqual({ code: 1, stdout: '{"success":false,"error":"Could not reach https://mcp.down.invalid"}\n', stderr: "" });
    emulator.clearRequests();
    expect(await duvo(["connections", "probe"])).toEqual(usage("give --url <url> or --slug <slug>"));
    expect(await duvo(["connections", "probe", "--url", "https://a.example.com", "--slug", "gmail"])).toEqual(usage("--url and --slug cannot be used together"));
    expect(await duvo(["connections", "probe", "--slug", "gmail", "--header", "A=1"])).toEqual(usage("--header goes with --url (with --slug the platform supplies the headers)"));
    expect((await duvo(["connections", "probe", "--slug", "fax"])).code).toBe(4); // not a slug the document allows
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("oauth", () => {
  test("mcp probe <url>: the same probe with the URL as an argument", async () => {
    const table = await duvo(["oauth", "mcp", "probe", "https://mcp.example.com", "--header", "X-Key=demo"]);
    expect(table.stdout).toBe("TOOL    DESCRIPTION\nsearch  Search the server's records\nfetch   Fetch one record by id\n");
    expectSent(last(), { method: "POST", path: `/v2/teams/${DEMO_TEAM_ID}/connections/mcp/probe`, body: { server_url: "https://mcp.example.com", headers: { "X-Key": "demo" } } });
    const answer = json((await duvo(["oauth", "mcp", "probe", "https://mcp.example.com", "--json"])).stdout);
    expect(responseProblem("probeMcpServer", 200, answer)).toBeUndefined();
    expect((await duvo(["oauth", "mcp", "probe", "https://mcp.down.invalid"])).code).toBe(1);
  });

  test("mcp check --url: whether the server supports DCR, as a block and --json", async () => {
    const shown = await duvo(["oauth", "mcp", "check", "--url", "https://mcp.example.com"]);
    expect(shown).toEqual({
      code: 0,
      stdout: "Supports DCR            yes\nAuthorization endpoint  https://mcp.example.com/authorize\nScopes                  mcp:tools\n",
      stderr: "",
    });
    expectSent(last(), { method: "POST", path: "/v2/connections/oauth/mcp/check", body: { mcp_server_url: "https://mcp.example.com" } });
    const none = json((await duvo(["oauth", "mcp", "check", "--url", "https://nodcr.example.com", "--json"])).stdout);
    expect(none).toEqual({ supports_dcr: false });
    expect(await duvo(["oauth", "mcp", "check"])).toEqual(usage('missing required flag --url for "duvo oauth mcp check"'));
  });

  test("native start: prints the URL (--json the answer); opening it makes the connection", async () => {
    const started = await duvo(["oauth", "native", "start", "gmail", "--return-url", "https://app.example.com/done"]);
    expect(started.code).toBe(0);
    expectSent(last(), { method: "POST", path: `/v2/teams/${DEMO_TEAM_ID}/connections/oauth/native/gmail/start`, body: { return_url: "https://app.example.com/done" } });
    const url = started.stdout.trim();
    expect(url).toStartWith(emulator.url);
    expect(started.stderr).toBe("Open the URL above in a browser to grant access to gmail.\n");
    const before = json((await duvo(["connections", "list", "--type", "gmail", "--json"])).stdout).total;
    const page = await (await fetch(url)).text();
    expect(page).toContain("Gmail is connected as Gmail");
    await fetch(url); // a second visit changes nothing
    const after = json((await duvo(["connections", "list", "--type", "gmail", "--json"])).stdout);
    expect(after.total).toBe(before + 1);
    expect(after.integrations.at(-1)).toMatchObject({ name: "Gmail", type: "gmail", auth_method: "oauth", has_oauth_tokens: true, oauth_provider: "google" });

    const asJson = await duvo(["oauth", "native", "start", "slack", "--json"]);
    expect(last().body).toEqual({});
    expect(Object.keys(json(asJson.stdout))).toEqual(["authorization_url"]);
    expect(asJson.stderr).toBe("");
    const unknown = await duvo(["oauth", "native", "start", "fax"]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("No native OAuth provider fax; there are: gmail, slack, googlesheets");
  });

  test("native start --wait: waits until someone grants access, then prints the new connection; --json {authorization_url, connection}", async () => {
    const start = emulator.requests.length;
    const waiting = duvo(["oauth", "native", "start", "googlesheets", "--wait", "--json"]);
    await grantLatest("startNativeOAuth", start);
    const done = await waiting;
    expect(done.code).toBe(0);
    const answer = json(done.stdout);
    expect(Object.keys(answer)).toEqual(["authorization_url", "connection"]);
    expect(answer.connection).toMatchObject({ name: "Google Sheets", type: "googlesheets", has_oauth_tokens: true });
    expect(responseProblem("getConnection", 200, answer.connection)).toBeUndefined();
    expect(done.stderr).toBe(`Authorization URL: ${answer.authorization_url}\n`);
    // It read the connections before the URL could be opened, then until the new one was there.
    const reads = emulator.requests.slice(start).filter((r) => r.operationId === "listConnections");
    expect(reads.length).toBeGreaterThanOrEqual(2);

    const human = duvo(["oauth", "native", "start", "slack", "--wait", "--no-browser"]);
    await grantLatest("startNativeOAuth", emulator.requests.length);
    const shown = await human;
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/\w+\nID {18}[0-9a-f-]{36}\nName {16}Slack\nType {16}slack\n/);
    expect(shown.stderr).toMatch(/^Open the URL above in a browser to grant access to slack\.\n✓ Connected Slack \([0-9a-f-]{36}\)\.\n$/);
  });

  test("--reconnect-instance-id renews that connection in place; --wait waits for that one", async () => {
    const id = await createConnection("Stale");
    const count = json((await duvo(["connections", "list", "--json"])).stdout).total;
    const start = emulator.requests.length;
    const waiting = duvo(["oauth", "native", "start", "gmail", "--reconnect-instance-id", id, "--wait", "--json"]);
    await grantLatest("startNativeOAuth", start);
    const done = await waiting;
    expect(done.code).toBe(0);
    expect(emulator.requests.slice(start).find((r) => r.operationId === "startNativeOAuth")!.body).toEqual({ reconnect_instance_id: id });
    expect(json(done.stdout).connection).toMatchObject({ id, name: "Stale", has_oauth_tokens: true });
    expect(json((await duvo(["connections", "list", "--json"])).stdout).total).toBe(count);
    expect((await duvo(["oauth", "native", "start", "gmail", "--reconnect-instance-id", UNKNOWN])).code).toBe(3);
  });

  test("--wait --timeout: exit 7 when nobody grants access in time; --timeout alone is a usage error", async () => {
    const timedOut = await duvo(["oauth", "native", "start", "gmail", "--no-browser", "--wait", "--timeout", "2s"]);
    expect(timedOut.code).toBe(7);
    expect(timedOut.stdout).toStartWith(emulator.url);
    expect(timedOut.stderr).toContain("Timed out after 2s: no connection to gmail yet");
    expect(await duvo(["oauth", "native", "start", "gmail", "--timeout", "2s"])).toEqual(usage("--timeout needs --wait"));
  });

  test("mcp authorize: the body sent; --wait makes the connection once the URL is opened; a server without DCR is refused", async () => {
    const start = emulator.requests.length;
    const waiting = duvo(["oauth", "mcp", "authorize", "--url", "https://mcp.example.com", "--name", "Example MCP", "--integration-type", "custom_mcp", "--wait", "--json"]);
    await grantLatest("authorizeMcpOAuth", start);
    const done = await waiting;
    expect(done.code).toBe(0);
    const sent = emulator.requests.slice(start).find((r) => r.operationId === "authorizeMcpOAuth")!;
    expectSent(sent, {
      method: "POST",
      path: `/v2/teams/${DEMO_TEAM_ID}/connections/oauth/mcp/start`,
      body: { mcp_server_url: "https://mcp.example.com", name: "Example MCP", integration_type: "custom_mcp" },
    });
    expect(json(done.stdout).connection).toMatchObject({ name: "Example MCP", type: "custom_mcp", server_url: "https://mcp.example.com", auth_method: "oauth" });

    const plain = await duvo(["oauth", "mcp", "authorize", "--url", "https://mcp.example.com", "--name", "Plain"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toStartWith(`${emulator.url}/storage/`);
    const refused = await duvo(["oauth", "mcp", "authorize", "--url", "https://nodcr.example.com", "--name", "No DCR"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("https://nodcr.example.com does not support OAuth Dynamic Client Registration");
    emulator.clearRequests();
    expect((await duvo(["oauth", "mcp", "authorize", "--url", "not a url", "--name", "Bad", "--wait"])).code).toBe(4);
    expect(emulator.requests).toHaveLength(0);
  });

  describe("the browser", () => {
    /** A $BROWSER that writes the URL it was given to a file. */
    function fakeBrowser() {
      const dir = tempDir();
      const opened = join(dir, "opened");
      const script = join(dir, "browser");
      // Written beside and renamed, so the file is never seen empty (the shell creates it before printf writes).
      writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${opened}.part' && mv '${opened}.part' '${opened}'\n`);
      chmodSync(script, 0o755);
      return { script, opened };
    }

    test("at a terminal the URL is opened with $BROWSER, and the flow completes from there", async () => {
      const browser = fakeBrowser();
      const started = await duvo(["oauth", "native", "start", "gmail"], { tty: true, env: { BROWSER: browser.script } });
      expect(started.code).toBe(0);
      expect(started.stderr).toContain("Opened the authorization URL in your browser: grant access to gmail there.");
      const url = await eventually(() => (existsSync(browser.opened) ? readFileSync(browser.opened, "utf8") : undefined));
      expect(url).toBe(started.stdout.trim());
    });

    test("never with --no-browser, with CI set, or when stdout is not a terminal", async () => {
      for (const [argv, options] of [
        [["--no-browser"], { tty: true, env: {} }],
        [[], { tty: true, env: { CI: "true" } }],
        [[], { tty: false, env: {} }],
      ] as const) {
        const browser = fakeBrowser();
        const started = await duvo(["oauth", "native", "start", "gmail", ...argv], { tty: options.tty, env: { ...options.env, BROWSER: browser.script } });
        expect(started.code).toBe(0);
        expect(started.stderr).toContain("Open the URL above in a browser to grant access to gmail.");
        expect(existsSync(browser.opened)).toBe(false);
      }
    });
  });
});

describe("plugins", () => {
  test("list: the plugin catalog as a table, --json the API's answer", async () => {
    const table = await duvo(["plugins", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n").slice(0, 2)).toEqual(["NAME            TYPE            DESCRIPTION", "duvo-browser    duvo-platform   Browse websites and fill in forms"]);
    expectSent(last(), { method: "GET", path: "/v2/plugins/catalog" });
    const answer = json((await duvo(["plugins", "list", "--json"])).stdout);
    expect(responseProblem("listPluginCatalog", 200, answer)).toBeUndefined();
    expect(answer.plugins.map((plugin: { name: string }) => plugin.name)).toEqual(["duvo-browser", "duvo-documents", "finance", "sales"]);
  });
});

describe("a secret header value never leaves", () => {
  test("not in stdout or stderr with --debug, on success, on refusal, on a server error, in --json of any command", async () => {
    const outputs: string[] = [];
    const run = async (argv: string[], options = {}) => {
      const result = await duvo([...argv, "--debug"], options);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    const base = ["connections", "create", "--name", "Leak check", "--auth-method", "headers", "--server-url", "https://mcp.example.com"];
    const made = await run([...base, "--secret-header", `Authorization=Bearer ${SECRET}`, "--json"]);
    const id = json(made.stdout).id;
    await run([...base, "--secret-header-stdin"], { stdin: `X-Api-Key=${SECRET}\n` });
    await run([...base, "--secret-header-file", file(`X-Api-Key=${SECRET}\n`)]);
    await run(["connections", "update", id, "--secret-header", `Authorization=${SECRET}2`, "--json"]);
    await run(["connections", "get", id]);
    await run(["connections", "get", id, "--json"]);
    await run(["connections", "list", "--json"]);
    await run(["connections", "credentials", id]);
    await run(["connections", "credentials", id, "--json"]);
    // Refused here (a key twice) and by the platform (unknown ids), and a server that is down.
    await run([...base, "--secret-header", `A=${SECRET}`, "--secret-header", `A=${SECRET}`]);
    await run(["connections", "update", UNKNOWN, "--secret-header", `A=${SECRET}`]);
    await run(["connections", "update", id, "--secret-header", `A=${SECRET}`], { env: { DUVO_API_BASE_URL: "http://127.0.0.1:9", DUVO_RETRY_BUDGET: "0" } });
    await run([
      "integrations",
      "custom",
      "create",
      "--name",
      "Leaky",
      "--auth-method",
      "oauth",
      "--server-url",
      "https://x.example.com",
      "--oauth-client-id",
      "a",
      "--oauth-client-secret",
      SECRET,
      "--json",
    ]);
    await run(
      [
        "integrations",
        "custom",
        "create",
        "--name",
        "Leaky",
        "--auth-method",
        "oauth",
        "--server-url",
        "https://x.example.com",
        "--oauth-client-id",
        "a",
        "--oauth-client-secret-stdin",
      ],
      {
        stdin: SECRET,
      },
    );
    expect(outputs.length).toBe(28);
    for (const output of outputs) expect(output).not.toContain(SECRET.slice(0, 12));
    // The debug log did show the requests that carried it.
    expect(outputs.join("")).toContain(`→ PATCH /connections/${id}`);
  });
});

describe("through the compiled binary", () => {
  test("integrations: list --json, custom create and delete", async () => {
    const listed = await spawnDuvo(["integrations", "list", "--json"], { env });
    expect(listed.code).toBe(0);
    expect(json(listed.stdout).integrations[0]).toMatchObject({ id: GMAIL, type: "gmail" });
    const made = await spawnDuvo(["integrations", "custom", "create", "--name", "Binary CRM", "--auth-method", "url", "--server-url", "https://bin.example.com", "--json"], {
      env,
    });
    const id = json(made.stdout).id;
    expect(await spawnDuvo(["integrations", "custom", "delete", id], { env })).toMatchObject({ code: 4, stdout: "" });
    expect(await spawnDuvo(["integrations", "custom", "delete", id, "-y"], { env })).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Deleted custom integration ${id} (Custom integration deleted with 0 connections).\n`,
    });
  });

  test("connections: a secret header piped on stdin, the credentials blank, the probe's exit 1", async () => {
    const made = await spawnDuvo(
      ["connections", "create", "--name", "Binary", "--auth-method", "headers", "--server-url", "https://mcp.example.com", "--secret-header-stdin", "--json", "--debug"],
      {
        env,
        stdin: `Authorization=Bearer ${SECRET}\n`,
      },
    );
    expect(made.code).toBe(0);
    expect(made.stdout + made.stderr).not.toContain(SECRET);
    const id = json(made.stdout).id;
    expect(await spawnDuvo(["connections", "credentials", id], { env })).toEqual({ code: 0, stdout: "HEADER         VALUE\nAuthorization  (secret)\n", stderr: "" });
    expect(await spawnDuvo(["connections", "probe", "--url", "https://mcp.down.invalid"], { env })).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: the probe of https://mcp.down.invalid failed: Could not reach https://mcp.down.invalid\n",
    });
  });

  test("oauth: native start --wait in a pipe prints the URL at once, opens no browser, and ends once the URL is opened", async () => {
    const dir = tempDir();
    const opened = join(dir, "opened");
    const script = join(dir, "browser");
    writeFileSync(script, `#!/bin/sh\ntouch '${opened}'\n`);
    chmodSync(script, 0o755);
    const child = Bun.spawn([BINARY, "oauth", "native", "start", "gmail", "--wait", "--timeout", "10m"], {
      env: { ...emulatorEnv(emulator), PATH: process.env.PATH, HOME: dir, BROWSER: script } as Record<string, string>,
      stdout: "pipe",
      stderr: "pipe",
    });
    const reader = child.stdout.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const url = first.split("\n")[0]!;
    expect(url).toStartWith(`${emulator.url}/storage/`);
    expect((await fetch(url)).status).toBe(200);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(await child.exited).toBe(0);
    expect(`${first}${rest}`).toMatch(/\nID {18}[0-9a-f-]{36}\nName {16}Gmail\n/);
    expect(existsSync(opened)).toBe(false);
  });

  test("plugins: list", async () => {
    const listed = await spawnDuvo(["plugins", "list"], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n")[0]).toBe("NAME            TYPE            DESCRIPTION");
  });
});
