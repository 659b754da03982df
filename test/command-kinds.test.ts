/**
 * The kinds of command beyond one JSON operation, each through a real official command:
 * a download (`pulse pdf`), a page printed as it is (`pulse html`), a file upload
 * (`skills upload`), background work waited for (`pulse refresh --wait`), an operation
 * chosen by a flag (`skills list --system`), commands that make no request (`guide`), and
 * a composite (`pulse get`). In-process through the real parser against the emulator, and
 * through the compiled binary.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Transport } from "../src/api/client.ts";
import { fakeClock, stubTransport } from "./fake-clock.ts";
import { body, pdfTransport } from "./pdf-fakes.ts";
import { BINARY, expectSent, spawnDuvo, tempDir, useEmulator } from "./helpers.ts";

const { emulator, env, duvo } = useEmulator();

async function createDashboard(message: string): Promise<string> {
  const created = await duvo(["pulse", "create", "--message", message, "--json", "--jq", ".artifact_id"]);
  expect(created.code).toBe(0);
  expectSent(emulator.requests.at(-1), { method: "POST", path: "/v2/artifacts", body: { message } });
  return created.stdout.trim();
}

/** What the emulator answers for a path, fetched directly: the bytes a download must hold. */
async function direct(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${emulator.apiKey}` } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const requestsSince = (start: number) =>
  emulator.requests.slice(start).map((request) => `${request.method} ${request.path}${new URLSearchParams(request.query).size ? `?${new URLSearchParams(request.query)}` : ""}`);

describe("download: duvo pulse pdf", () => {
  test("-o FILE holds exactly the API's bytes; --json says path, bytes and sha256; --theme is sent", async () => {
    const id = await createDashboard("Invoices by status");
    const folder = tempDir();
    const file = join(folder, "report.pdf");
    const start = emulator.requests.length;
    const result = await duvo(["pulse", "pdf", id, "-o", file, "--theme", "dark", "--json"]);
    expect(result.code).toBe(0);
    const expected = await direct(`/v2/artifacts/${id}/export/pdf?theme=dark`);
    expect(new Uint8Array(readFileSync(file))).toEqual(expected);
    expect(JSON.parse(result.stdout)).toEqual({ path: file, bytes: expected.byteLength, sha256: sha256(expected) });
    expect(requestsSince(start)[0]).toBe(`GET /v2/artifacts/${id}/export/pdf?theme=dark`);
    expectSent(emulator.requests[start], { method: "GET", path: `/v2/artifacts/${id}/export/pdf` });
    expect(readdirSync(folder)).toEqual(["report.pdf"]);
  });

  test("a folder as --output gets <id>.pdf inside it", async () => {
    const id = await createDashboard("Cases per queue");
    const folder = tempDir();
    const result = await duvo(["pulse", "pdf", id, "--output", folder]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toStartWith(`✓ Saved ${join(folder, `${id}.pdf`)} (`);
    expect(new Uint8Array(readFileSync(join(folder, `${id}.pdf`)))).toEqual(await direct(`/v2/artifacts/${id}/export/pdf`));
  });

  test("bad input is one line, exit 4, and nothing is sent", async () => {
    const id = await createDashboard("Anything");
    const start = emulator.requests.length;
    const cases: [string[], string][] = [
      [["pulse", "pdf", "nope"], 'error: invalid dashboard id "nope": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n'],
      [["pulse", "pdf", id, "--theme", "blue"], 'error: invalid value "blue" for --theme: expected light or dark\n'],
      [["pulse", "pdf", id, "-o", "/no/such/folder/x.pdf"], "error: cannot write /no/such/folder/x.pdf: /no/such/folder is not a folder that can be written to\n"],
      [["pulse", "pdf", id, "-o", "-", "--json"], "error: --json cannot go with -o - (stdout carries the PDF)\n"],
    ];
    for (const [argv, stderr] of cases) expect({ argv, ...(await duvo(argv)) }).toEqual({ argv, code: 4, stdout: "", stderr });
    expect(emulator.requests.length).toBe(start);
  });

  test("a body that breaks off leaves no file, not even a partial one (exit 1)", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const transport = pdfTransport(() => new Response(body(1_000_000, 300_000), { headers: { "content-type": "application/pdf" } }));
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: GET /artifacts/${id}/export/pdf: the answer broke off (ECONNRESET: socket closed)\n`);
    expect(transport.attempts()).toBe(3); // a GET is asked again, twice
    expect(readdirSync(folder)).toEqual([]);
  });

  test("a body shorter than its Content-Length is a break-off too: no file", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const transport = pdfTransport(() => new Response(body(500_000), { headers: { "content-length": "800000" } }));
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch });
    expect(result.stderr).toBe(`error: GET /artifacts/${id}/export/pdf: the answer broke off (500000 of 800000 bytes arrived)\n`);
    expect(result.code).toBe(1);
    expect(readdirSync(folder)).toEqual([]);
  });

  test("a GET that broke off is asked again from the start, and the file holds the whole body once", async () => {
    const id = await createDashboard("Anything");
    const file = join(tempDir(), "out.pdf");
    const transport = pdfTransport((attempt) => new Response(body(2_000_000, attempt === 1 ? 500_000 : undefined)));
    const result = await duvo(["pulse", "pdf", id, "-o", file], { fetch: transport.fetch });
    expect(result.code).toBe(0);
    expect(readFileSync(file).byteLength).toBe(2_000_000);
    expect(transport.attempts()).toBe(2);
  });

  test("a body that stalls ends after DUVO_HTTP_TIMEOUT without data (exit 1, no file)", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    let attempts = 0;
    const stalling: Transport = async (input, init) => {
      if (!String(input instanceof Request ? input.url : input).includes("/export/pdf")) return fetch(input, init);
      attempts++;
      // Like fetch, the body fails when the request's signal aborts.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(1000));
          init?.signal?.addEventListener("abort", () => controller.error(init.signal!.reason));
        },
      });
      return new Response(stream);
    };
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: stalling, env: { DUVO_HTTP_TIMEOUT: "0.3" } });
    expect(result).toEqual({ code: 1, stdout: "", stderr: `error: GET /artifacts/${id}/export/pdf: the answer broke off (no data for 0.3 s)\n` });
    expect(attempts).toBe(3);
    expect(readdirSync(folder)).toEqual([]);
  });

  test("-o -: once part of the body reached stdout it is not asked again (exit 1)", async () => {
    const id = await createDashboard("Anything");
    const transport = pdfTransport(() => new Response(body(1_000_000, 200_000)));
    const result = await duvo(["pulse", "pdf", id, "-o", "-"], { fetch: transport.fetch });
    expect(result.code).toBe(1);
    expect(transport.attempts()).toBe(1);
  });

  test("Ctrl-C while downloading: exit 130, and the temporary file is removed", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const slow = pdfTransport(() => {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await Bun.sleep(5);
          if (sent++ > 10_000) return controller.close();
          controller.enqueue(new Uint8Array(1024));
        },
      });
      return new Response(stream);
    });
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: slow.fetch, interruptAfterMs: 300 });
    expect(result.code).toBe(130);
    expect(readdirSync(folder)).toEqual([]);
  });

  test("a file that already exists is replaced only once the new body is whole", async () => {
    const id = await createDashboard("Anything");
    const file = join(tempDir(), "kept.pdf");
    writeFileSync(file, "the previous report");
    const transport = pdfTransport(() => new Response(body(500_000, 100_000)));
    expect((await duvo(["pulse", "pdf", id, "-o", file], { fetch: transport.fetch })).code).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("the previous report");
  });

  test("progress on a terminal for bodies over 4 MB, none below; stdout stays empty", async () => {
    const id = await createDashboard("Anything");
    const big = pdfTransport(() => new Response(body(6 * 2 ** 20), { headers: { "content-length": String(6 * 2 ** 20) } }));
    const large = await duvo(["pulse", "pdf", id, "-o", join(tempDir(), "big.pdf")], { fetch: big.fetch, tty: true });
    expect(large.code).toBe(0);
    expect(large.stdout).toBe("");
    expect(large.stderr).toContain("Downloading big.pdf [");
    expect(large.stderr).toContain("] 100% of 6.0 MB");
    const small = pdfTransport(() => new Response(body(3 * 2 ** 20), { headers: { "content-length": String(3 * 2 ** 20) } }));
    const quiet = await duvo(["pulse", "pdf", id, "-o", join(tempDir(), "small.pdf")], { fetch: small.fetch, tty: true });
    expect(quiet.stderr).not.toContain("Downloading");
    // Without a known size: megabytes so far, once past 4 MB.
    const unsized = pdfTransport(() => new Response(body(6 * 2 ** 20)));
    const counted = await duvo(["pulse", "pdf", id, "-o", join(tempDir(), "unsized.pdf")], { fetch: unsized.fetch, tty: true });
    expect(counted.stderr).not.toContain("Downloading unsized.pdf 3.9 MB");
    expect(counted.stderr).toContain("Downloading unsized.pdf 6.0 MB");
  });

  test("an unknown dashboard is exit 3 and leaves no file", async () => {
    const folder = tempDir();
    const result = await duvo(["pulse", "pdf", crypto.randomUUID(), "-o", join(folder, "x.pdf")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("failed with 404");
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe("a page printed as it is: duvo pulse html", () => {
  test("prints the API's HTML byte for byte; --version chooses the version's operation", async () => {
    const id = await createDashboard("Pay <b>run</b> & more");
    const page = await duvo(["pulse", "html", id]);
    expect(page.code).toBe(0);
    expect(page.stdout).toBe(new TextDecoder().decode(await direct(`/v2/artifacts/${id}/render`)));
    expect(page.stdout).toContain("café ☕");
    expectSent(emulator.requests.at(-1), { method: "GET", path: `/v2/artifacts/${id}/render` });
    const { revisions } = JSON.parse((await duvo(["api", "GET", `/v2/artifacts/${id}/revisions`])).stdout);
    const start = emulator.requests.length;
    const version = await duvo(["pulse", "html", id, "--version", revisions[0].id]);
    expect(version).toEqual({ code: 0, stdout: page.stdout, stderr: "" });
    expect(requestsSince(start)).toEqual([`GET /v2/artifacts/${id}/revisions/${revisions[0].id}/render`]);
    expectSent(emulator.requests[start], { method: "GET", path: `/v2/artifacts/${id}/revisions/${revisions[0].id}/render` });
    expect(emulator.requests.at(-1)!.headers.accept).toBe("text/html");
  });

  test("an unknown version is exit 3; a malformed one exit 4 with nothing sent", async () => {
    const id = await createDashboard("Anything");
    expect((await duvo(["pulse", "html", id, "--version", crypto.randomUUID()])).code).toBe(3);
    const start = emulator.requests.length;
    expect(await duvo(["pulse", "html", id, "--version", "v2"])).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: invalid --version "v2": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n',
    });
    expect(emulator.requests.length).toBe(start);
  });
});

describe("upload: duvo skills upload", () => {
  const skill = (name: string) => `---\nname: ${name}\ndescription: Reads invoices\n---\n# ${name}\nUse the ledger.\n`;

  test('sends the file as multipart part "file"; the same name again updates the same skill', async () => {
    const file = join(tempDir(), "SKILL.md");
    writeFileSync(file, skill("invoice-reader"));
    const first = await duvo(["skills", "upload", file, "--json"]);
    expect(first.code).toBe(0);
    const uploaded = JSON.parse(first.stdout).skill;
    expect(uploaded).toMatchObject({ name: "invoice-reader", description: "Reads invoices" });
    const request = emulator.requests.findLast((candidate) => candidate.path.endsWith("/skills/upload"))!;
    expect(request.headers["content-type"]).toStartWith("multipart/form-data; boundary=");
    expect(request.headers["idempotency-key"]).toBeString();
    expectSent(request, {
      method: "POST",
      path: `/v2/teams/${emulator.teamId}/skills/upload`,
      body: { file: { name: "SKILL.md", type: "text/markdown", size: skill("invoice-reader").length, text: skill("invoice-reader") } },
    });
    const again = await duvo(["skills", "upload", file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`ID           ${uploaded.id}\n`);
    expect(again.stderr).toBe('✓ Uploaded SKILL.md as skill "invoice-reader"\n');
  });

  test("a missing file is exit 4 and nothing is sent", async () => {
    const start = emulator.requests.length;
    expect(await duvo(["skills", "upload", "/no/such/SKILL.md"])).toEqual({ code: 4, stdout: "", stderr: 'error: <file>: cannot read "/no/such/SKILL.md": no such file\n' });
    expect(emulator.requests.length).toBe(start);
  });
});

describe("download: duvo skills download", () => {
  test("--output saves the skill as a ZIP whose SKILL.md is what was uploaded; a system skill is refused (exit 2)", async () => {
    const folder = tempDir();
    const content = "---\nname: zipped\ndescription: Comes back zipped\n---\n# Zipped\n";
    writeFileSync(join(folder, "SKILL.md"), content);
    const id = JSON.parse((await duvo(["skills", "upload", join(folder, "SKILL.md"), "--json"])).stdout).skill.id;
    const out = tempDir();
    const start = emulator.requests.length;
    const saved = await duvo(["skills", "download", id, "--output", out, "--json"]);
    expect(saved.code).toBe(0);
    expect(emulator.requests.length).toBe(start + 1);
    expectSent(emulator.requests[start], { method: "GET", path: `/v2/skills/${id}/download` });
    const file = join(out, `${id}.zip`);
    const archive = new Uint8Array(readFileSync(file));
    expect(archive).toEqual(await direct(`/v2/skills/${id}/download`));
    expect(JSON.parse(saved.stdout)).toEqual({ path: file, bytes: archive.byteLength, sha256: sha256(archive) });
    if (Bun.which("unzip")) expect(Bun.spawnSync(["unzip", "-p", file, "SKILL.md"]).stdout.toString()).toBe(content); // a real ZIP
    const system = await duvo(["skills", "download", "0b7c3f2e-1a4d-4e5f-9a6b-000000000001", "--output", out]);
    expect(system.code).toBe(2);
    expect(system.stderr).toContain("Only custom (team-owned) skills can be downloaded");
    expect(readdirSync(out)).toEqual([`${id}.zip`]);
  });
});

describe("background work: duvo pulse refresh --wait", () => {
  test("with --wait, read every 2 s until done; without, the refresh's answer at once", async () => {
    const id = await createDashboard("Invoices");
    const clock = fakeClock();
    const start = emulator.requests.length;
    const waited = await duvo(["pulse", "refresh", id, "--wait", "--json"], { clock: clock.clock });
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ id, status: "completed" });
    expect(requestsSince(start)).toEqual([`POST /v2/artifacts/${id}/refresh`, `GET /v2/artifacts/${id}`, `GET /v2/artifacts/${id}`]);
    expectSent(emulator.requests[start], { method: "POST", path: `/v2/artifacts/${id}/refresh` });
    expect(clock.slept).toEqual([2000]);
    const started = await duvo(["pulse", "refresh", id, "--json"]);
    expect(JSON.parse(started.stdout)).toMatchObject({ id, status: "running" });
  });

  test("a failed refresh is exit 1 with the dashboard's own reason", async () => {
    const id = await createDashboard("Numbers that fail to load");
    const result = await duvo(["pulse", "refresh", id, "--wait"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: the refresh of dashboard ${id} failed: Refreshing failed: the data source answered 503 Service Unavailable.\n`,
    });
  });

  test("--timeout runs out: exit 7, the refresh goes on; --timeout without --wait is exit 4", async () => {
    const id = await createDashboard("A refresh that runs forever");
    const start = emulator.requests.length;
    const result = await duvo(["pulse", "refresh", id, "--wait", "--timeout", "9s"]);
    expect(result).toEqual({ code: 7, stdout: "", stderr: `! Timed out after 9s: the refresh of dashboard ${id} is still working.\n` });
    const reads = requestsSince(start).filter((request) => request === `GET /v2/artifacts/${id}`).length;
    // Every 2 s for 9 s: 5 reads at most. On the 50x clock a request's real latency on a busy
    // machine counts too (3 were seen), so the floor only says the work was read again.
    // The exact pacing is checked in virtual time by the test above ([2000] between reads).
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(6);
    expect(await duvo(["pulse", "refresh", id, "--timeout", "9s"])).toEqual({ code: 4, stdout: "", stderr: "error: --timeout needs --wait\n" });
  });
});

// Written against the mutants that survived `bun run mutate cli-download` (docs/testing.md).
describe("download corners: pulse pdf", () => {
  test("a GET that keeps breaking off is asked again after 1 s, then 2 s, on the runtime's clock", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const clock = fakeClock();
    const transport = pdfTransport(() => new Response(body(1000, 500)));
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch, clock: clock.clock });
    expect(result).toEqual({ code: 1, stdout: "", stderr: `error: GET /artifacts/${id}/export/pdf: the answer broke off (ECONNRESET: socket closed)\n` });
    expect(clock.slept).toEqual([1000, 2000]);
    expect(transport.attempts()).toBe(3);
    expect(readdirSync(folder)).toEqual([]);
  });

  test("-o -: a body that breaks off before its first byte is asked again (stdout still empty)", async () => {
    const id = await createDashboard("Anything");
    const transport = pdfTransport((attempt) => new Response(attempt === 1 ? body(1000, 0) : body(3000)));
    const result = await duvo(["pulse", "pdf", id, "-o", "-"], { fetch: transport.fetch });
    expect(result).toEqual({ code: 0, stdout: "\x07".repeat(3000), stderr: "" });
    expect(transport.attempts()).toBe(2);
  });

  test("a compressed answer's Content-Length is not the size of what arrives: the body is kept whole", async () => {
    const id = await createDashboard("Anything");
    const file = join(tempDir(), "packed.pdf");
    const transport = pdfTransport(() => new Response(body(5000), { headers: { "content-encoding": "gzip", "content-length": "10" } }));
    const result = await duvo(["pulse", "pdf", id, "-o", file], { fetch: transport.fetch });
    expect(result).toEqual({ code: 0, stdout: "", stderr: `✓ Saved ${file} (4.9 KB)\n` });
    expect(new Uint8Array(readFileSync(file))).toEqual(new Uint8Array(5000).fill(7));
    expect(transport.attempts()).toBe(1);
  });

  test("Ctrl-C while a body has stalled (a transport that ignores its signal): exit 130 at once, no file", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const transport = pdfTransport(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new Uint8Array(1000));
            },
          }),
        ),
    );
    // Without Ctrl-C this body would wait for the client's 10-minute idle limit.
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch, interruptAfterMs: 300, env: { DUVO_HTTP_TIMEOUT: "600" } });
    expect(result.code).toBe(130);
    expect(result.stdout).toBe("");
    expect(readdirSync(folder)).toEqual([]);
    expect(transport.attempts()).toBe(1);
  });

  test("on a terminal the progress line is erased before the line that says where the file went", async () => {
    const id = await createDashboard("Anything");
    const file = join(tempDir(), "big.pdf");
    const big = pdfTransport(() => new Response(body(6 * 2 ** 20), { headers: { "content-length": String(6 * 2 ** 20) } }));
    const result = await duvo(["pulse", "pdf", id, "-o", file], { fetch: big.fetch, tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toStartWith("\r\x1b[2KDownloading big.pdf [");
    expect(result.stderr).toEndWith(`] 100% of 6.0 MB\r\x1b[2K✓ Saved ${file} (6.0 MB)\n`);
  });

  test("--json says nothing on stderr; an empty --output or a file as the folder is exit 4 with nothing sent", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const file = join(folder, "out.pdf");
    const saved = await duvo(["pulse", "pdf", id, "-o", file, "--json"]);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toBe("");
    expect(JSON.parse(saved.stdout).path).toBe(file);
    const start = emulator.requests.length;
    expect(await duvo(["pulse", "pdf", id, "-o", ""])).toEqual({ code: 4, stdout: "", stderr: "error: --output: empty file name\n" });
    expect(await duvo(["pulse", "pdf", id, "-o", join(file, "x.pdf")])).toEqual({
      code: 4,
      stdout: "",
      stderr: `error: cannot write ${join(file, "x.pdf")}: ${file} is not a folder that can be written to\n`,
    });
    expect(emulator.requests.length).toBe(start);
    expect(readdirSync(folder)).toEqual(["out.pdf"]);
  });
});

describe("background work corners: pulse refresh --wait", () => {
  /** A refresh that never ends: the emulator's own answers, served in-process so that time moves only when duvo waits. */
  async function endlessRefresh() {
    const id = await createDashboard("A refresh that runs forever");
    const headers = { Authorization: `Bearer ${emulator.apiKey}` };
    const refreshed = await (await fetch(`${emulator.url}/v2/artifacts/${id}/refresh`, { method: "POST", headers })).text();
    const read = await (await fetch(`${emulator.url}/v2/artifacts/${id}`, { headers })).text();
    expect(JSON.parse(read).artifact.status).toBe("running");
    const time = fakeClock();
    const stub = stubTransport(time, (request) => new Response(request.method === "POST" ? refreshed : read, { headers: { "content-type": "application/json" } }));
    return { id, time, stub };
  }

  test("--timeout in virtual time: reads every 2 s, the last pause cut to what is left, then exit 7; a spinner on a terminal, erased", async () => {
    const { id, time, stub } = await endlessRefresh();
    const result = await duvo(["pulse", "refresh", id, "--wait", "--timeout", "5s"], { clock: time.clock, fetch: stub.fetch, tty: true, env: { NO_COLOR: "" } });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(stub.received.map((request) => `${request.method} ${request.path} at ${request.at}`)).toEqual([
      `POST /v2/artifacts/${id}/refresh at 0`,
      `GET /v2/artifacts/${id} at 0`,
      `GET /v2/artifacts/${id} at 2000`,
      `GET /v2/artifacts/${id} at 4000`,
      `GET /v2/artifacts/${id} at 5000`,
    ]);
    // Each read races what is left of the 5 s (5000, 3000, 1000, 0); between reads 2 s, the last one 1 s.
    expect(time.slept).toEqual([5000, 2000, 3000, 2000, 1000, 1000, 0]);
    expect(result.stderr).toStartWith(`\r\x1b[2K⠋ the refresh of dashboard ${id} is running (0s)`);
    expect(result.stderr).toEndWith(`\r\x1b[2K\x1b[33m!\x1b[39m Timed out after 5s: the refresh of dashboard ${id} is still working.\n`);
  });

  test("Ctrl-C while waiting: exit 130, and stderr says the refresh keeps going", async () => {
    const id = await createDashboard("A refresh that runs forever");
    const start = emulator.requests.length;
    const result = await duvo(["pulse", "refresh", id, "--wait"], { interruptAfterMs: 300 });
    expect(result).toEqual({ code: 130, stdout: "", stderr: `Stopped waiting; the refresh of dashboard ${id} keeps going.\n` });
    expect(requestsSince(start)[0]).toBe(`POST /v2/artifacts/${id}/refresh`);
  });

  test("Ctrl-C on a terminal: the spinner is erased before the line that says the refresh keeps going", async () => {
    const { id, time, stub } = await endlessRefresh();
    const result = await duvo(["pulse", "refresh", id, "--wait"], { clock: time.clock, fetch: stub.fetch, interruptAfterMs: 300, tty: true, env: { NO_COLOR: "" } });
    expect(result.code).toBe(130);
    expect(result.stderr).toStartWith(`\r\x1b[2K⠋ the refresh of dashboard ${id} is running (`);
    // (The second erase is the spinner stopped again on the way out: harmless on a terminal.)
    expect(result.stderr).toEndWith(`\r\x1b[2KStopped waiting; the refresh of dashboard ${id} keeps going.\n\r\x1b[2K`);
  });

  test("no spinner on a terminal with NO_COLOR, nor off a terminal with FORCE_COLOR", async () => {
    const id = await createDashboard("Invoices");
    for (const options of [{ tty: true }, { tty: false, env: { NO_COLOR: "", FORCE_COLOR: "1" } }]) {
      const clock = fakeClock();
      const result = await duvo(["pulse", "refresh", id, "--wait", "--json"], { ...options, clock: clock.clock });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ id, status: "completed" });
      expect(result.stderr).toBe("");
    }
  });
});

describe("an operation chosen by a flag: duvo skills list [--system]", () => {
  test("the team's list by default, the system list with --system", async () => {
    let start = emulator.requests.length;
    const team = await duvo(["skills", "list", "--json"]);
    expect(requestsSince(start).at(-1)).toBe(`GET /v2/teams/${emulator.teamId}/skills`);
    expect(JSON.parse(team.stdout).skills.map((skill: { name: string }) => skill.name)).toContain("pdf");
    start = emulator.requests.length;
    const system = await duvo(["skills", "list", "--system"]);
    expect(requestsSince(start)).toEqual(["GET /v2/skills/system"]);
    expect(system.stdout.split("\n")[0]).toMatch(/^ID +NAME +DESCRIPTION +OWNER +UPDATED$/);
    expect(system.stdout).toContain(" xlsx ");
  });
});

describe("no request: duvo guide list|get|path", () => {
  test("work without a key or a server, and send nothing", async () => {
    const start = emulator.requests.length;
    const offline = { DUVO_API_KEY: undefined, DUVO_API_BASE_URL: "http://127.0.0.1:9" };
    const list = await duvo(["guide", "list", "--json"], { env: offline });
    expect(JSON.parse(list.stdout).guides.map((guide: { name: string }) => guide.name)).toEqual(["scripting", "pulse"]);
    const got = await duvo(["guide", "get", "pulse"], { env: offline });
    expect(got.stdout).toStartWith("# Pulse dashboards from the command line\n");
    const home = tempDir();
    const path = await duvo(["guide", "path", "pulse"], { env: { ...offline, XDG_CACHE_HOME: home } });
    expect(path.stdout).toBe(`${join(home, "duvo", "guides", "0.1.0", "pulse.md")}\n`.replace("0.1.0", (await import("../package.json")).version));
    expect(readFileSync(path.stdout.trim(), "utf8")).toBe(got.stdout);
    expect(emulator.requests.length).toBe(start);
  });

  test("an unknown guide is exit 4 with a suggestion", async () => {
    expect(await duvo(["guide", "get", "scriptin"])).toEqual({
      code: 4,
      stdout: "",
      stderr: 'error: invalid value "scriptin" for <name>: expected scripting or pulse; did you mean "scripting"?\n',
    });
  });
});

describe("a composite: duvo pulse get", () => {
  test("the dashboard and its versions in one answer", async () => {
    const id = await createDashboard("Invoices");
    const start = emulator.requests.length;
    const result = await duvo(["pulse", "get", id, "--json"]);
    expect(requestsSince(start).sort()).toEqual([`GET /v2/artifacts/${id}`, `GET /v2/artifacts/${id}/revisions`]);
    const sent = (operation: string) => emulator.requests.slice(start).find((request) => request.operationId === operation);
    expectSent(sent("getPulseDashboard"), { method: "GET", path: `/v2/artifacts/${id}` });
    expectSent(sent("listPulseDashboardVersions"), { method: "GET", path: `/v2/artifacts/${id}/revisions` });
    const answer = JSON.parse(result.stdout);
    expect(answer.artifact).toMatchObject({ id, status: "completed" });
    expect(answer.versions).toEqual({ total: 1, current_version: 1, current_revision_id: expect.any(String) });
    const human = await duvo(["pulse", "get", id]);
    expect(human.stdout).toContain(`Version       1 of 1 (${answer.versions.current_revision_id})\n`);
  });
});

describe("the compiled binary", () => {
  const run = async (script: string) => {
    const child = Bun.spawn(["bash", "-c", script], { env: { ...process.env, ...env, DUVO: BINARY } as Record<string, string>, stdout: "pipe", stderr: "pipe" });
    const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).arrayBuffer(), new Response(child.stderr).text()]);
    return { code, stdout: new Uint8Array(stdout), stderr };
  };

  test("pulse pdf -o - through a pipe arrives whole and byte-exact; -o FILE too; a reader that goes away ends quietly", async () => {
    const id = await createDashboard("Invoices by status");
    const expected = await direct(`/v2/artifacts/${id}/export/pdf`);
    expect(expected.byteLength).toBeGreaterThan(256 * 1024); // more than a pipe holds
    const piped = await run(`"$DUVO" pulse pdf ${id} -o - | cat`);
    expect({ code: piped.code, stderr: piped.stderr }).toEqual({ code: 0, stderr: "" });
    expect(piped.stdout).toEqual(expected);
    const folder = tempDir();
    const saved = await run(`cd '${folder}' && "$DUVO" pulse pdf ${id}`); // no -o: <id>.pdf here
    expect(saved.code).toBe(0);
    expect(new Uint8Array(readFileSync(join(folder, `${id}.pdf`)))).toEqual(expected);
    expect(readdirSync(folder)).toEqual([`${id}.pdf`]);
    const head = await run(`set -o pipefail; "$DUVO" pulse pdf ${id} -o - | head -c 8`);
    expect({ code: head.code, stderr: head.stderr, stdout: new TextDecoder().decode(head.stdout) }).toEqual({ code: 0, stderr: "", stdout: "%PDF-1.7" });
  });

  test.skipIf(!existsSync("/usr/bin/time"))("a 128 MB download keeps memory flat, to a file and through a pipe", async () => {
    const size = 128 * 2 ** 20;
    const chunk = new Uint8Array(2 ** 20).fill(42);
    const server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch() {
        let left = size / chunk.length;
        const stream = new ReadableStream({ pull: (controller) => (left-- > 0 ? controller.enqueue(chunk) : controller.close()) });
        return new Response(stream, { headers: { "content-length": String(size), "content-type": "application/pdf" } });
      },
    });
    try {
      const big = { ...env, DUVO_API_BASE_URL: `http://127.0.0.1:${server.port}` };
      const id = crypto.randomUUID();
      const file = join(tempDir(), "big.pdf");
      /** The script's outcome, and the peak memory (KB) `time` reports on the last line of stderr. */
      const measured = async (script: string) => {
        const child = Bun.spawn(["bash", "-c", script], { env: { ...process.env, ...big, DUVO: BINARY } as Record<string, string>, stdout: "pipe", stderr: "pipe" });
        const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
        const lines = stderr.trimEnd().split("\n");
        return {
          code,
          stdout,
          stderr: lines
            .slice(0, -1)
            .map((line) => `${line}\n`)
            .join(""),
          kb: Number(lines.at(-1)),
        };
      };
      const saved = await measured(`/usr/bin/time -f %M "$DUVO" pulse pdf ${id} -o '${file}'`);
      expect({ code: saved.code, stderr: saved.stderr }).toEqual({ code: 0, stderr: `✓ Saved ${file} (128.0 MB)\n` });
      expect(readFileSync(file).byteLength).toBe(size);
      const piped = await measured(`set -o pipefail; /usr/bin/time -f %M "$DUVO" pulse pdf ${id} -o - | wc -c`);
      expect({ code: piped.code, stdout: piped.stdout.trim(), stderr: piped.stderr }).toEqual({ code: 0, stdout: String(size), stderr: "" });
      // The binary alone takes about 40-60 MB; the body is never held whole.
      expect(saved.kb).toBeLessThan(100 * 1024);
      expect(piped.kb).toBeLessThan(100 * 1024);
    } finally {
      await server.stop(true);
    }
  });

  test("pulse html, skills upload and list --system, refresh --wait failing and timing out", async () => {
    const id = await createDashboard("Numbers that fail to load");
    const page = await spawnDuvo(["pulse", "html", id], { env });
    expect(page.stdout).toBe(new TextDecoder().decode(await direct(`/v2/artifacts/${id}/render`)));
    const file = join(tempDir(), "SKILL.md");
    writeFileSync(file, "---\nname: binary-skill\ndescription: From the binary\n---\n");
    const uploaded = await spawnDuvo(["skills", "upload", file, "--json"], { env });
    expect(JSON.parse(uploaded.stdout).skill.name).toBe("binary-skill");
    const system = new TextDecoder().decode(await direct("/v2/skills/system"));
    expect((await spawnDuvo(["skills", "list", "--system", "--json"], { env })).stdout).toBe(`${JSON.stringify(JSON.parse(system))}\n`);
    const failed = await spawnDuvo(["pulse", "refresh", id, "--wait"], { env });
    expect(failed).toEqual({ code: 1, stdout: "", stderr: `error: the refresh of dashboard ${id} failed: Refreshing failed: the data source answered 503 Service Unavailable.\n` });
    const forever = await createDashboard("Runs forever");
    const timedOut = await spawnDuvo(["pulse", "refresh", forever, "--wait", "--timeout", "5s"], { env });
    expect(timedOut).toEqual({ code: 7, stdout: "", stderr: `! Timed out after 5s: the refresh of dashboard ${forever} is still working.\n` });
  });

  test("guide commands need no key; bad input is exit 4 before any request", async () => {
    const noKey = { HOME: tempDir(), XDG_CACHE_HOME: tempDir() };
    const list = await spawnDuvo(["guide", "list"], { env: noKey });
    expect(list).toEqual({
      code: 0,
      stdout: "NAME       TITLE\nscripting  Using duvo in scripts and by AI agents\npulse      Pulse dashboards from the command line\n",
      stderr: "Read one with: duvo guide get <name>\n",
    });
    const path = await spawnDuvo(["guide", "path"], { env: noKey });
    expect(readdirSync(path.stdout.trim()).sort()).toEqual(["pulse.md", "scripting.md"]);
    const start = emulator.requests.length;
    const bad = await spawnDuvo(["pulse", "pdf", "x"], { env });
    expect(bad).toEqual({ code: 4, stdout: "", stderr: 'error: invalid dashboard id "x": expected a UUID like 3f2a5c1e-8d4b-4e7a-9c61-0b5d2e8f7a90\n' });
    expect(existsSync(join(process.cwd(), "x.pdf"))).toBe(false);
    expect(emulator.requests.length).toBe(start);
  });
});
