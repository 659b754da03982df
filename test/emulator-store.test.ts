/**
 * Every resource family the emulator's store recognises in the document round-trips over
 * HTTP: create, then read returns what was sent; update, then read shows the change; list
 * contains it and `total` counts it; delete, then read is a 404. The families come from the
 * document (store.ts), so a family added to it is covered here without a new line. Each test
 * starts its own emulator.
 */
import { expect, test } from "bun:test";
import type { Operation } from "../src/api/operation.ts";
import { OPERATIONS } from "../src/api/operations.ts";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { samples } from "../src/emulator/kernel.ts";
import { STORE_FAMILIES } from "../src/emulator/routes.ts";
import { at, listPath, SENT_AS, type Family } from "../src/emulator/store.ts";
import { eventually, testEmulator } from "./helpers.ts";
import { requestProblem } from "./openapi-validator.ts";
import { anyOf, client, DOMAIN_BODIES, exampleBody, pathOf, resolve, resourceIn, specs } from "./store-resources.ts";

/** The example body with every plain text field changed (a field with a format, pattern or fixed choices is kept), as long as the document allows it. */
function changedBody(operation: Operation): any {
  const body = exampleBody(operation);
  if (DOMAIN_BODIES[operation.id]) return body;
  const schema = specs.get(operation.id).requestBody?.content?.["application/json"]?.schema;
  const properties = (schema?.$ref ? resolve(schema.$ref) : schema)?.properties ?? {};
  const changed = structuredClone(body);
  for (const [key, value] of Object.entries(body ?? {})) {
    const property = properties[key]?.$ref ? resolve(properties[key].$ref) : properties[key];
    if (typeof value !== "string" || property?.enum || property?.format || property?.pattern) continue;
    const candidate = { ...changed, [key]: `${value.slice(0, Math.max(1, (property?.maxLength ?? 100) - 8))} changed` };
    if (requestProblem(operation.id, candidate) === undefined) changed[key] = candidate[key];
  }
  return changed;
}

/**
 * The fields of `sent` the resource has (under the name the store's SENT_AS gives them), each
 * with the value sent. A request that wraps the resource (`{case: {...}}`) is read inside; a
 * list of one id (`integration_ids: [id]`) is the field of that id.
 */
function sentFields(family: Family, operation: Operation, sent: any, resource: any): Record<string, unknown> {
  // A field named like the id parameter (attaching `{credentialId}`) is the resource's id.
  const nameOf = (key: string) => SENT_AS[operation.id]?.[key] ?? (key.replaceAll("_", "").toLowerCase() === family.idParam.replaceAll("_", "").toLowerCase() ? family.idKey : key);
  const wrapped = Object.values(sent ?? {}).find((value) => typeof value === "object" && value !== null && !Array.isArray(value));
  const fields = Object.keys(sent ?? {}).some((key) => nameOf(key) in resource) || !wrapped ? sent : wrapped;
  const named = Object.entries(fields ?? {}).map(([key, value]) =>
    Array.isArray(value) && value.length === 1 && key.endsWith("s") && key.slice(0, -1) in resource ? ([key.slice(0, -1), value[0]] as const) : ([nameOf(key), value] as const),
  );
  return Object.fromEntries(
    named.filter(([key]) => key in resource).map(([key, value]) => [key, typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : value]),
  );
}

/** What an unknown id is answered with: a 404, or where the operation documents none, the 400 it falls back to. */
const missing = (operation: Operation) => (samples[operation.id]!.statuses.includes(404) ? 404 : 400);

/** The resource as a read shows it: the get, else its entry in the list. */
async function read(emulator: Emulator, family: Family, ids: Record<string, string>): Promise<{ status: number; resource?: any }> {
  const call = client(emulator);
  if (family.get) {
    const got = await call("GET", pathOf(family.get.path, ids));
    return { status: got.status, resource: got.status === 200 ? resourceIn(family, got.body) : undefined };
  }
  const listed = await listed_(emulator, family, ids);
  const resource = listed.items.find((item: any) => item[family.idKey] === ids[family.idParam]);
  return { status: resource ? 200 : 404, resource };
}

