/**
 * `duvo update` end to end: a real binary of the OLD release, installed with a receipt as
 * install.sh leaves it, updates itself from releases served on 127.0.0.1 in the release
 * layout (test/release-fixture.ts). Runs on every OS (on Windows, the running .exe is
 * renamed aside).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cp, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { writeReceipt } from "../src/release/receipt.ts";
import { detectInstallation } from "../src/release/self-update.ts";
import { runDuvo, SLOW_TEST_MS, BUILD_MS } from "./helpers.ts";
import { builtReleases, HAS_XZ, HOST_KIND, HOST_TARGET, NEW, OLD, pathWithout, scratch, serveReleases, unpackBinary, type ReleaseServer } from "./release-fixture.ts";

const EXE = process.platform === "win32" ? "duvo.exe" : "duvo";
/** The archive `duvo update` downloads here: the .tar.xz when xz is installed (the fixture builds one for this machine). */
const ASSET = (version: string, kind: string = HOST_KIND) => `duvo-${version}-${HOST_TARGET}.${process.platform === "win32" ? "zip" : kind}`;

let server: ReleaseServer;
let oldBinary: string; // the OLD release's binary, unpacked once; each test copies it
beforeAll(async () => {
  await builtReleases();
  server = await serveReleases();
  oldBinary = await unpackBinary(OLD, HOST_TARGET, scratch("duvo-old-"));
}, BUILD_MS); // builds release archives (when not reused): minutes on a slow or busy machine
afterAll(() => server?.stop());

/** A copy of the OLD binary in a fresh folder, with the receipt install.sh would write. */
async function installOld(receipt: { target?: string; source?: string } | null = {}, folder = join(scratch("duvo-update-"), "bin")): Promise<string> {
  await mkdir(folder, { recursive: true });
  const binary = join(folder, EXE);
  await cp(oldBinary, binary);
  if (receipt) await writeReceipt(binary, { version: OLD, target: receipt.target ?? HOST_TARGET, source: receipt.source ?? server.url });
  return binary;
}

