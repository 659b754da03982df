/**
 * Integrations and connections: the team's catalog (fixed system entries and the custom
 * integrations it creates, resources of the store; deleting one removes its connections),
 * connections (resources of the store; header values are kept, and answered blank where
 * secret), OAuth grants (the authorization URL is served by the emulator itself: opening it
 * grants consent and creates, or with `reconnect_instance_id` renews, the connection), MCP
 * probe and DCR check (decided by the URL alone, as no server is reached), and the plugin catalog.
 *
 * Rules of the MCP servers the emulator pretends to reach: a host under `.invalid` cannot be
 * reached; a host starting with `nodcr.` supports no OAuth Dynamic Client Registration; any
 * other server exposes the tools `search` and `fetch` and supports DCR.
 */
import type * as C from "../../api/generated/connections.ts";
import type * as I from "../../api/generated/integrations.ts";
import type * as P from "../../api/generated/plugins.ts";
import { FIXTURE_CREATED_AT, type TeamFixture } from "../fixtures.ts";
import { ApiError, beforeStore, checkedQuery, checkedRequest, type Context, familyAt, ok, pageOf, type Plugins, storedAt, storedOf } from "../kernel.ts";
import { iso } from "../state.ts";
import { presign } from "./storage.ts";

type CatalogEntry = I.ListIntegrationsResponse["integrations"][number];
type Connection = C.GetConnectionResponse & { headers?: { plaintext: Record<string, string>; secret: Record<string, string> } };

const CONNECTIONS = familyAt("/v2/connections/{connection_id}");
const CUSTOM = familyAt("/v2/integrations/custom/{custom_integration_id}");

/** The system entries of a team's catalog, named by their `type` (the slug the CLI takes); those with an OAuth provider are the native OAuth providers. */
function systemCatalog(team: TeamFixture): CatalogEntry[] {
  const n = team.id.slice(-2);
  const base = { user_id: null, team_id: team.id, custom_integration_id: null, created_at: FIXTURE_CREATED_AT, updated_at: FIXTURE_CREATED_AT };
  const entry = (suffix: string, type: string, name: string, provider: string, oauth: boolean): CatalogEntry => {
    return { ...base, id: `5e1f0c2a-7d3b-4c9e-8ab0-0000000${n}${suffix}`, name, type, provider, auth_method: oauth ? "oauth" : null, oauth_provider: oauth ? provider : null };
  };
  return [
    entry("001", "gmail", "Gmail", "google", true),
    entry("002", "slack", "Slack", "slack", true),
    entry("003", "googlesheets", "Google Sheets", "google", true),
    entry("004", "case-queue-producer", "Case queue (producer)", "default", false),
    entry("005", "case-queue-consumer", "Case queue (consumer)", "default", false),
  ];
}

/** The team's catalog: the system entries, then its custom integrations. */
export function catalog(c: Context): CatalogEntry[] {
  const custom = c.store.list(CUSTOM, c.team.id, {}).map(({ resource: { oauth_client: _, ...entry } }) => entry as CatalogEntry);
  return [...systemCatalog(c.team), ...custom];
}

function customOf(c: Context, id: string) {
  const found = c.store.list(CUSTOM, c.team.id, {}).find((record) => record.id === id.toLowerCase());
  if (!found) throw new ApiError(404, `Custom integration ${id} not found`);
  return found.resource as CatalogEntry & { server_url: string };
}

/** Every field of a new connection (the store fills none of them from the document's example). */
function newConnection(c: Context, fields: Partial<Connection> & { name: string; type: string }): Connection {
  const now = iso(c.state.now());
  const integration = catalog(c).find((entry) => entry.type === fields.type && entry.custom_integration_id === (fields.custom_integration_id ?? null));
  const unset = ["auth_method", "custom_integration_id", "icon_url", "oauth_provider", "oauth_provider_key", "oauth_scopes", "broken_at", "broken_reason"];
  return {
    ...Object.fromEntries(unset.map((key) => [key, null])),
    ...{ id: crypto.randomUUID(), provider: "user", user_id: c.team.user.id, team_id: c.team.id, server_url: "", transport_type: "http", shared: false },
    ...{ has_headers: false, has_oauth_tokens: false, integration_id: integration?.id ?? null, created_by: c.team.user.id, created_at: now, updated_at: now },
    ...fields,
  };
}

