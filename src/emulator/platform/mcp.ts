/**
 * The MCP endpoint (Streamable HTTP, JSON-RPC 2.0 over POST): every operation of the document
 * is a tool named by its operation id, taking its path parameters (the team's filled in), `query`
 * and `body`; a tool call is answered as the same request to the API would be, from the same
 * state, so what a call creates is read back by a call or by the API itself. GET is refused
 * in a JSON-RPC error, as the document says: the server starts no stream of its own.
 */
import { OPERATIONS } from "../../api/operations.ts";
import { fillPath, ok, type Plugins } from "../kernel.ts";

const TOOLS = OPERATIONS.filter((operation) => !operation.path.startsWith("/v2/mcp"));
const own = (names: readonly string[]) => names.filter((name) => name !== "teamId");

/** A tool as tools/list shows it: its path parameters, query and body as the input. */
const tool = ({ id, summary, pathParams, query, body }: (typeof TOOLS)[number]) => {
  const properties: Record<string, unknown> = Object.fromEntries(own(pathParams).map((name) => [name, { type: "string" }]));
  if (query.length) properties.query = { type: "object", properties: Object.fromEntries(query.map(({ name, type }) => [name, { type }])) };
  if (body) properties.body = { type: "object" };
  return { name: id, description: summary, inputSchema: { type: "object", properties, required: [...own(pathParams), ...(body === "required" ? ["body"] : [])] } };
};

const rpcError = (id: unknown, code: number, message: string) => ok({ jsonrpc: "2.0", id: id ?? null, error: { code, message } });

export const MCP_PLUGINS: Plugins = {
  getMcp: () => rpcError(null, -32000, "GET is not supported (no server-initiated streaming); use POST"),
  postMcp: async (c) => {
    const { id, method, params = {} } = (c.body ?? {}) as { id?: unknown; method?: unknown; params?: Record<string, any> };
    if (typeof method !== "string") return rpcError(id, -32600, "Send a JSON-RPC 2.0 request: {jsonrpc, id, method, params}");
    if (id === undefined) return { status: 200, body: undefined }; // a notification (notifications/initialized): nothing to answer (the document's 200)
    const result = (value: unknown) => ok({ jsonrpc: "2.0", id, result: value });
    if (method === "initialize") return result({ protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "duvo-emulator", version: "1" } });
    if (method === "ping") return result({});
    if (method === "tools/list") return result({ tools: TOOLS.map(tool) });
    if (method !== "tools/call") return rpcError(id, -32601, `Method not found: ${method}`);
    const operation = TOOLS.find((candidate) => candidate.id === params.name);
    if (!operation) return rpcError(id, -32602, `Unknown tool: ${params.name}`);
    const args: Record<string, any> = { ...params.arguments, teamId: c.team.id };
    const missing = own(operation.pathParams).find((name) => typeof args[name] !== "string");
    if (missing) return rpcError(id, -32602, `${operation.id} needs ${missing}`);
    const path = fillPath(operation.path, args);
    const query = new URLSearchParams(Object.entries(args.query ?? {}).map(([key, value]): [string, string] => [key, String(value)]));
    const answer = await c.call(operation.method, `${path}${query.size ? `?${query}` : ""}`, args.body);
    const text = answer.body instanceof Uint8Array ? `${answer.body.byteLength} bytes` : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? null);
    return result({ content: [{ type: "text", text }], isError: answer.status >= 400 });
  },
};