async function duvo(binary: string, args: string[], env: Record<string, string | undefined> = {}) {
  const child = Bun.spawn([binary, ...args], {
    env: { PATH: process.env.PATH, HOME: scratch("duvo-home-"), NO_COLOR: "1", SystemRoot: process.env.SystemRoot, ...env } as Record<string, string>,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

const versionLine = (version: string) => `duvo ${version} (${process.platform}-${process.arch}, bun ${Bun.version})\n`;
const receiptBeside = async (binary: string) => JSON.parse(await Bun.file(join(binary, "..", "install-receipt.json")).text());
/** The install folder holds the binary and its receipt, nothing left over (Windows: plus the old .exe set aside). */
const leftovers = async (binary: string) => (await readdir(join(binary, ".."))).filter((name) => !/^duvo\.exe\.\d+\.old$/.test(name)).sort();

describe("duvo update", () => {
  test("--check says a newer release exists, and changes nothing", async () => {
    const binary = await installOld();
    const watched = await serveReleases();
    try {
      const result = await duvo(binary, ["update", "--check"], { DUVO_DOWNLOAD_URL: watched.url });
      expect(result).toEqual({ code: 0, stdout: `update available: duvo ${OLD} → ${NEW}: run "duvo update"\n`, stderr: "" });
      expect(watched.requests).toEqual(["/latest/download/SHA256SUMS", `/download/v${NEW}/SHA256SUMS`]);
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(OLD));
    } finally {
      watched.stop();
    }
  });

  test(
    "replaces itself with the latest release from the receipt's source, checked against SHA256SUMS",
    async () => {
      const binary = await installOld();
      const result = await duvo(binary, ["update"]);
      expect(result.stderr).toBe(`Downloading duvo ${NEW} (${HOST_TARGET}) from ${server.url}/latest/download/${ASSET(NEW)}\n✓ Updated duvo ${OLD} → ${NEW} (${binary})\n`);
      expect(result).toMatchObject({ code: 0, stdout: "" });
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(NEW));
      expect(await receiptBeside(binary)).toEqual({ version: NEW, target: HOST_TARGET, source: server.url });
      expect(await leftovers(binary)).toEqual([EXE, "install-receipt.json"].sort());

      // Now it is the latest: nothing to download.
      const watched = await serveReleases();
      try {
        const again = await duvo(binary, ["update"], { DUVO_DOWNLOAD_URL: watched.url });
        expect(again).toEqual({ code: 0, stdout: "", stderr: `duvo ${NEW} is up to date (latest release: ${NEW}); nothing to do\n` });
        expect(watched.requests.filter((path) => !path.endsWith("SHA256SUMS"))).toEqual([]);
        const check = await duvo(binary, ["update", "--check"], { DUVO_DOWNLOAD_URL: watched.url });
        expect(check).toEqual({ code: 0, stdout: `duvo ${NEW} is up to date (latest release: ${NEW})\n`, stderr: "" });
      } finally {
        watched.stop();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "--json: what was found and what was done, as one JSON document on stdout",
    async () => {
      const binary = await installOld();
      const check = await duvo(binary, ["update", "--check", "--json"]);
      expect(check.code).toBe(0);
      expect(JSON.parse(check.stdout)).toEqual({ version: OLD, latest: NEW, updateAvailable: true, updated: false, installedBy: "install.sh", path: binary, command: null });
      const up = await duvo(binary, ["update", "--json"]);
      expect(up.code).toBe(0);
      expect(JSON.parse(up.stdout)).toEqual({ version: OLD, latest: NEW, updateAvailable: true, updated: true, installedBy: "install.sh", path: binary, command: null });
      expect(up.stderr).toContain(`✓ Updated duvo ${OLD} → ${NEW}`);
      const again = await duvo(binary, ["update", "--jq", ".updated"]);
      expect(again).toMatchObject({ code: 0, stdout: "false\n" });
    },
    SLOW_TEST_MS,
  );

  test(
    "--version pins a release, newer or older, with or without its v",
    async () => {
      const binary = await installOld();
      const check = await duvo(binary, ["update", "--check", "--version", `v${NEW}`]);
      expect(check).toEqual({ code: 0, stdout: `duvo ${NEW} is available (this is ${OLD}): run "duvo update --version ${NEW}"\n`, stderr: "" });

      const up = await duvo(binary, ["update", "--version", `v${NEW}`]);
      expect(up.code).toBe(0);
      expect(up.stderr).toContain(`from ${server.url}/download/v${NEW}/${ASSET(NEW)}\n`);
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(NEW));

      const down = await duvo(binary, ["update", "--version", OLD]);
      expect(down.code).toBe(0);
      expect(down.stderr).toContain(`✓ Updated duvo ${NEW} → ${OLD}`);
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(OLD));
      expect((await receiptBeside(binary)).version).toBe(OLD);

      const same = await duvo(binary, ["update", "--version", OLD]);
      expect(same).toEqual({ code: 0, stdout: "", stderr: `duvo ${OLD} is up to date (requested: ${OLD}); nothing to do\n` });
    },
    SLOW_TEST_MS,
  );

  test.if(HAS_XZ)(
    "takes the .tar.xz when xz is installed, else the .tar.gz",
    async () => {
      for (const [kind, path] of [
        ["tar.xz", process.env.PATH],
        ["tar.gz", await pathWithout(["xz"])],
      ] as const) {
        const binary = await installOld();
        const watched = await serveReleases();
        try {
          const result = await duvo(binary, ["update"], { DUVO_DOWNLOAD_URL: watched.url, PATH: path });
          expect({ kind, code: result.code }).toEqual({ kind, code: 0 });
          expect(result.stderr).toStartWith(`Downloading duvo ${NEW} (${HOST_TARGET}) from ${watched.url}/latest/download/${ASSET(NEW, kind)}\n`);
          expect(watched.requests.filter((request) => /\.tar\.(gz|xz)$/.test(request))).toEqual([`/latest/download/${ASSET(NEW, kind)}`, `/download/v${NEW}/${ASSET(NEW, kind)}`]);
          expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(NEW));
        } finally {
          watched.stop();
        }
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "DUVO_DOWNLOAD_URL wins over the receipt's source (and becomes it)",
    async () => {
      const binary = await installOld({ source: "http://127.0.0.1:9/nowhere" });
      const result = await duvo(binary, ["update"], { DUVO_DOWNLOAD_URL: `${server.url}/` });
      expect(result.code).toBe(0);
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(NEW));
      expect((await receiptBeside(binary)).source).toBe(server.url);
    },
    SLOW_TEST_MS,
  );

  test(
    "a download that does not match SHA256SUMS is refused: exit 1, the binary untouched",
    async () => {
      const binary = await installOld();
      const tampered = await serveReleases({ tamper: [ASSET(NEW)] });
      try {
        const result = await duvo(binary, ["update"], { DUVO_DOWNLOAD_URL: tampered.url });
        expect(result.code).toBe(1);
        expect(result.stderr.split("\n").at(-2)).toMatch(
          new RegExp(`^error: checksum mismatch for ${ASSET(NEW).replaceAll(".", "\\.")}: SHA256SUMS says [0-9a-f]{64}, the download is [0-9a-f]{64}; nothing was changed$`),
        );
        expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(OLD));
        expect(await receiptBeside(binary)).toEqual({ version: OLD, target: HOST_TARGET, source: server.url });
        expect(await leftovers(binary)).toEqual([EXE, "install-receipt.json"].sort());
      } finally {
        tampered.stop();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "one clear line and the right exit code: no such version (3), bad --version (4), unreachable (1), plain http (4)",
    async () => {
      const binary = await installOld();
      expect(await duvo(binary, ["update", "--version", "9.9.9"])).toEqual({
        code: 3,
        stdout: "",
        stderr: `error: duvo 9.9.9 was not found: there is no ${server.url}/download/v9.9.9/SHA256SUMS\nSee ${server.url} for the versions that exist.\n`,
      });
      expect(await duvo(binary, ["update", "--version", "latest"])).toEqual({
        code: 4,
        stdout: "",
        stderr: 'error: invalid value "latest" for --version: expected a version like 1.2.3 or v1.2.3\n',
      });
      const unreachable = await duvo(binary, ["update", "--check"], { DUVO_DOWNLOAD_URL: "http://127.0.0.1:9" });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toStartWith("error: cannot download the latest release's checksums: ");
      expect(unreachable.stderr).toEndWith("(http://127.0.0.1:9/latest/download/SHA256SUMS)\n");
      expect(await duvo(binary, ["update"], { DUVO_DOWNLOAD_URL: "http://example.com/releases" })).toEqual({
        code: 4,
        stdout: "",
        stderr: "error: refusing to download from http://example.com/releases (DUVO_DOWNLOAD_URL): only https, or plain http to this machine\n",
      });
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(OLD));
    },
    SLOW_TEST_MS,
  );

  test.if(process.platform === "linux" && process.arch === "x64")(
    "a build that does not run here never replaces the binary",
    async () => {
      // A receipt naming the musl build, which cannot run on this glibc machine (it needs musl builds of libstdc++ and libgcc).
      const binary = await installOld({ target: "linux-x64-musl" });
      const result = await duvo(binary, ["update"]);
      expect(result.code).toBe(1);
      expect(result.stderr.split("\n").at(-2)).toMatch(new RegExp(`^error: the downloaded duvo ${NEW} does not run on this machine \\(.+\\); nothing was changed$`));
      expect((await duvo(binary, ["--version"])).stdout).toBe(versionLine(OLD));
      expect(await leftovers(binary)).toEqual(["duvo", "install-receipt.json"]);
    },
    SLOW_TEST_MS,
  );

  test("Homebrew and scoop installs are told their command; others are told how to reinstall", async () => {
    const root = scratch("duvo-managed-");
    const brewed = await installOld(null, join(root, "homebrew", "Cellar", "duvo", OLD, "bin"));
    expect(await duvo(brewed, ["update"])).toEqual({
      code: 0,
      stdout: "",
      stderr: `duvo was installed with Homebrew (${brewed}); update it with:\n  brew upgrade duvo\n`,
    });
    const scooped = await installOld(null, join(root, "scoop", "apps", "duvo", "current"));
    expect(await duvo(scooped, ["update", "--check"])).toEqual({
      code: 0,
      stdout: "",
      stderr: `duvo was installed with scoop (${scooped}); update it with:\n  scoop update duvo\n`,
    });
    const loose = await installOld(null);
    const result = await duvo(loose, ["update"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot update ${loose}: it was not installed by install.sh (there is no install-receipt.json beside it)\nReinstall with: curl -fsSL https://github.com/duvoai/duvo-cli/releases/latest/download/install.sh | sh\n`,
    );
  });

  test("how the install is recognised: receipt, then Homebrew and scoop paths", async () => {
    expect(await detectInstallation("/opt/homebrew/Cellar/duvo/1.0.0/bin/duvo")).toEqual({ kind: "homebrew" });
    expect(await detectInstallation("/home/linuxbrew/.linuxbrew/Cellar/duvo/1.0.0/bin/duvo")).toEqual({ kind: "homebrew" });
    expect(await detectInstallation("C:\\Users\\me\\scoop\\apps\\duvo\\current\\duvo.exe")).toEqual({ kind: "scoop" });
    expect(await detectInstallation("/usr/local/bin/duvo")).toEqual({ kind: "unknown" });
    const binary = await installOld({ target: "linux-arm64-musl" });
    expect(await detectInstallation(binary)).toEqual({ kind: "receipt", receipt: { version: OLD, target: "linux-arm64-musl", source: server.url } });
  });

  test("usage is checked first; from source it says to use git", async () => {
    expect(await runDuvo(["update", "--version"])).toMatchObject({ code: 4, stderr: "error: flag --version needs a value <v>\n" });
    expect(await runDuvo(["update", "--json", "--bogus"])).toMatchObject({ code: 4 });
    expect(await runDuvo(["update", "extra"])).toMatchObject({ code: 4, stderr: 'error: unexpected argument "extra" for "duvo update"\n' });
    expect(await runDuvo(["update", "--check", "--version", "1.2.3"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: duvo update replaces an installed binary, and this duvo runs from source\nUpdate the checkout with git instead.\n",
    });
  });
});