async function listed_(emulator: Emulator, family: Family, ids: Record<string, string>, query = "") {
  const answer = await client(emulator)("GET", `${pathOf(family.list!.path, ids)}${query}`);
  expect(answer.status).toBe(200);
  return { items: at(answer.body, listPath(answer.body, family.idParam)!) as any[], total: answer.body?.total as number | undefined };
}

test("the store recognises resource families in the document, beyond those with hand-written behaviour", () => {
  expect(STORE_FAMILIES.length).toBeGreaterThanOrEqual(10);
  expect(STORE_FAMILIES.map((family) => family.item)).toContain("/v2/artifacts/{artifactId}");
  expect(STORE_FAMILIES.map((family) => family.item)).toContain("/v2/connections/{connection_id}");
  expect(STORE_FAMILIES.map((family) => family.item)).toContain("/v2/skills/{skill_id}");
});

test("the MCP endpoint: every operation is a tool; what a tool call creates, a tool call and the API read back; GET is refused as the document says", async () => {
  const emulator = await testEmulator();
  try {
    const call = client(emulator);
    const rpc = async (method: string, params?: unknown) => {
      const answer = await call("POST", "/v2/mcp", { jsonrpc: "2.0", id: 7, method, params });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ jsonrpc: "2.0", id: 7 });
      return answer.body;
    };
    const tool = async (name: string, args: unknown) => {
      const { result } = await rpc("tools/call", { name, arguments: args });
      return { isError: result.isError as boolean, answer: JSON.parse(result.content[0].text) };
    };
    expect((await rpc("initialize", { protocolVersion: "2025-06-18", capabilities: {} })).result).toMatchObject({ capabilities: { tools: {} } });
    const { tools } = (await rpc("tools/list")).result;
    expect(tools.map((listed: { name: string }) => listed.name).sort()).toEqual(
      OPERATIONS.filter((operation) => operation.path !== "/v2/mcp")
        .map((operation) => operation.id)
        .sort(),
    );
    expect(tools.find((listed: { name: string }) => listed.name === "updateAgentFolder").inputSchema).toEqual({
      type: "object",
      properties: { folder_id: { type: "string" }, body: { type: "object" } },
      required: ["folder_id", "body"],
    });

    const made = await tool("createAgentFolder", { body: { name: "Made over MCP" } });
    expect(made.isError).toBe(false);
    const id = made.answer.folder.id;
    expect(made.answer.folder).toMatchObject({ name: "Made over MCP", team_id: emulator.teamId });
    expect((await tool("listAgentFolders", {})).answer.folders.map((folder: { id: string }) => folder.id)).toContain(id);
    expect((await tool("updateAgentFolder", { folder_id: id, body: { name: "Renamed over MCP" } })).isError).toBe(false);
    const listed = await call("GET", `/v2/teams/${emulator.teamId}/agent-folders`);
    expect(listed.body.folders.find((folder: { id: string }) => folder.id === id).name).toBe("Renamed over MCP");
    expect((await tool("deleteAgentFolder", { folder_id: id })).isError).toBe(false);
    const gone = await tool("deleteAgentFolder", { folder_id: id });
    expect(gone).toMatchObject({ isError: true, answer: { error: "Not Found" } });

    expect((await rpc("tools/call", { name: "noSuchTool", arguments: {} })).error.code).toBe(-32602);
    expect((await rpc("tools/call", { name: "updateAgentFolder", arguments: {} })).error.message).toBe("updateAgentFolder needs folder_id");
    expect((await rpc("resources/list")).error.code).toBe(-32601);
    const get = await call("GET", "/v2/mcp");
    expect(get).toEqual({ status: 200, body: { jsonrpc: "2.0", id: null, error: { code: -32000, message: "GET is not supported (no server-initiated streaming); use POST" } } });
  } finally {
    await emulator.stop();
  }
});

