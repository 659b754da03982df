/**
 * Files into runs, sandboxes, team files, queues, labels and cases against the stateful
 * emulator: every command's happy path, --json valid against the document, one bad input,
 * the confirmation rule on the destructive ones.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_IDS } from "../src/emulator/index.ts";
import { expectSent, scriptedPrompter, SLOW_TEST_MS, tempDir, useEmulator, UUID_PATTERN } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";

const { emulator, duvo } = useEmulator();
const json = (result: { stdout: string }) => JSON.parse(result.stdout);
const dir = tempDir("duvo-platform-");
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const last = () => emulator.requests.at(-1);

describe("sandboxes and files into a run", () => {
  test(
    "a 12 MB file reaches the sandbox byte for byte; the key never goes to the storage host",
    async () => {
      const bytes = new Uint8Array(12 * 2 ** 20);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 11)) & 0xff;
      const big = file("big.bin", bytes);
      const created = await duvo(["sandboxes", "create", "--json"]);
      expect(responseProblem("createSandbox", 201, json(created))).toBeUndefined();
      const sandbox = json(created).sandbox_id;
      expectSent(last(), { method: "POST", path: "/v2/sandboxes" });
      emulator.clearRequests();
      const upload = await duvo(["sandboxes", "upload", sandbox, big, "--path", "/workspace/in/big.bin", "--json"]);
      expect(upload.code).toBe(0);
      expect(responseProblem("createSandboxUploadUrl", 200, json(upload))).toBeUndefined();
      expect(emulator.requests.map((request) => request.operationId ?? request.method)).toEqual(["createSandboxUploadUrl", "PUT"]);
      expectSent(emulator.requests[0], { method: "POST", path: `/v2/sandboxes/${sandbox}/upload-urls`, body: { path: "/workspace/in/big.bin" } });
      const stored = emulator.sandboxFile(sandbox, "/workspace/in/big.bin")!;
      expect(stored.byteLength).toBe(bytes.byteLength);
      expect(Buffer.from(stored).equals(Buffer.from(bytes))).toBe(true);
      const put = emulator.requests.find((request) => request.method === "PUT")!;
      expect(put.path.startsWith("/storage/")).toBe(true);
      expect(put.headers.authorization).toBeUndefined();
      expect(put.headers["content-type"]).toBe("application/octet-stream");
      const listing = await duvo(["sandboxes", "files", sandbox, "--path", "/workspace/in"]);
      expect(listing.stdout.split("\n")[1]!.split(/\s{2,}/)).toEqual(["/workspace/in/big.bin", "file", String(bytes.byteLength)]);
      expectSent(last(), { method: "GET", path: `/v2/sandboxes/${sandbox}/files` });
      expect(last()!.query).toEqual({ path: "/workspace/in" });
      const url = await duvo(["sandboxes", "prepare-upload-url", sandbox, "--path", "/workspace/x.txt", "--json"]);
      expect(responseProblem("createSandboxUploadUrl", 200, json(url))).toBeUndefined();
      expectSent(last(), { method: "POST", path: `/v2/sandboxes/${sandbox}/upload-urls`, body: { path: "/workspace/x.txt" } });
      expect((await duvo(["sandboxes", "upload", sandbox, join(dir, "missing.bin")])).stderr).toBe(`error: <file>: cannot read "${join(dir, "missing.bin")}": no such file\n`);
    },
    SLOW_TEST_MS,
  );

  test("runs start --file: a sandbox is made, every file uploaded, then the run starts in it", async () => {
    const a = file("invoice.txt", "invoice 4711");
    const b = file("march.csv", "a,b\n1,2\n");
    emulator.clearRequests();
    const started = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--file", a, "--file", `${b}:/workspace/input/march.csv`, "--json"]);
    expect(started.code).toBe(0);
    const run = json(started).run;
    expect(run.sandbox_id).toMatch(UUID_PATTERN);
    expect(new TextDecoder().decode(emulator.sandboxFile(run.sandbox_id, "/workspace/invoice.txt"))).toBe("invoice 4711");
    expect(new TextDecoder().decode(emulator.sandboxFile(run.sandbox_id, "/workspace/input/march.csv"))).toBe("a,b\n1,2\n");
    const order = emulator.requests.map((request) => request.operationId ?? request.method);
    expect(order.indexOf("startRun")).toBe(order.length - 1);
    expect(order.filter((step) => step === "PUT")).toHaveLength(2);
    emulator.clearRequests();
    const missing = await duvo(["runs", "start", "--agent", AGENT_IDS.complete, "--file", a, "--file", join(dir, "nope.pdf")]);
    expect(missing).toEqual({ code: 4, stdout: "", stderr: `error: --file: cannot read "${join(dir, "nope.pdf")}": no such file\n` });
    expect(emulator.requests).toHaveLength(0);
  });

  test("team files: content-set, list, content, rename, download-url, delete with its confirmation", async () => {
    expect((await duvo(["files", "content-set", "notes/todo.md", "--content", "- reconcile March"])).stderr).toBe("✓ Wrote notes/todo.md.\n");
    expectSent(last(), { method: "PUT", path: `/v2/teams/${emulator.teamId}/files/content/notes/todo.md`, body: { content: "- reconcile March" } });
    const listed = await duvo(["files", "list", "--json"]);
    expectSent(last(), { method: "GET", path: `/v2/teams/${emulator.teamId}/files` });
    expect(responseProblem("listFiles", 200, json(listed))).toBeUndefined();
    expect(json(listed).files.map((item: { path: string }) => item.path)).toContain("notes/todo.md");
    expect(await duvo(["files", "content", "notes/todo.md"])).toEqual({ code: 0, stdout: "- reconcile March\n", stderr: "" });
    expectSent(last(), { method: "GET", path: `/v2/teams/${emulator.teamId}/files/content/notes/todo.md` });
    expect((await duvo(["files", "rename", "--path", "notes/todo.md", "--new-name", "done.md"])).code).toBe(0);
    // --new-path, as the official documentation writes it, in the same folder: the name is what is sent.
    expect((await duvo(["files", "rename", "--path", "notes/done.md", "--new-path", "notes/todo.md"])).code).toBe(0);
    expectSent(last(), { method: "PATCH", path: `/v2/teams/${emulator.teamId}/files`, body: { relativePath: "notes/done.md", newFilenameOnly: "todo.md" } });
    expect((await duvo(["files", "rename", "--path", "notes/todo.md", "--new-name", "done.md"])).code).toBe(0);
    const download = await duvo(["files", "download-url", "notes/done.md", "--json"]);
    expect(responseProblem("getFileDownloadUrl", 200, json(download))).toBeUndefined();
    expectSent(last(), { method: "GET", path: `/v2/teams/${emulator.teamId}/files/download-url/notes/done.md` });
    expect(await (await fetch(json(download).url)).text()).toBe("- reconcile March");
    const upload = await duvo(["files", "upload-url", "--file-name", "logo.png", "--content-type", "image/png", "--json"]);
    expect(responseProblem("createFileUploadUrl", 200, json(upload))).toBeUndefined();
    expectSent(last(), { method: "POST", path: `/v2/teams/${emulator.teamId}/files/create-upload-url`, body: { fileName: "logo.png", contentType: "image/png" } });
    await fetch(json(upload).signedUrl, { method: "PUT", body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0]), headers: { "content-type": "image/png" } });
    expect((await duvo(["files", "content", "logo.png"])).stderr).toBe("error: logo.png is a binary file (image/png); download it with: duvo files download-url logo.png\n");
    expect(await duvo(["files", "content-set", "x.md"])).toEqual({ code: 4, stdout: "", stderr: "error: give the content with --content or --content-file\n" });
    expect(await duvo(["files", "delete", "notes/done.md"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: delete changes data and there is no terminal to ask on: add -y to confirm\n",
    });
    const declined = scriptedPrompter({ confirm: [false] });
    expect((await duvo(["files", "delete", "notes/done.md"], { tty: true, prompter: declined.prompter })).code).toBe(4);
    expect((await duvo(["files", "delete", "notes/done.md", "-y", "--json"])).stdout).toBe('{"success":true}\n');
    expectSent(last(), { method: "DELETE", path: `/v2/teams/${emulator.teamId}/files/notes/done.md` });
    expect(await duvo(["files", "content", "notes/done.md"])).toEqual({
      code: 3,
      stdout: "",
      stderr: "error: GET /teams/5e1f0c2a-7d3b-4c9e-8a10-000000000001/files/content/notes/done.md failed with 404: Not Found: File notes/done.md not found\n",
    });
  });
});

describe("bad input: one clear line, exit 4, nothing sent", () => {
  test.each([
    [["sandboxes", "create", "extra"], 'unexpected argument "extra" for "duvo sandboxes create"'],
    [["sandboxes", "prepare-upload-url", "5e1f0c2a-7d3b-4c9e-8a30-000000000001"], 'missing required flag --path for "duvo sandboxes prepare-upload-url"'],
    [["files", "list", "extra"], 'unexpected argument "extra" for "duvo files list"'],
    [["files", "upload-url", "--file-name", "a.png"], 'missing required flag --content-type for "duvo files upload-url"'],
    [["files", "download-url"], 'missing argument <path> for "duvo files download-url"'],
    [["files", "rename", "--path", "a.md"], "give the new name with --new-name (or --new-path)"],
    [["files", "rename", "--path", "a.md", "--new-path", "policies/a.md"], "the API renames a file in its folder only: policies/a.md is not in the folder of a.md"],
    [["files", "rename", "--path", "a.md", "--new-name", "b", "--new-path", "b.md"], "--new-name and --new-path cannot be used together"],
    [["queues", "agents", "nope"], 'invalid queue id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
    [["cases", "get", "nope"], 'invalid case id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90'],
  ])("%p", async (argv, message) => {
    emulator.clearRequests();
    expect(await duvo(argv)).toEqual({ code: 4, stdout: "", stderr: `error: ${message}\n` });
    expect(emulator.requests).toHaveLength(0);
  });

  test("a sandbox the API does not know is exit 3 (sandbox ids are not UUIDs: the server decides)", async () => {
    expect(await duvo(["sandboxes", "files", "no-such-sandbox"])).toEqual({
      code: 3,
      stdout: "",
      stderr: "error: GET /sandboxes/no-such-sandbox/files failed with 404: Not Found: Sandbox no-such-sandbox not found\n",
    });
  });
});

describe("queues, labels and cases", () => {
  // Each test makes its own queue (and case), so any one runs alone or in any order.
  const newQueue = async () => json(await duvo(["queues", "create", "--name", "Invoices", "--json"])).queue.id as string;

  test("queue labels: create, list, update (the value kept), delete", async () => {
    const queue = await newQueue();
    const created = await duvo(["queue-labels", "create", "--queue", queue, "--key", "region", "--value", "EU", "--color-hue", "210", "--json"]);
    expect(responseProblem("createQueueLabel", 200, json(created))).toBeUndefined();
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/labels`, body: { key: "region", value: "EU", color_hue: 210 } });
    const label = json(created).label.id;
    const listed = await duvo(["queue-labels", "list", "--queue", queue, "--json"]);
    expect(responseProblem("listQueueLabels", 200, json(listed))).toBeUndefined();
    expectSent(last(), { method: "GET", path: `/v2/queues/${queue}/labels` });
    const updated = await duvo(["queue-labels", "update", label, "--queue", queue, "--color-hue", "30", "--json"]);
    expect(json(updated).label).toEqual({ id: label, key: "region", value: "EU", color_hue: 30 });
    expectSent(last(), { method: "PATCH", path: `/v2/queues/${queue}/labels/${label}`, body: { value: "EU", color_hue: 30 } }); // the value read back and sent; no key, so it is kept
    expect((await duvo(["queue-labels", "create", "--queue", queue, "--value", "x", "--color-hue", "400"])).stderr).toBe(
      'error: invalid value "400" for --color-hue: expected a whole number 0-360\n',
    );
    expect((await duvo(["queue-labels", "delete", label, "--queue", queue])).code).toBe(4);
    expect((await duvo(["queue-labels", "delete", label, "--queue", queue, "-y"])).code).toBe(0);
    expectSent(last(), { method: "DELETE", path: `/v2/queues/${queue}/labels/${label}` });
    expect(json(await duvo(["queue-labels", "list", "--queue", queue, "--json"])).labels).toEqual([]);
  });

  test("one case: create, get, list, labels assign/list/unlink", async () => {
    const queue = await newQueue();
    const created = await duvo(["cases", "create", "--queue", queue, "--title", "Invoice 4711", "--data", "Acme", "--priority", "high", "--label", "region=EU", "--json"]);
    expect(responseProblem("createCases", 201, json(created))).toBeUndefined();
    expectSent(last(), {
      method: "POST",
      path: `/v2/queues/${queue}/cases`,
      body: { case: { title: "Invoice 4711", data: "Acme", priority: "high", labels: [{ key: "region", value: "EU" }] } },
    });
    const caseId = json(created).added_cases[0].id;
    const got = await duvo(["cases", "get", caseId, "--json"]);
    expect(responseProblem("getCase", 200, json(got))).toBeUndefined();
    expectSent(last(), { method: "GET", path: `/v2/cases/${caseId}` });
    expect((await duvo(["cases", "get", caseId])).stdout).toContain("Labels          region=EU\n");
    const listed = await duvo(["cases", "list", "--queue", queue, "--status", "pending", "--all", "--json"]);
    expect(responseProblem("listCases", 200, json(listed))).toBeUndefined();
    expect(json(listed).cases.map((item: { id: string }) => item.id)).toEqual([caseId]);
    expectSent(last(), { method: "GET", path: `/v2/queues/${queue}/cases` });
    expect(last()!.query).toEqual({ status: "pending", limit: "100", offset: "0" });
    const assigned = await duvo(["cases", "labels", "assign", caseId, "--queue", queue, "--label", "urgent", "--json"]);
    expect(responseProblem("assignCaseLabels", 200, json(assigned))).toBeUndefined();
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/cases/${caseId}/labels`, body: { labels: [{ value: "urgent" }] } });
    const labels = json(await duvo(["cases", "labels", "list", caseId, "--queue", queue, "--json"])).labels;
    expect(labels.map((label: { value: string }) => label.value)).toEqual(["EU", "urgent"]);
    expectSent(last(), { method: "GET", path: `/v2/queues/${queue}/cases/${caseId}/labels` });
    expect((await duvo(["cases", "labels", "unlink", caseId, "--queue", queue, "--label", "region=EU"])).code).toBe(0);
    const eu = labels.find((label: { value: string }) => label.value === "EU").id;
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/cases/${caseId}/labels/unlink`, body: { label_ids: [eu] } });
    expect(json(await duvo(["cases", "labels", "list", caseId, "--queue", queue, "--json"])).labels.map((label: { value: string }) => label.value)).toEqual(["urgent"]);
    expect((await duvo(["cases", "labels", "unlink", caseId, "--queue", queue, "--label", "nope"])).stderr).toBe("error: the case has no label nope\n");
    expect((await duvo(["cases", "create", "--queue", queue])).stderr).toBe("error: give --title (or --from-file)\n");
    expect(await duvo(["cases", "list", "--queue", "nope"])).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: invalid --queue "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n',
    });
  });

  test("bulk changes and deletes ask first; -y goes ahead", async () => {
    const queue = await newQueue();
    const caseId = json(await duvo(["cases", "create", "--queue", queue, "--title", "Invoice 4711", "--priority", "high", "--json"])).added_cases[0].id;
    expect((await duvo(["cases", "bulk-update-priority", "--queue", queue, "--ids", caseId, "--priority", "none"])).code).toBe(4);
    const priority = await duvo(["cases", "bulk-update-priority", "--queue", queue, "--ids", caseId, "--priority", "none", "-y", "--json"]);
    expect(json(priority)).toEqual({ updatedCount: 1, skippedCount: 0 });
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/cases/bulk-update-priority`, body: { case_ids: [caseId], priority: "none" } });
    const status = await duvo(["cases", "bulk-update-status", "--queue", queue, "--ids", caseId, "--status", "completed", "-y", "--json"]);
    expect(responseProblem("bulkUpdateCaseStatus", 200, json(status))).toBeUndefined();
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/cases/bulk-update-status`, body: { case_ids: [caseId], status: "completed" } });
    const reprocess = await duvo(["cases", "bulk-reprocess", "--queue", queue, "--agent", AGENT_IDS.complete, "--ids", caseId, "-y", "--json"]);
    expect(json(reprocess)).toEqual({ reprocessedCount: 1, skippedCount: 0 });
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/cases/bulk-reprocess`, body: { case_ids: [caseId], agent_id: AGENT_IDS.complete } });
    expect((await duvo(["cases", "bulk-delete", "--queue", queue, "--ids", "a,b", "-y"])).code).toBe(4);
    const bulkDelete = await duvo(["cases", "bulk-delete", "--queue", queue, "--ids", caseId, "-y", "--json"]);
    expect(json(bulkDelete)).toEqual({ deletedCount: 1, interruptedRunIds: [] });
    expectSent(last(), { method: "POST", path: `/v2/queues/${queue}/cases/bulk-delete`, body: { case_ids: [caseId] } });
    const another = json(await duvo(["cases", "create", "--queue", queue, "--title", "B", "--json"])).added_cases[0].id;
    expect((await duvo(["cases", "delete", another])).code).toBe(4);
    expect(json(await duvo(["cases", "delete", another, "-y", "--json"]))).toEqual({ success: true, interruptedRunIds: [] });
    expectSent(last(), { method: "DELETE", path: `/v2/cases/${another}` });
    await duvo(["cases", "create", "--queue", queue, "--title", "C"]);
    expect((await duvo(["cases", "clear", "--queue", queue])).code).toBe(4);
    expect(json(await duvo(["cases", "clear", "--queue", queue, "-y", "--json"]))).toEqual({ success: true, deletedCount: 1, interruptedRunIds: [] });
    expectSent(last(), { method: "DELETE", path: `/v2/queues/${queue}/cases` });
  });

  test(
    "link-agent makes a consumer that works the queue; cases wait counts; runs and recent messages; unlink-agent undoes it",
    async () => {
      const agent = AGENT_IDS.complete;
      const queue = await newQueue();
      expect((await duvo(["queues", "link-agent", queue, "--agent", agent, "--role", "consumer", "--concurrency", "0"])).stderr).toBe(
        'error: invalid value "0" for --concurrency: expected a whole number ≥ 1\n',
      );
      emulator.clearRequests();
      const linked = await duvo(["queues", "link-agent", queue, "--agent", agent, "--role", "consumer", "--enable-trigger", "--concurrency", "1", "--json"]);
      expect(linked.code).toBe(0);
      expect(json(linked)).toMatchObject({ agent_id: agent, role: "consumer", queues: [{ id: queue, name: "Invoices" }], case_trigger: { enabled: true, concurrency: 1 } });
      // The writes: the consumer integration attached to the live revision, the queue set on it, the case trigger made.
      const slot = `/v2/agents/${agent}/revisions/${json(linked).revision_id}/integrations`;
      const writes = emulator.requests.filter((request) => request.method !== "GET");
      expect(writes.map((request) => request.operationId)).toEqual(["attachRevisionIntegrations", "replaceRevisionIntegrationQueues", "createAgentCaseTrigger"]);
      expectSent(writes[0], { method: "POST", path: slot, body: { integration_ids: [json(linked).integration_id] } });
      expectSent(writes[1], { method: "PUT", path: `${slot}/${json(linked).integration_id}/queues`, body: { queue_ids: [queue] } });
      expectSent(writes[2], { method: "POST", path: `/v2/agents/${agent}/case-triggers`, body: { case_queue_id: queue, enabled: true, concurrency: 1 } });
      const agents = await duvo(["queues", "agents", queue, "--json"]);
      expect(responseProblem("listQueueAgents", 200, json(agents))).toBeUndefined();
      expectSent(last(), { method: "GET", path: `/v2/queues/${queue}/agents` });
      expect(json(agents).consumers.map((item: { agent_id: string }) => item.agent_id)).toEqual([agent]);

      const since = new Date().toISOString();
      for (const title of ["ok one", "ok two", "this will fail", "needs input"]) await duvo(["cases", "create", "--queue", queue, "--title", title]);
      const before = emulator.requests.length;
      const waited = await duvo(["cases", "wait", "--queue", queue, "--since", since, "--exit-status", "--json"]);
      expect(waited.code).toBe(6);
      const firstPoll = emulator.requests[before];
      expectSent(firstPoll, { method: "GET", path: `/v2/queues/${queue}/cases` });
      expect(firstPoll!.query).toEqual({ sort_by: "created_at", sort_order: "asc", created_at_from: since, limit: "100", offset: "0" }); // the cases made since, then polled by updated_at
      const lines = waited.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines.at(-1)).toMatchObject({ total: 4, done: true, counts: { pending: 0, in_progress: 0, needs_input: 1, completed: 2, failed: 1 } });
      const plain = await duvo(["cases", "wait", "--queue", queue, "--since", since]);
      expect(plain.code).toBe(0);
      expect(plain.stdout.trim().split("\n").at(-1)).toMatch(/ pending 0 · in progress 0 · needs input 1 · completed 2 · failed 1 \(of 4\)$/);

      const cases = json(await duvo(["cases", "list", "--queue", queue, "--all", "--sort-order", "asc", "--json"])).cases;
      const failed = cases.find((item: { title: string }) => item.title === "this will fail");
      const runs = await duvo(["cases", "runs", failed.id, "--json"]);
      expect(responseProblem("listCaseRuns", 200, json(runs))).toBeUndefined();
      expectSent(last(), { method: "GET", path: `/v2/cases/${failed.id}/runs` });
      const run = json(runs).runs[0].id;
      const messages = await duvo(["cases", "runs", "recent-messages", failed.id, run, "--json"]);
      expect(responseProblem("listCaseRunRecentMessages", 200, json(messages))).toBeUndefined();
      expectSent(last(), { method: "GET", path: `/v2/cases/${failed.id}/runs/${run}/recent-messages` });
      expect((await duvo(["cases", "runs", "recent-messages", failed.id])).stderr).toBe('error: "duvo cases runs recent-messages" takes <case-id> <run-id>\n');

      const needsInput = await duvo(["cases", "wait", "--queue", queue, "--since", since, "--exit-status"]);
      expect(needsInput.code).toBe(6); // a failure outranks a case that needs input
      await duvo(["cases", "bulk-update-status", "--queue", queue, "--ids", failed.id, "--status", "completed", "-y"]);
      expect((await duvo(["cases", "wait", "--queue", queue, "--since", since, "--exit-status"])).code).toBe(8);

      emulator.clearRequests();
      const unlinked = await duvo(["queues", "unlink-agent", queue, "--agent", agent, "--role", "consumer", "--json"]);
      expect(json(unlinked)).toMatchObject({ queues: [], deleted_case_trigger: json(linked).case_trigger.id });
      // The writes: the queue taken off the slot, the slot (now without queues) removed, the case trigger deleted.
      const undone = emulator.requests.filter((request) => request.method !== "GET");
      expect(undone.map((request) => request.operationId)).toEqual(["replaceRevisionIntegrationQueues", "removeRevisionIntegration", "deleteAgentCaseTrigger"]);
      expectSent(undone[0], { method: "PUT", path: `${slot}/${json(linked).integration_id}/queues`, body: { queue_ids: [] } });
      expectSent(undone[1], { method: "DELETE", path: `${slot}/${json(linked).integration_id}` });
      expectSent(undone[2], { method: "DELETE", path: `/v2/agents/${agent}/case-triggers/${json(linked).case_trigger.id}` });
      expect(json(await duvo(["queues", "agents", queue, "--json"])).consumers).toEqual([]);
      await duvo(["cases", "create", "--queue", queue, "--title", "nobody works me"]);
      expect((await duvo(["cases", "wait", "--queue", queue, "--timeout", "1s"])).code).toBe(7);
      expect((await duvo(["cases", "wait", "--queue", queue, "--since", "yesterday"])).code).toBe(4);
    },
    SLOW_TEST_MS,
  );
});
