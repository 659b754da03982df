/**
 * The OpenAPI document as the one source of truth: the generated code is current, and the
 * emulator answers every one of the document's operations with a body the document allows,
 * judged by Ajv (which shares no code with the generated valibot schemas).
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "../scripts/gen-api.ts";
import { fixDocument, forEachOperation } from "../scripts/openapi/fixups.ts";
import { resetSamples, sampleOf } from "../scripts/openapi/samples.ts";
import { routeById } from "../src/api/operation-routes.ts";
import { OPERATIONS } from "../src/api/operations.ts";
import { AGENT_IDS, DEMO_ORG_ID, DEMO_USER_ID } from "../src/emulator/index.ts";
import { DEMO_LOGIN_ID, DEMO_SECRET_ID } from "../src/emulator/platform/team-settings.ts";
import { STORE_FAMILIES } from "../src/emulator/routes.ts";
import { familiesNamedBy } from "../src/emulator/store.ts";
import { agentsAsCodeFixtures } from "./agents-as-code-fixtures.ts";
import { pulseClarityFixtures } from "./pulse-clarity-fixtures.ts";
import { eventually, outsideFiles, useEmulator, SLOW_TEST_MS } from "./helpers.ts";
import { requestProblem, responseProblem, SPEC_PATH } from "./openapi-validator.ts";
import { anyOf } from "./store-resources.ts";

/** The published document as handed to the project, when the checkout has it beside it. */
const PUBLISHED_COPY = join(import.meta.dir, "..", "..", "shared", "duvo-openapi.json");

describe("generated code", () => {
  const published = outsideFiles("the published API document", "the committed copy is compared with the document as it was handed to the project", [PUBLISHED_COPY]);
  test.skipIf(!published)("the committed document is the published one", () => {
    expect(readFileSync(SPEC_PATH, "utf8")).toBe(readFileSync(PUBLISHED_COPY, "utf8").replace(/\n?$/, "\n"));
  });

  test("every generated file is what `bun run gen:api` makes of the committed document", () => {
    const { files, operationCount } = generate(readFileSync(SPEC_PATH, "utf8"));
    expect(operationCount).toBe(213);
    const stale = [...files].filter(([path, content]) => !existsSync(path) || readFileSync(path, "utf8") !== content).map(([path]) => path);
    expect(stale).toEqual([]);
  });

  test("the operation table lists every operation of the document once", () => {
    const document = fixDocument(JSON.parse(readFileSync(SPEC_PATH, "utf8"))).document;
    const expected: string[] = [];
    forEachOperation(document, (path, method, operation) => expected.push(`${method.toUpperCase()} ${path} ${operation.operationId}`));
    expect(OPERATIONS.map((o) => `${o.method} ${o.path} ${o.id}`).sort()).toEqual(expected.sort());
    expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(213);
  });
});

describe("the routes requests are sent by", () => {
  test("every operation's route (generated/routes.ts) agrees with its row of the operation table", () => {
    for (const operation of OPERATIONS) {
      const { id, method, path, pathParams, success, module } = operation;
      expect(routeById(id)).toEqual({ id, method, path, pathParams: [...pathParams], success, module });
    }
    expect(routeById("noSuchOperation")).toBeUndefined();
    expect(routeById("toString")).toBeUndefined();
    // Words that would misread the lines of ROUTES: an empty id, an id with a space or a newline, a prefix of one.
    for (const id of ["", "getRun GET", "getRun\n", "getRu", " getRun"]) expect(routeById(id)).toBeUndefined();
  });
});