for (const family of STORE_FAMILIES) {
  test(`${family.item} round-trips`, async () => {
    const emulator = await testEmulator();
    try {
      const call = client(emulator);
      const made = await anyOf(emulator, family);
      const ids = made.ids;

      // Create, then read returns what was sent (or, for a family the API cannot create, its example reads back).
      let shown = family.get || family.list ? await read(emulator, family, ids) : { status: 200, resource: made.resource };
      expect(shown.status).toBe(200);
      expect(shown.resource[family.idKey]).toBe(made.id);
      if (made.sent) {
        const fields = sentFields(family, family.create!, made.sent, shown.resource);
        expect(Object.keys(fields).length).toBeGreaterThan(0);
        expect(shown.resource).toMatchObject(fields);
      }

      // List contains it and total counts it; a filter named like a field finds it.
      if (family.list) {
        const before = await listed_(emulator, family, ids);
        expect(before.items.map((item) => item[family.idKey])).toContain(made.id);
        if (before.total !== undefined) expect(before.total).toBe(before.items.length);
        if (family.create) {
          await anyOf(emulator, family, ids, true); // a second one is counted too
          const after = await listed_(emulator, family, ids);
          expect(after.items.length).toBe(before.items.length + 1);
          if (after.total !== undefined) expect(after.total).toBe(before.items.length + 1);
          if (family.list.query.some((parameter) => parameter.name === "limit")) {
            const page = await listed_(emulator, family, ids, "?limit=1");
            expect(page.items.length).toBe(1);
            if (page.total !== undefined) expect(page.total).toBe(after.items.length);
          }
        }
      }

      // Update, then read shows the change.
      for (const update of family.update) {
        const sent = changedBody(update);
        const changed = await call(update.method, pathOf(update.path, ids), sent);
        expect(changed.status).toBe(update.success);
        if (family.get || family.list) shown = await read(emulator, family, ids);
        else shown = { status: 200, resource: resourceIn(family, changed.body) };
        const fields = sentFields(family, update, sent, shown.resource);
        expect(Object.keys(fields).length).toBeGreaterThan(0);
        expect(shown.resource).toMatchObject(fields);
      }

      // Delete, then read is a 404 (and so is a second delete).
      if (family.remove) {
        expect((await call("DELETE", pathOf(family.remove.path, ids))).status).toBe(family.remove.success);
        if (family.get || family.list) expect((await read(emulator, family, ids)).status).toBe(404);
        expect((await call("DELETE", pathOf(family.remove.path, ids))).status).toBe(missing(family.remove));
      }

      // An id the store does not have is a 404 (where a path names one: not an agent's event triggers, a collection; another team is a 403).
      const unknown = { ...ids, [family.idParam]: crypto.randomUUID() };
      const probe = family.get ?? family.update[0] ?? family.remove ?? OPERATIONS.find((operation) => operation.method === "GET" && operation.path === family.item);
      if (probe && family.collection !== family.item)
        expect((await call(probe.method, pathOf(probe.path, unknown), probe.method === "GET" || probe.method === "DELETE" ? undefined : exampleBody(probe))).status).toBe(
          family.idParam === "teamId" ? 403 : missing(probe),
        );
    } finally {
      await emulator.stop();
    }
  });
}