/** Headers as a connection keeps them; `undefined` values (not sent) keep what was there, an empty secret keeps the old one. */
function mergeHeaders(old: Connection["headers"], sent: { plaintext?: Record<string, string>; secret?: Record<string, string> } | null | undefined) {
  if (sent === null) return { headers: { plaintext: {}, secret: {} }, has_headers: false };
  if (sent === undefined) return {};
  const secret = Object.fromEntries(Object.entries(sent.secret ?? {}).map(([key, value]) => [key, value === "" ? (old?.secret[key] ?? "") : value]));
  const headers = { plaintext: { ...sent.plaintext }, secret };
  return { headers, has_headers: Object.keys(headers.plaintext).length + Object.keys(secret).length > 0 };
}

/** What the emulator's pretend MCP server at `url` does (see the header). */
function mcpServer(url: string) {
  const host = new URL(url).hostname;
  return { reachable: !host.endsWith(".invalid"), dcr: !host.startsWith("nodcr."), origin: new URL(url).origin };
}

const TOOLS = [
  { name: "search", description: "Search the server's records", input_schema: { type: "object", properties: { query: { type: "string" } } } },
  { name: "fetch", description: "Fetch one record by id", input_schema: { type: "object", properties: { id: { type: "string" } } } },
];

export const PLUGIN_CATALOG: P.ListPluginCatalogResponse["plugins"] = [
  { name: "duvo-browser", type: "duvo-platform", description: "Browse websites and fill in forms" },
  { name: "duvo-documents", type: "duvo-platform", description: "Read PDFs, spreadsheets and scanned documents" },
  { name: "finance", type: "knowledge-work", description: "Accounts payable, reconciliation and month-end close" },
  { name: "sales", type: "knowledge-work", description: "Prospecting, CRM hygiene and pipeline reviews" },
];

/**
 * An authorization URL, served by the emulator: opening it (GET) grants consent once, then
 * `complete` makes or renews the connection; the page says what happened.
 */
function authorizationUrl(c: Context, what: string, complete: () => Connection): string {
  let done: Connection | undefined;
  const page = () => {
    done ??= complete();
    const text = `<!doctype html><title>Connected</title><p>${Bun.escapeHTML(`${what} is connected as ${done.name} (${done.id}).`)} You can close this window.</p>\n`;
    return { bytes: new TextEncoder().encode(text), contentType: "text/html; charset=utf-8" };
  };
  return presign(c.state, c.url.origin, { method: "GET", load: page }, 3600);
}

/** Renews a connection in place (reconnect), or makes a new one. */
function grant(c: Context, reconnect: string | undefined, fields: Parameters<typeof newConnection>[1]): () => Connection {
  const existing = reconnect === undefined ? undefined : (c.store.find(CONNECTIONS, c.team.id, { connection_id: reconnect.toLowerCase() }).resource as Connection);
  return () => {
    const now = iso(c.state.now());
    if (existing) {
      return Object.assign(existing, { has_oauth_tokens: true, broken_at: null, broken_reason: null, updated_at: now });
    }
    const connection = newConnection(c, { ...fields, auth_method: "oauth", has_oauth_tokens: true });
    c.store.seed(CONNECTIONS, c.team.id, connection);
    return connection;
  };
}

