/**
 * Commands declared as one operation of the API (src/cli/operation-command.ts), through the
 * queues group: tables and key/value blocks, --json as the API answered (valid against the
 * document), bodies checked before sending, the confirmation rule, --all, hidden secrets.
 */
import { describe, expect, test } from "bun:test";
import { hideSecrets } from "../src/cli/hide-secrets.ts";
import { expectSent, scriptedPrompter, useEmulator } from "./helpers.ts";
import { responseProblem } from "./openapi-validator.ts";

describe("one operation, declared", () => {
  // Each test makes the queues it uses; only the --all test counts queues, on an emulator of its own.
  const { emulator, duvo } = useEmulator();
  const lastRequest = () => emulator.requests.at(-1)!;
  const newQueue = async (name = "Declared", description = "example description") =>
    JSON.parse((await duvo(["queues", "create", "--name", name, "--description", description, "--json"])).stdout).queue;

  test("a list is a table; --json is the API's answer, valid against the document", async () => {
    const created = await newQueue();
    const QUEUE = created.id;
    const table = await duvo(["queues", "list", "--limit", "100"]);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe("");
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header!.split(/\s{2,}/)).toEqual(["ID", "NAME", "DESCRIPTION", "CREATED"]);
    expect(rows.map((row) => row.split(/\s{2,}/))).toContainEqual([QUEUE, "Declared", "example description", created.created_at]);
    expectSent(lastRequest(), { method: "GET", path: `/v2/teams/${emulator.teamId}/queues` });
    expect(lastRequest().query).toEqual({ limit: "100" });
    const json = await duvo(["queues", "list", "--limit", "5", "--offset", "0", "--json"]);
    expect(lastRequest().query).toEqual({ limit: "5", offset: "0" });
    expect(responseProblem("listQueues", 200, JSON.parse(json.stdout))).toBeUndefined();
  });

  test("one object is a key/value block, the path's id escaped into the request", async () => {
    const QUEUE = (await newQueue()).id;
    const result = await duvo(["queues", "get", QUEUE.toUpperCase()]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`ID           ${QUEUE}`);
    expectSent(lastRequest(), { method: "GET", path: `/v2/queues/${QUEUE}` });
    expect(await duvo(["queues", "get", "nope"])).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: invalid queue id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n',
    });
  });

  test("the body is built from the flags and checked against the document before sending", async () => {
    const QUEUE = (await newQueue()).id;
    emulator.clearRequests();
    expect((await duvo(["queues", "create", "--name", "Invoices", "--description", "PDFs"])).code).toBe(0);
    expectSent(lastRequest(), { method: "POST", path: `/v2/teams/${emulator.teamId}/queues`, body: { name: "Invoices", description: "PDFs" } });
    emulator.clearRequests();
    const tooLong = await duvo(["queues", "create", "--name", "x".repeat(101)]);
    expect(tooLong).toEqual({ code: 4, stdout: "", stderr: "error: invalid request body.name: Invalid length: Expected <=100 but received 101\n" });
    const clear = await duvo(["queues", "update", QUEUE, "--clear-description"]);
    expect(clear.code).toBe(0);
    expectSent(lastRequest(), { method: "PATCH", path: `/v2/queues/${QUEUE}`, body: { description: null } });
    expect((await duvo(["queues", "update", QUEUE])).stderr).toBe("error: nothing to change: give --name, --description, --folder-id or a --clear- flag\n");
    expect(emulator.requests.map((r) => r.method)).toEqual(["PATCH"]); // the long name and the empty update sent nothing
  });

  test("destructive: refused without a terminal unless -y; on a terminal it asks, No sends nothing", async () => {
    const QUEUE = (await newQueue()).id;
    const other = (await newQueue("Doomed")).id;
    emulator.clearRequests();
    expect(await duvo(["queues", "delete", QUEUE])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: delete changes data and there is no terminal to ask on: add -y to confirm\n",
    });
    const declined = scriptedPrompter({ confirm: [false] });
    expect((await duvo(["queues", "delete", QUEUE], { tty: true, prompter: declined.prompter })).code).toBe(4);
    expect(declined.asked).toEqual([`confirm: Delete queue ${QUEUE} and all its cases?`]);
    expect(emulator.requests).toHaveLength(0);
    const accepted = scriptedPrompter({ confirm: [true] });
    expect((await duvo(["queues", "delete", QUEUE], { tty: true, prompter: accepted.prompter })).code).toBe(0);
    const yes = await duvo(["queues", "delete", other, "-y", "--json"]);
    expect(JSON.parse(yes.stdout)).toEqual({ success: true, deleted_case_count: 0, interrupted_run_ids: [] });
    expect(emulator.requests.map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
    expectSent(lastRequest(), { method: "DELETE", path: `/v2/queues/${other}` });
  });

  test("secret values an answer echoes are hidden at any depth, whole objects key by key", () => {
    expect(hideSecrets({ secret: { name: "n", values: { A: "1", B: "2" } }, list: [{ password: "p", user: "u" }] }, ["values", "password"])).toEqual({
      secret: { name: "n", values: { A: "***", B: "***" } },
      list: [{ password: "***", user: "u" }],
    });
    expect(hideSecrets({ password: null }, ["password"])).toEqual({ password: null });
  });
});

describe("--all", () => {
  const { duvo } = useEmulator(); // its own emulator: the count is of the queues this test makes

  test("--all reads every page into one document; --all with --limit is a usage error", async () => {
    for (const name of ["First", "Second"]) expect((await duvo(["queues", "create", "--name", name])).code).toBe(0);
    const all = JSON.parse((await duvo(["queues", "list", "--all", "--json"])).stdout);
    const pages = JSON.parse((await duvo(["queues", "list", "--json"])).stdout);
    expect(all).toEqual({ queues: pages.queues, total: 2, limit: 2, offset: 0 });
    expect(all.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(["First", "Second"]);
    expect((await duvo(["queues", "list", "--all", "--limit", "3"])).stderr).toBe("error: --all and --limit cannot be used together\n");
  });
});