test("a plugin reads a multipart upload (a sandbox file sent in the request)", async () => {
  const emulator = await testEmulator();
  try {
    const call = client(emulator);
    const sandbox = (await call("POST", "/v2/sandboxes")).body.sandbox_id;
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const form = new FormData();
    form.set("file", new File([bytes], "data.bin"));
    form.set("path", "in/data.bin");
    const sent = await fetch(`${emulator.url}/v2/sandboxes/${sandbox}/files`, { method: "POST", headers: { authorization: `Bearer ${emulator.apiKey}` }, body: form });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toEqual({ path: "/workspace/in/data.bin", size_bytes: 5 });
    expect(emulator.sandboxFile(sandbox, "/workspace/in/data.bin")).toEqual(bytes);
    expect(emulator.requests.at(-1)!.body).toMatchObject({ path: "in/data.bin", file: { name: "data.bin", size: 5 } });
    const unnamed = new FormData();
    unnamed.set("file", new File([bytes], "plain.bin"));
    await fetch(`${emulator.url}/v2/sandboxes/${sandbox}/files`, { method: "POST", headers: { authorization: `Bearer ${emulator.apiKey}` }, body: unnamed });
    expect(emulator.sandboxFile(sandbox, "/workspace/plain.bin")).toEqual(bytes);
    const empty = await fetch(`${emulator.url}/v2/sandboxes/${sandbox}/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/octet-stream" },
      body: bytes,
    });
    expect(empty.status).toBe(400);
  } finally {
    await emulator.stop();
  }
});

test("the deprecated bulk-delegate and bulk-retry redirect (308) to bulk-reprocess, which a client following them reaches with its body", async () => {
  const emulator = await testEmulator();
  try {
    const call = client(emulator);
    const queue = (await call("POST", `/v2/teams/${emulator.teamId}/queues`, { name: "Invoices" })).body.queue.id;
    const cases = (await call("POST", `/v2/queues/${queue}/cases`, { cases: [{ title: "A" }, { title: "B" }] })).body.added_cases.map((item: any) => item.id);
    await call("POST", `/v2/queues/${queue}/cases/bulk-update-status`, { case_ids: cases, status: "failed" });
    for (const [operation, item, agent] of [
      ["bulk-retry", cases[0], {}],
      ["bulk-delegate", cases[1], { agent_id: AGENT_IDS.complete }],
    ]) {
      const headers = { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" };
      const body = JSON.stringify({ case_ids: [item], ...agent });
      const redirect = await fetch(`${emulator.url}/v2/queues/${queue}/cases/${operation}`, { method: "POST", headers, body, redirect: "manual" });
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get("location")).toBe(`/v2/queues/${queue}/cases/bulk-reprocess`);
      expect((await call("GET", `/v2/cases/${item}`)).body.case.status).toBe("failed"); // the redirect itself changes nothing
      const followed = await fetch(`${emulator.url}/v2/queues/${queue}/cases/${operation}`, { method: "POST", headers, body });
      expect(await followed.json()).toEqual({ reprocessedCount: 1, skippedCount: 0 });
    }
    // Retried, a case waits for the queue's consumers (it has none yet); delegated, for the agent chosen, which works it once it is connected
    // to the queue as a consumer, even with its trigger disabled.
    const runsOf = async (item: string) => (await call("GET", `/v2/cases/${item}/runs`)).body.runs;
    for (const item of cases) {
      expect((await call("GET", `/v2/cases/${item}`)).body.case).toMatchObject({ status: "pending", display_status: "pending", completed_at: null, claimed_at: null });
    }
    await call("POST", `/v2/agents/${AGENT_IDS.complete}/case-triggers`, { case_queue_id: queue, enabled: false });
    const delegated = await eventually(async () => ((await runsOf(cases[1])).some((run: any) => run.status === "completed") ? runsOf(cases[1]) : undefined));
    expect(delegated.map((run: any) => [run.agent_id, run.status])).toEqual([[AGENT_IDS.complete, "completed"]]);
    expect((await call("GET", `/v2/cases/${cases[1]}`)).body.case).toMatchObject({ status: "completed", claimed_by_run_id: delegated[0].id });
    expect(await runsOf(cases[0])).toEqual([]);
    // A consumer enabled on the queue works the retried case, and only it.
    await call("POST", `/v2/agents/${AGENT_IDS.approval}/case-triggers`, { case_queue_id: queue, enabled: true });
    const retried = await eventually(async () => ((await runsOf(cases[0])).length > 0 ? runsOf(cases[0]) : undefined));
    expect(retried.map((run: any) => run.agent_id)).toEqual([AGENT_IDS.approval]);
    expect((await runsOf(cases[1])).map((run: any) => run.agent_id)).toEqual([AGENT_IDS.complete]);
    // An unknown queue is a 404, not a redirect.
    expect((await call("POST", `/v2/queues/${crypto.randomUUID()}/cases/bulk-retry`, { case_ids: [cases[0]] })).status).toBe(404);
  } finally {
    await emulator.stop();
  }
});