describe("the emulator answers the whole document", () => {
  const { emulator } = useEmulator();
  const document = fixDocument(JSON.parse(readFileSync(SPEC_PATH, "utf8"))).document;
  const operations = new Map<string, any>();
  forEachOperation(document, (_path, _method, operation) => operations.set(operation.operationId, operation));
  const resolve = (ref: string) => document.components.schemas[ref.replace("#/components/schemas/", "")];

  /** A JSON request (or a multipart one, for an upload); a JSON answer parsed, a page or a file as text. */
  async function call(method: string, path: string, body?: unknown) {
    const form = body instanceof FormData; // an upload goes as it is (fetch sets its content type)
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.apiKey}`, ...(body === undefined || form ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      redirect: "manual",
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.includes("json") ?? true;
    return { status: response.status, location: response.headers.get("location"), body: text === "" ? undefined : json ? JSON.parse(text) : text };
  }

  test(
    "all 213 operations answer a documented success the document allows",
    async () => {
      // Real ids for the operations the emulator keeps state for.
      const done = (await call("POST", `/v2/teams/${emulator.teamId}/runs`, { agent_id: AGENT_IDS.complete, message: "go" })).body.run.id;
      const waiting = (await call("POST", `/v2/teams/${emulator.teamId}/runs`, { agent_id: AGENT_IDS.approval })).body.run.id;
      const request = await eventually(async () => (await call("GET", `/v2/runs/${waiting}`)).body.pending_human_request?.id as string | undefined);
      await eventually(async () => (await call("GET", `/v2/runs/${done}`)).body.run.status === "completed");
      // The platform's stateful domains: a queue with a case (worked by a consumer, so it has a run) and a
      // label, a sandbox, a team file, a revision with the consumer slot.
      const queue = (await call("POST", `/v2/teams/${emulator.teamId}/queues`, { name: "Everything" })).body.queue.id;
      const build = AGENT_IDS.complete.replace(/-8a30-/, "-8a40-");
      const consumer = (await call("GET", `/v2/teams/${emulator.teamId}/integrations?type=case-queue-consumer`)).body.integrations[0].id;
      await call("POST", `/v2/agents/${AGENT_IDS.complete}/revisions/${build}/integrations`, { integration_ids: [consumer] });
      const trigger = (await call("POST", `/v2/agents/${AGENT_IDS.complete}/case-triggers`, { case_queue_id: queue, enabled: true })).body.case_trigger.id;
      const item = (await call("POST", `/v2/queues/${queue}/cases`, { case: { title: "One", labels: [{ key: "k", value: "v" }] } })).body.added_cases[0];
      const caseRun = await eventually(async () => (await call("GET", `/v2/cases/${item.id}/runs`)).body.runs[0]?.id as string | undefined);
      const sandbox = (await call("POST", "/v2/sandboxes")).body.sandbox_id;
      await call("PUT", `/v2/teams/${emulator.teamId}/files/content/reports/summary.md`, { content: "# Summary" });
      const skillFile = new FormData();
      skillFile.append("file", new Blob(["---\nname: walker\ndescription: Walks\n---\n"], { type: "text/markdown" }), "SKILL.md");
      const skill = (await call("POST", `/v2/teams/${emulator.teamId}/skills/upload`, skillFile)).body.skill.id;
      const ids: Record<string, string> = {
        teamId: emulator.teamId,
        agent_id: AGENT_IDS.complete,
        agentId: AGENT_IDS.complete,
        run_id: done,
        runId: done,
        request_id: request,
        "*": "reports/summary.md",
        orgId: DEMO_ORG_ID,
        userId: DEMO_USER_ID,
        queue_id: queue,
        case_id: item.id,
        label_id: item.labels[0].id,
        sandbox_id: sandbox,
        build_id: build,
        integration_id: consumer,
        trigger_id: trigger,
        skill_id: skill,
      };
      const bodies: Record<string, unknown> = {
        uploadSkill: skillFile, // the document describes no body: a multipart file
        startRun: { agent_id: AGENT_IDS.complete, message: "again" },
        respondToHumanRequest: { approved: true },
        updateSecret: { name: "Warehouse (renamed)", add_values: { EXTRA: "1" } },
        inviteOrgMember: { email: "ana@example.com", role: "organization:member", teamId: emulator.teamId },
        createAgentCaseTrigger: { case_queue_id: queue, enabled: false },
        updateAgentCaseTrigger: { enabled: true },
        attachRevisionIntegrations: { integration_ids: [consumer] },
        replaceRevisionIntegrationQueues: { queue_ids: [queue] },
        renameFile: { relativePath: "reports/summary.md", newFilenameOnly: "summary.md" },
        createCustomIntegration: { name: "Wiki", auth_method: "apikey", server_url: "https://mcp.wiki.example.com" },
        createConnection: { name: "Wiki", provider: "user", auth_method: "headers", server_url: "https://mcp.wiki.example.com" },
        probeMcpServer: { server_url: "https://mcp.example.com" },
        startNativeOAuth: {},
        authorizeMcpOAuth: { mcp_server_url: "https://mcp.example.com", name: "Example MCP" },
        bulkDeleteCases: { case_ids: ["00000000-0000-4000-8000-00000000dead"] },
        bulkReprocessCases: { case_ids: [item.id] },
        bulkUpdateCaseStatus: { case_ids: [item.id], status: "completed" },
        bulkUpdateCasePriority: { case_ids: [item.id], priority: "high" },
        createCases: { cases: [{ title: "Two" }] },
        searchCases: { limit: 10 },
        updateQueueLabel: { key: "k", value: "renamed" },
      };
      const overrides: Record<string, Record<string, string>> = {
        respondToHumanRequest: { run_id: waiting },
        stopRun: { run_id: waiting },
        // Secrets and browser logins share the parameter name `id`; the deletes come last of each.
        getSecret: { id: DEMO_SECRET_ID },
        updateSecret: { id: DEMO_SECRET_ID },
        deleteSecret: { id: DEMO_SECRET_ID },
        getCredential: { id: DEMO_LOGIN_ID },
        updateCredential: { id: DEMO_LOGIN_ID },
        deleteCredential: { id: DEMO_LOGIN_ID },
        listCaseRunRecentMessages: { run_id: caseRun },
        createAgentCaseTrigger: { agent_id: AGENT_IDS.approval },
        startNativeOAuth: { provider: "gmail" },
      };
      // One resource of each family of the store (parents first), named in the path of every operation that names it.
      const families = [...STORE_FAMILIES].sort((a, b) => a.item.length - b.item.length);
      for (const family of families) {
        if (ids[family.idParam] !== undefined) continue; // made above (the queue with a case, its label)
        const { ids: familyIds } = await anyOf(emulator, family);
        for (const operation of OPERATIONS) {
          if (familiesNamedBy(operation.path).some((named) => named.family === family)) overrides[operation.id] = { ...overrides[operation.id], ...familyIds };
        }
      }
      // A version of the dashboard the operations on dashboards name.
      ids.revisionId = (await call("GET", `/v2/artifacts/${overrides.getPulseDashboardVersionHtml!.artifactId}/revisions`)).body.revisions[0].id;
      bodies.uploadSandboxFile = new FormData();
      (bodies.uploadSandboxFile as FormData).set("file", new File(["hello"], "hello.txt"));
      bodies.attachPulseDashboardConnection = { connection_id: "00000000-0000-4000-8000-00000000c0de" }; // not the one already attached
      // Skills are kept with their files by the skills module (not the store): one to name, valid SKILL.md bodies.
      const skillMd = (name: string) => `---\nname: ${name}\ndescription: Checked against the document\n---\n`;
      const skillId = (await call("POST", `/v2/teams/${emulator.teamId}/skills`, { name: "doc-check", description: "Checked", content: "Body" })).body.skill.id;
      for (const id of ["downloadSkill", "listSkillFiles", "getSkillFileContent", "updateSkillFile", "listSkillAssignments", "deleteSkill"])
        overrides[id] = { skill_id: skillId, "*": "SKILL.md" };
      bodies.createSkill = { name: "doc-check-created", description: "Checked", content: "Body" };
      bodies.updateSkillFile = { content: skillMd("doc-check") };
      const agentsAsCode = await agentsAsCodeFixtures(call, emulator.teamId, AGENT_IDS.complete);
      Object.assign(ids, agentsAsCode.ids);
      Object.assign(overrides, agentsAsCode.overrides);
      Object.assign(bodies, agentsAsCode.bodies);
      const pulseClarity = await pulseClarityFixtures(call);
      Object.assign(ids, pulseClarity.ids);
      Object.assign(overrides, pulseClarity.overrides);
      Object.assign(bodies, pulseClarity.bodies);
      // Deleting (and replacing) goes after everything that reads what it removes.
      const last = [
        ...[
          "replaceEvalRubrics",
          "deleteSkill",
          "deleteCase",
          "deleteQueueLabel",
          "clearQueueCases",
          "deleteQueue",
          "deleteAgentCaseTrigger",
          "removeRevisionIntegration",
          "deleteFile",
        ],
        ...[...families].reverse().flatMap((family) => (family.remove ? [family.remove.id] : [])),
      ];

      resetSamples();
      const failures: string[] = [];
      let checked = 0;
      // Stopping and answering change the waiting run: those go last.
      const rank = (id: string) => (last.includes(id) ? 10 + last.indexOf(id) : Number(id in overrides && !last.includes(id) && ["respondToHumanRequest", "stopRun"].includes(id)));
      const ordered = [...OPERATIONS].sort((a, b) => rank(a.id) - rank(b.id));
      for (const operation of ordered) {
        const spec = operations.get(operation.id);
        const params: Record<string, string> = {};
        for (const parameter of spec.parameters ?? []) {
          if (parameter.in !== "path") continue;
          params[parameter.name] = overrides[operation.id]?.[parameter.name] ?? ids[parameter.name] ?? String(sampleOf(parameter.schema, { resolve }, parameter.name));
        }
        const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === "*" ? params[name]! : encodeURIComponent(params[name]!)));
        const query = new URLSearchParams();
        for (const parameter of spec.parameters ?? []) {
          if (parameter.in === "query" && parameter.required) query.set(parameter.name, String(sampleOf(parameter.schema, { resolve }, parameter.name)));
        }
        const bodySchema = spec.requestBody?.content?.["application/json"]?.schema;
        const body = bodies[operation.id] ?? (bodySchema ? sampleOf(bodySchema, { resolve }) : undefined);
        const invalidRequest = body instanceof FormData ? undefined : requestProblem(operation.id, body);
        if (invalidRequest) {
          failures.push(`${operation.id}: the test's own request is invalid: ${invalidRequest}`);
          continue;
        }
        const answer = await call(operation.method, `${path}${query.size ? `?${query}` : ""}`, body);
        checked++;
        if (answer.status === 308 && answer.location?.endsWith("/cases/bulk-reprocess")) {
          // A deprecated operation that the document says redirects: no body to check.
          if (answer.body !== undefined) failures.push(`${operation.id}: a 308 with a body`);
          continue;
        }
        if (answer.status >= 300) {
          failures.push(`${operation.id}: ${operation.method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
          continue;
        }
        const problem = responseProblem(operation.id, answer.status, answer.body);
        if (problem) failures.push(problem);
      }
      expect(failures).toEqual([]);
      expect(checked).toBe(213);
    },
    SLOW_TEST_MS,
  );

  test("an operation's request is checked against the document before the store or the example answers", async () => {
    const created = await call("POST", `/v2/teams/${emulator.teamId}/queues`, { name: "Invoices", unknown: 1 });
    expect(created.status).toBe(400);
    expect(created.body).toEqual({ error: "Bad Request", message: "body.unknown: unknown field (not in the API's schema)" });
    expect((await call("GET", `/v2/queues/not-a-uuid`)).body).toEqual({ error: "Bad Request", message: "queue_id must be a UUID" });
    expect((await call("POST", "/v2/artifacts", { message: "" })).status).toBe(400);
    // A dashboard that was never created is unknown, to its reads and to its actions alike.
    const unknown = "00000000-0000-4000-8000-000000000001";
    expect((await call("GET", `/v2/artifacts/${unknown}`)).status).toBe(404);
    expect((await call("POST", `/v2/artifacts/${unknown}/refresh`)).status).toBe(404);
    const artifact = (await call("POST", "/v2/artifacts", { message: "Weekly revenue" })).body.artifact_id;
    const got = await call("GET", `/v2/artifacts/${artifact}`);
    expect(got.status).toBe(200);
    expect(got.body.artifact).toMatchObject({ id: artifact, title: "Weekly revenue", team_id: emulator.teamId });
    expect(responseProblem("getPulseDashboard", 200, got.body)).toBeUndefined();
    // An action on it answers as the document says.
    const refreshed = await call("POST", `/v2/artifacts/${artifact}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(responseProblem("refreshPulseDashboard", 200, refreshed.body)).toBeUndefined();
    // The MCP endpoint refuses a request that is no JSON-RPC message in a JSON-RPC error, as the document's 200.
    const mcp = await call("POST", "/v2/mcp", { hello: "world" });
    expect(mcp.status).toBe(200);
    expect(mcp.body).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "Send a JSON-RPC 2.0 request: {jsonrpc, id, method, params}" } });
    expect(responseProblem("postMcp", 200, mcp.body)).toBeUndefined();
  });

  test("errors take the shape the operation documents (some allow only `error`)", async () => {
    const pulse = OPERATIONS.find((o) => o.id === "getPulseDashboard")!;
    const answer = await fetch(`${emulator.url}${pulse.path.replace(/\{[^}]+\}/, "00000000-0000-4000-8000-000000000001")}`, { headers: { authorization: "Bearer dv_wrong" } });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: "Invalid API key" });
  });
});
