/**
 * A file sent or received, at its corners (written against the mutants that survived
 * `bun run mutate cli-files`, docs/testing.md): the form part an upload sends (src/cli/upload.ts),
 * where `--output` puts a download and the temporary file beside it, what a failed write or a
 * failed read says, the sizes and paths in the lines on stderr (src/cli/download.ts), and a read
 * raced against `--timeout` (beforeDeadline, src/cli/wait-for-job.ts). In-process through the real
 * parser against the emulator; a transport of the test's own answers the PDF where a body must
 * break or pause.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileForm } from "../src/cli/upload.ts";
import type { Transport } from "../src/api/client.ts";
import { fakeClock, stubTransport } from "./fake-clock.ts";
import { body, pdfTransport } from "./pdf-fakes.ts";
import { expectSent, tempDir, useEmulator } from "./helpers.ts";

const { emulator, duvo } = useEmulator();

async function createDashboard(message: string): Promise<string> {
  const created = await duvo(["pulse", "create", "--message", message, "--json", "--jq", ".artifact_id"]);
  expect(created.code).toBe(0);
  return created.stdout.trim();
}

/** A body whose read fails with `reason` (whatever it is) after its first bytes. */
function failing(reason: unknown): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream({
    pull(controller) {
      if (started) return controller.error(reason);
      started = true;
      controller.enqueue(new Uint8Array(10));
    },
  });
}

/** The multipart body as it goes on the wire: each part's headers, the content left out. */
async function partHeaders(form: FormData): Promise<string[]> {
  const text = await new Response(form).text();
  return [...text.matchAll(/Content-Disposition: [^\r\n]*\r\nContent-Type: [^\r\n]*/g)].map((match) => match[0].replace("\r\n", " | "));
}

describe("upload: the form part", () => {
  test.each([
    ["SKILL.md", "text/markdown"],
    ["NOTES.MD", "text/markdown"],
    ["skill.zip", "application/zip"],
    ["skill.json", "application/json;charset=utf-8"],
    ["readme.txt", "text/plain;charset=utf-8"],
    ["skill.tar", "application/octet-stream"],
    ["SKILL", "application/octet-stream"],
  ])("a file named %s goes as %s, under its own name", async (name, type) => {
    const folder = tempDir();
    await Bun.write(join(folder, name), "# A skill\n");
    expect(await partHeaders(fileForm("file", join(folder, name)))).toEqual([`Content-Disposition: form-data; name="file"; filename="${name}" | Content-Type: ${type}`]);
    // Bytes made in memory (`skills install` zips a system skill's files) are typed the same way.
    expect(await partHeaders(fileForm("archive", { name, bytes: new Uint8Array([80, 75]) }))).toEqual([
      `Content-Disposition: form-data; name="archive"; filename="${name}" | Content-Type: ${type}`,
    ]);
  });

  test("skills upload sends the part's type on the wire (the emulator's record reads it from the name)", async () => {
    const folder = tempDir();
    const file = join(folder, "SKILL.md");
    await Bun.write(file, "---\nname: typed-upload\ndescription: Typed\n---\n# Typed\n");
    const seen: string[][] = [];
    const capture: Transport = async (input, init) => {
      if (init?.body instanceof FormData) seen.push(await partHeaders(init.body));
      return fetch(input, init);
    };
    const result = await duvo(["skills", "upload", file, "--json"], { fetch: capture });
    expect(result.code).toBe(0);
    expect(seen).toEqual([['Content-Disposition: form-data; name="file"; filename="SKILL.md" | Content-Type: text/markdown']]);
    expectSent(
      emulator.requests.findLast((request) => request.path.endsWith("/skills/upload")),
      {
        method: "POST",
        path: `/v2/teams/${emulator.teamId}/skills/upload`,
        body: { file: expect.objectContaining({ name: "SKILL.md" }) },
      },
    );
  });
});