export const CONNECTION_PLUGINS: Plugins = {
  listIntegrations: async (c) => {
    const query = await checkedQuery(c);
    const { page, ...counts } = pageOf(
      c,
      query,
      catalog(c).filter((entry) => query.type === undefined || entry.type === query.type),
    );
    return ok({ integrations: page, ...counts } satisfies I.ListIntegrationsResponse);
  },

  createCustomIntegration: beforeStore(async (c) => {
    const { body } = (await checkedRequest(c)) as { body: I.CreateCustomIntegrationBody };
    if (catalog(c).some((entry) => entry.name.toLowerCase() === body.name.toLowerCase())) throw new ApiError(409, `The catalog already has an integration named ${body.name}`);
    if ((body.oauth_client_id === undefined) !== (body.oauth_client_secret === undefined)) throw new ApiError(400, "oauth_client_id and oauth_client_secret go together");
    if (body.oauth_client_id !== undefined && body.auth_method !== "oauth") throw new ApiError(400, "An OAuth client is only for auth_method oauth");
    const id = crypto.randomUUID();
    // The client secret is kept (never shown: the answers have no field for it).
    const client = body.oauth_client_id && { id: body.oauth_client_id, secret: body.oauth_client_secret };
    return { id, custom_integration_id: id, type: "custom_mcp", provider: "user", user_id: null, transport_type: "http", shared: true, oauth_client: client };
  }),

  deleteCustomIntegration: beforeStore((c) => {
    const id = storedOf(c).id as string;
    const removed = c.store.list(CONNECTIONS, c.team.id, {}).filter((record) => record.resource.custom_integration_id === id);
    for (const record of removed) c.store.delete(CONNECTIONS, record);
    return { message: `Custom integration deleted with ${removed.length} connection${removed.length === 1 ? "" : "s"}` };
  }),

  createConnection: beforeStore(async (c) => {
    const { body } = (await checkedRequest(c)) as { body: C.CreateConnectionBody };
    const custom = body.custom_integration_id === undefined ? undefined : customOf(c, body.custom_integration_id);
    const serverUrl = body.server_url ?? custom?.server_url;
    if (serverUrl === undefined) throw new ApiError(400, "server_url is required without custom_integration_id");
    const { id: _id, ...fields } = newConnection(c, { name: body.name, type: body.type ?? "custom_mcp", custom_integration_id: custom?.id ?? null, server_url: serverUrl });
    return { ...fields, auth_method: body.auth_method, ...mergeHeaders(undefined, body.headers) };
  }),

  updateConnection: beforeStore(async (c) => {
    const { body } = (await checkedRequest(c)) as { body: C.UpdateConnectionBody };
    return mergeHeaders((storedOf(c) as Connection).headers, body.headers);
  }),

  deleteConnection: beforeStore(() => ({ message: "Connection deleted" })),

  getConnectionCredentials: (c) => {
    const { headers } = storedAt(c, "connection_id") as Connection;
    const blank = Object.fromEntries(Object.keys(headers?.secret ?? {}).map((key) => [key, ""]));
    return ok({ id: c.params.connection_id!, headers: { ...headers?.plaintext, ...blank } } satisfies C.GetConnectionCredentialsResponse);
  },

  probeMcpServer: async (c) => {
    const { body } = (await checkedRequest(c)) as { body: C.ProbeMcpServerBody };
    if ((body.server_url === undefined) === (body.integration_slug === undefined)) throw new ApiError(400, "Give exactly one of server_url and integration_slug");
    if (body.integration_slug !== undefined)
      return ok({ success: true, tools: TOOLS.map((tool) => ({ ...tool, name: `${body.integration_slug}_${tool.name}` })) } satisfies C.ProbeMcpServerResponse);
    if (!mcpServer(body.server_url!).reachable) return ok({ success: false, error: `Could not reach ${body.server_url}` } satisfies C.ProbeMcpServerResponse);
    return ok({ success: true, tools: TOOLS } satisfies C.ProbeMcpServerResponse);
  },

  checkMcpOAuth: async (c) => {
    const { body } = (await checkedRequest(c)) as { body: C.CheckMcpOAuthBody };
    const server = mcpServer(body.mcp_server_url);
    if (!server.reachable) throw new ApiError(400, `Could not reach ${body.mcp_server_url}`);
    if (!server.dcr) return ok({ supports_dcr: false } satisfies C.CheckMcpOAuthResponse);
    return ok({ supports_dcr: true, authorization_endpoint: `${server.origin}/authorize`, scopes: ["mcp:tools"] } satisfies C.CheckMcpOAuthResponse);
  },

  startNativeOAuth: async (c) => {
    const { body } = (await checkedRequest(c)) as { body: C.StartNativeOAuthBody };
    const natives = systemCatalog(c.team).filter((e) => e.auth_method === "oauth");
    const entry = natives.find((e) => e.type === c.params.provider);
    if (!entry) throw new ApiError(404, `No native OAuth provider ${c.params.provider}; there are: ${natives.map((e) => e.type).join(", ")}`);
    const fields = { name: entry.name, type: entry.type, provider: entry.provider, oauth_provider: entry.provider, oauth_scopes: [`${entry.type}.all`] };
    const complete = grant(c, body.reconnect_instance_id, fields);
    return ok({ authorization_url: authorizationUrl(c, entry.name, complete) } satisfies C.StartNativeOAuthResponse);
  },

  authorizeMcpOAuth: async (c) => {
    const { body } = (await checkedRequest(c)) as { body: C.AuthorizeMcpOAuthBody };
    const server = mcpServer(body.mcp_server_url);
    if (!server.reachable || !server.dcr) throw new ApiError(400, `${body.mcp_server_url} does not support OAuth Dynamic Client Registration`);
    const custom = body.custom_integration_id === undefined ? undefined : customOf(c, body.custom_integration_id);
    const custom_integration_id = custom?.id ?? null;
    const fields = { name: body.name, type: body.integration_type ?? "custom_mcp", server_url: body.mcp_server_url, custom_integration_id, oauth_scopes: ["mcp:tools"] };
    return ok({ authorization_url: authorizationUrl(c, body.name, grant(c, body.reconnect_instance_id, fields)) } satisfies C.AuthorizeMcpOAuthResponse);
  },

  listPluginCatalog: () => ok({ plugins: PLUGIN_CATALOG } satisfies P.ListPluginCatalogResponse),
};