describe("download: the file on disk", () => {
  test("the body goes to a hidden temporary file beside the target (.<name>.<8 hex>.part), renamed once whole", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    let during: string[] = [];
    const transport = pdfTransport(() => {
      let sent = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent === 2) during = readdirSync(folder);
            if (sent++ === 4) return controller.close();
            controller.enqueue(new Uint8Array(1000).fill(1));
          },
        }),
      );
    });
    const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch });
    expect(result).toEqual({ code: 0, stdout: "", stderr: `✓ Saved ${join(folder, "out.pdf")} (3.9 KB)\n` });
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.out\.pdf\.[0-9a-f]{8}\.part$/);
    expect(readdirSync(folder)).toEqual(["out.pdf"]);
  });

  test("a target whose name is near the file system's limit still fits its temporary name", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const name = `${"r".repeat(236)}.pdf`; // 240 characters; the temporary name adds 15
    const transport = pdfTransport(() => new Response(body(100)));
    expect(await duvo(["pulse", "pdf", id, "-o", join(folder, name)], { fetch: transport.fetch })).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Saved ${join(folder, name)} (100 bytes)\n`,
    });
    expect(readdirSync(folder)).toEqual([name]);
  });

  test("a folder that goes away after the check: exit 1, one line with the system's code, nothing left", async () => {
    const id = await createDashboard("Anything");
    const parent = tempDir();
    const folder = join(parent, "reports");
    mkdirSync(folder);
    const transport = pdfTransport(() => {
      rmSync(folder, { recursive: true });
      return new Response(body(1000));
    });
    expect(await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch })).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: cannot write ${join(folder, "out.pdf")}: ENOENT\n`,
    });
    expect(readdirSync(parent)).toEqual([]);
    expect(transport.attempts()).toBe(1);
  });

  test("sizes in the saved line: bytes below 1 KB, KB below 1 MB, then MB", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const lines: string[] = [];
    for (const size of [0, 1023, 1024, 2 ** 20 - 1, 2 ** 20]) {
      const transport = pdfTransport(() => new Response(body(size)));
      const result = await duvo(["pulse", "pdf", id, "-o", join(folder, `${size}.pdf`)], { fetch: transport.fetch });
      expect(result.code).toBe(0);
      lines.push(result.stderr.replace(`✓ Saved ${folder}/`, ""));
    }
    expect(lines).toEqual(["0.pdf (0 bytes)\n", "1023.pdf (1023 bytes)\n", "1024.pdf (1.0 KB)\n", "1048575.pdf (1024.0 KB)\n", "1048576.pdf (1.0 MB)\n"]);
  });

  test("control characters in a path are shown as ?, in the saved line and in the refusal", async () => {
    const id = await createDashboard("Anything");
    const folder = tempDir();
    const transport = pdfTransport(() => new Response(body(10)));
    expect(await duvo(["pulse", "pdf", id, "-o", join(folder, "a\nb\x1b.pdf")], { fetch: transport.fetch })).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Saved ${folder}/a?b?.pdf (10 bytes)\n`,
    });
    expect(readFileSync(join(folder, "a\nb\x1b.pdf")).byteLength).toBe(10);
    expect(await duvo(["pulse", "pdf", id, "-o", "/no/such\x07folder/x.pdf"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: cannot write /no/such?folder/x.pdf: /no/such?folder is not a folder that can be written to\n",
    });
  });

  test("a read that fails with something other than an Error still breaks off with one line", async () => {
    const id = await createDashboard("Anything");
    const cases: [unknown, string][] = [
      ["the proxy hung up", "the proxy hung up"],
      [undefined, "undefined"],
      [Object.assign(new Error("socket hang up\n    at TLSSocket.onclose"), { code: "ECONNRESET" }), "ECONNRESET: socket hang up"],
      [Object.assign(new Error("no data for 30 s"), { name: "TimeoutError", code: "E_IGNORED" }), "no data for 30 s"],
    ];
    for (const [reason, shown] of cases) {
      const folder = tempDir();
      const transport = pdfTransport(() => new Response(failing(reason)));
      const result = await duvo(["pulse", "pdf", id, "-o", join(folder, "out.pdf")], { fetch: transport.fetch, clock: fakeClock().clock });
      expect({ reason: String(reason), ...result }).toEqual({
        reason: String(reason),
        code: 1,
        stdout: "",
        stderr: `error: GET /artifacts/${id}/export/pdf: the answer broke off (${shown})\n`,
      });
      expect(transport.attempts()).toBe(3);
      expect(readdirSync(folder)).toEqual([]);
    }
  });

  test("-o - on a terminal: the progress line names stdout", async () => {
    const id = await createDashboard("Anything");
    const big = pdfTransport(() => new Response(body(5 * 2 ** 20), { headers: { "content-length": String(5 * 2 ** 20) } }));
    const result = await duvo(["pulse", "pdf", id, "-o", "-"], { fetch: big.fetch, tty: true });
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(5 * 2 ** 20);
    expect(result.stderr).toStartWith("\r\x1b[2KDownloading stdout [");
    expect(result.stderr).toEndWith("] 100% of 5.0 MB\r\x1b[2K");
  });
});

describe("background work: a read raced against --timeout", () => {
  test("a read answered in time leaves no pause behind: the clock stops at the last poll", async () => {
    const id = await createDashboard("Invoices");
    // The emulator's own answers, served in-process so that time moves only when duvo waits: running, then completed.
    const headers = { Authorization: `Bearer ${emulator.apiKey}` };
    const refreshed = await (await fetch(`${emulator.url}/v2/artifacts/${id}/refresh`, { method: "POST", headers })).text();
    const running = JSON.parse(await (await fetch(`${emulator.url}/v2/artifacts/${id}`, { headers })).text());
    expect(running.artifact.status).toBe("running");
    const completed = JSON.stringify({ ...running, artifact: { ...running.artifact, status: "completed" } });
    const time = fakeClock();
    const stub = stubTransport(
      time,
      (request, count) =>
        new Response(request.method === "POST" ? refreshed : count === 2 ? JSON.stringify(running) : completed, { headers: { "content-type": "application/json" } }),
    );
    const result = await duvo(["pulse", "refresh", id, "--wait", "--timeout", "1h", "--json"], { clock: time.clock, fetch: stub.fetch });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id, status: "completed" });
    // Each read raced a sleep until the deadline; each was cancelled when its read came back.
    expect(time.slept).toEqual([3_600_000, 2000, 3_598_000]);
    await Bun.sleep(50); // a sleep left behind would now wake and move the clock to the deadline
    expect(time.elapsed()).toBe(2000);
  });

  test("Ctrl-C during a read that has not answered: exit 130, the refresh keeps going", async () => {
    const id = await createDashboard("A refresh that runs forever");
    // The dashboard's read never answers; like fetch, it fails when its signal aborts.
    const hanging: Transport = async (input, init) => {
      const request = new Request(input instanceof Request ? input.url : String(input), init);
      if (request.method === "GET" && new URL(request.url).pathname === `/v2/artifacts/${id}`) {
        return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
      }
      return fetch(input, init);
    };
    const result = await duvo(["pulse", "refresh", id, "--wait", "--timeout", "1h"], { fetch: hanging, interruptAfterMs: 300 });
    expect(result).toEqual({ code: 130, stdout: "", stderr: `Stopped waiting; the refresh of dashboard ${id} keeps going.\n` });
  });
});
