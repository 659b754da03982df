/**
 * install.sh end to end against real releases served on 127.0.0.1 (test/release-fixture.ts),
 * as published (the repository filled in). Platforms are faked with a folder of shims first
 * on PATH (`uname`, `ldd`, `sysctl`) and a fake /proc/cpuinfo (DUVO_CPUINFO).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmod, readdir, rm, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { HAS_XZ, HOST_KIND, HOST_TARGET, NEW, OLD, builtReleases, pathWithout, scratch, serveReleases, type ReleaseServer } from "./release-fixture.ts";
import { BUILD_MS, eventually, exitOf, SLOW_TEST_MS } from "./helpers.ts";

interface Platform {
  /** `uname -s` and `uname -m`. */
  os?: string;
  machine?: string;
  musl?: boolean;
  rosetta?: boolean;
  avx2?: boolean;
}

interface Install {
  args?: string[];
  env?: Record<string, string | undefined>;
  platform?: Platform;
  server?: ReleaseServer;
  /** The folder to install into (a new one by default). */
  into?: string;
  /** Run through `sh -c` instead of `sh install.sh` (e.g. the README's curl | sh). */
  shell?: string;
}

let server: ReleaseServer;
let script: string;
beforeAll(async () => {
  script = join((await builtReleases()).new.outDir, "install.sh");
  server = await serveReleases();
}, BUILD_MS); // builds release archives (when not reused): minutes on a slow or busy machine
afterAll(() => server?.stop());

/** Shims for `uname`, `ldd` and `sysctl` that tell the installer what machine it is on. */
async function shims(platform: Platform): Promise<string> {
  const folder = scratch("duvo-shims-");
  const shim = async (name: string, body: string) => {
    await Bun.write(join(folder, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(folder, name), 0o755);
  };
  const realUname = Bun.which("uname")!;
  const real = (flag: string) => Bun.spawnSync([realUname, flag]).stdout.toString().trim();
  await shim("uname", `case "$1" in -s) echo ${platform.os ?? real("-s")} ;; -m) echo ${platform.machine ?? real("-m")} ;; *) exec ${realUname} "$@" ;; esac`);
  await shim("ldd", platform.musl ? 'echo "musl libc (x86_64)" >&2; echo "Version 1.2.5" >&2; exit 1' : 'echo "ldd (Debian GLIBC 2.36-9+deb12u10) 2.36"');
  await shim("sysctl", `[ "$2" = sysctl.proc_translated ] && echo ${platform.rosetta ? 1 : 0}`);
  await Bun.write(join(folder, "cpuinfo"), `processor\t: 0\nflags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt${platform.avx2 === false ? "" : " avx avx2"} bmi1\n`);
  return folder;
}

async function install(options: Install = {}) {
  const home = scratch("duvo-home-");
  const into = options.into ?? join(home, "bin-dir");
  const shimFolder = await shims(options.platform ?? {});
  const env: Record<string, string | undefined> = {
    PATH: `${shimFolder}:${process.env.PATH}`,
    HOME: home,
    SHELL: "/bin/bash",
    DUVO_DOWNLOAD_URL: (options.server ?? server).url,
    DUVO_INSTALL: into,
    DUVO_CPUINFO: join(shimFolder, "cpuinfo"),
    ...options.env,
  };
  const command = options.shell ? ["sh", "-c", options.shell] : ["sh", script, ...(options.args ?? [])];
  const child = Bun.spawn(command, { env: env as Record<string, string>, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr, home, into };
}

async function version(binary: string): Promise<string> {
  const child = Bun.spawn([binary, "--version"], { stdout: "pipe", stderr: "pipe" });
  return (await new Response(child.stdout).text()).trim();
}

/** Installs are independent (own home, own folder): run a few at a time to keep the suite quick. */
async function allAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>, limit = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const receiptOf = async (folder: string) => JSON.parse(await Bun.file(join(folder, "install-receipt.json")).text());
const hostLine = (v: string) => `duvo ${v} (${process.platform}-${process.arch}, bun ${Bun.version})`;

describe.skipIf(process.platform === "win32")("install.sh", () => {
  test(
    "curl -fsSL .../install.sh | sh installs the latest release for this machine, with a receipt",
    async () => {
      const result = await install({ shell: `curl -fsSL ${server.url}/latest/download/install.sh | sh` });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        [
          `Downloading duvo ${NEW} for ${HOST_TARGET}...`,
          `Installed duvo ${NEW} (${HOST_TARGET}) to ${result.into}/duvo`,
          `To run duvo by name, add this line to ${result.home}/${process.platform === "darwin" ? ".bash_profile" : ".bashrc"} (then open a new shell):`,
          `  export PATH="$HOME/bin-dir:$PATH"`,
          "",
        ].join("\n"),
      );
      expect(await version(join(result.into, "duvo"))).toBe(hostLine(NEW));
      expect(await receiptOf(result.into)).toEqual({ version: NEW, target: HOST_TARGET, source: server.url });
      expect((await readdir(result.into)).sort()).toEqual(["duvo", "install-receipt.json"]);
      expect(await readdir(result.home)).not.toContain(".bashrc"); // no consent asked (no terminal), no edit
    },
    SLOW_TEST_MS,
  );

  test(
    "DUVO_VERSION (v1.0.0 or 1.0.0) and --version pin a release",
    async () => {
      const pins = [{ env: { DUVO_VERSION: `v${OLD}` } }, { env: { DUVO_VERSION: OLD } }, { args: ["--version", OLD] }, { args: [`--version=v${OLD}`] }];
      await allAtOnce(pins, async (pin) => {
        const pinned = await serveReleases();
        const result = await install({ ...pin, server: pinned });
        pinned.stop();
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(await version(join(result.into, "duvo"))).toBe(hostLine(OLD));
        expect((await receiptOf(result.into)).version).toBe(OLD);
        expect(pinned.requests).toEqual([`/download/v${OLD}/SHA256SUMS`, `/download/v${OLD}/duvo-${OLD}-${HOST_TARGET}.${HOST_KIND}`]);
      });
    },
    SLOW_TEST_MS,
  );

  test(
    "running it again is safe, even while the installed duvo runs",
    async () => {
      const first = await install();
      const binary = join(first.into, "duvo");
      const running = Bun.spawn([binary, "emulator", "--port", "0"], { stdout: "pipe", stderr: "pipe" });
      const reader = running.stdout.getReader();
      const banner = new TextDecoder().decode((await reader.read()).value);
      expect(banner).toStartWith("export DUVO_API_BASE_URL=http://127.0.0.1:");
      try {
        // The same version again, then another one over it.
        for (const [pin, expected] of [
          ["", NEW],
          [OLD, OLD],
        ] as const) {
          const again = await install({ into: first.into, env: { DUVO_VERSION: pin } });
          expect(again.code).toBe(0);
          expect(await version(binary)).toBe(hostLine(expected));
          expect((await receiptOf(first.into)).version).toBe(expected);
          expect((await readdir(first.into)).sort()).toEqual(["duvo", "install-receipt.json"]);
        }
        // The running one kept its (replaced) file and still answers.
        const apiUrl = banner.split("\n")[0]!.split("=")[1]!;
        expect((await fetch(`${apiUrl}/v2/teams`)).status).toBe(401);
      } finally {
        running.kill("SIGTERM");
        // Ended by its own handler (a process killed by SIGTERM would say 143 too, as killedBy "SIGTERM").
        expect(await exitOf(running)).toEqual({ code: 143, killedBy: null });
        expect((await new Response(running.stderr).text()).trimEnd().split("\n").at(-1)).toBe("Emulator stopped.");
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "an archive that does not match SHA256SUMS is refused and nothing is installed",
    async () => {
      const tampered = await serveReleases({ tamper: [`duvo-${NEW}-${HOST_TARGET}.tar.gz`, `duvo-${NEW}-${HOST_TARGET}.tar.xz`] });
      try {
        const fresh = await install({ server: tampered });
        expect(fresh.code).toBe(1);
        expect(fresh.stderr).toMatch(
          new RegExp(
            `^duvo install: error: checksum mismatch for duvo-${NEW}-${HOST_TARGET}\\.${HOST_KIND.replace(".", "\\.")}: SHA256SUMS says [0-9a-f]{64}, the download is [0-9a-f]{64}\\. Nothing was installed\\.\\n$`,
          ),
        );
        expect(await Bun.file(join(fresh.into, "duvo")).exists()).toBe(false);

        // Over an existing install: the old binary and receipt stay as they were.
        const existing = await install({ env: { DUVO_VERSION: OLD } });
        const again = await install({ server: tampered, into: existing.into });
        expect(again.code).toBe(1);
        expect(await version(join(existing.into, "duvo"))).toBe(hostLine(OLD));
        expect((await receiptOf(existing.into)).version).toBe(OLD);
        expect((await readdir(existing.into)).sort()).toEqual(["duvo", "install-receipt.json"]);
      } finally {
        tampered.stop();
      }
    },
    SLOW_TEST_MS,
  );

  test(
    "a version that does not exist, or is not a version, is one clear line",
    async () => {
      const missing = await install({ env: { DUVO_VERSION: "9.9.9" } });
      expect(missing).toMatchObject({ code: 1, stdout: "" });
      expect(missing.stderr).toBe(
        `duvo install: error: duvo 9.9.9 was not found: there is no ${server.url}/download/v9.9.9/SHA256SUMS (see ${server.url} for the versions that exist)\n`,
      );
      const malformed = await install({ args: ["--version", "latest"] });
      expect(malformed).toMatchObject({ code: 1, stderr: 'duvo install: error: invalid version "latest": expected something like 1.2.3 or v1.2.3\n' });
      const noBuild = await install({ env: { DUVO_VERSION: OLD }, platform: { os: "Linux", machine: "aarch64" } });
      expect(noBuild).toMatchObject({
        code: 1,
        stderr: `duvo install: error: duvo ${OLD} has no build for linux-arm64: duvo-${OLD}-linux-arm64.tar.gz is not in ${server.url}/download/v${OLD}/SHA256SUMS\n`,
      });
      const unreachable = await install({ env: { DUVO_DOWNLOAD_URL: "http://127.0.0.1:1" } });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toStartWith("duvo install: error: cannot download http://127.0.0.1:1/latest/download/SHA256SUMS: curl: (7) Failed to connect to 127.0.0.1 port 1");
      expect(unreachable.stderr.split("\n").length).toBe(2);
      const unknownOption = await install({ args: ["--prefix", "/usr"] });
      expect(unknownOption).toMatchObject({ code: 1, stderr: 'duvo install: error: unknown option "--prefix" (see --help)\n' });
    },
    SLOW_TEST_MS,
  );

  test(
    "an unsupported platform gets a clear message and nothing is downloaded",
    async () => {
      for (const [os, machine] of [
        ["FreeBSD", "amd64"],
        ["Linux", "riscv64"],
        ["Linux", "i686"],
        ["SunOS", "i86pc"],
        ["MINGW64_NT-10.0-22631", "aarch64"],
      ]) {
        const quiet = await serveReleases();
        const result = await install({ server: quiet, platform: { os, machine } });
        quiet.stop();
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(
          `duvo install: error: duvo has no build for this platform (${os} ${machine}). Builds exist for Linux x64 and arm64 (glibc or musl), macOS x64 and arm64, and Windows x64: see ${quiet.url}\n`,
        );
        expect(quiet.requests).toEqual([]);
      }
    },
    SLOW_TEST_MS,
  );

  test.if(HAS_XZ)(
    "takes the .tar.xz when xz is installed, else the .tar.gz; both install the same binary",
    async () => {
      for (const [kind, path] of [
        ["tar.xz", process.env.PATH],
        ["tar.gz", await pathWithout(["xz"])],
      ] as const) {
        const watched = await serveReleases();
        const result = await install({ server: watched, env: { PATH: `${(await shims({})).trim()}:${path}` } });
        watched.stop();
        expect({ kind, code: result.code, stderr: result.stderr }).toEqual({ kind, code: 0, stderr: "" });
        const archives = watched.requests.filter((path) => /\.tar\.(gz|xz)$/.test(path));
        expect(archives).toEqual([`/latest/download/duvo-${NEW}-${HOST_TARGET}.${kind}`, `/download/v${NEW}/duvo-${NEW}-${HOST_TARGET}.${kind}`]);
        expect(await version(join(result.into, "duvo"))).toBe(hostLine(NEW));
      }
    },
    SLOW_TEST_MS,
  );

  // NEW has a .tar.xz only for this machine's target: the others show a release without one (the .tar.gz is taken).
  test(
    "faked platforms get their asset: arm64, musl, no AVX2, macOS (Rosetta too), Windows",
    async () => {
      const cases: [Platform, string, RegExp][] = [
        [{ os: "Linux", machine: "aarch64" }, "linux-arm64", /ARM aarch64.*interpreter \/lib\/ld-linux-aarch64\.so\.1/],
        [{ os: "Linux", machine: "arm64" }, "linux-arm64", /ARM aarch64/],
        [{ os: "Linux", machine: "x86_64", musl: true }, "linux-x64-musl", /x86-64.*interpreter \/lib\/ld-musl-x86_64\.so\.1/],
        [{ os: "Linux", machine: "aarch64", musl: true }, "linux-arm64-musl", /ARM aarch64.*interpreter \/lib\/ld-musl-aarch64\.so\.1/],
        [{ os: "Linux", machine: "x86_64", musl: true, avx2: false }, "linux-x64-musl", /interpreter \/lib\/ld-musl-x86_64\.so\.1/],
        [{ os: "Linux", machine: "x86_64", avx2: false }, "linux-x64-baseline", /x86-64.*interpreter \/lib64\/ld-linux-x86-64\.so\.2/],
        [{ os: "Darwin", machine: "arm64" }, "darwin-arm64", /Mach-O 64-bit arm64 executable/],
        [{ os: "Darwin", machine: "x86_64" }, "darwin-x64", /Mach-O 64-bit x86_64 executable/],
        [{ os: "Darwin", machine: "x86_64", rosetta: true }, "darwin-arm64", /Mach-O 64-bit arm64 executable/],
        [{ os: "MINGW64_NT-10.0-22631", machine: "x86_64" }, "windows-x64", /PE32\+ executable \(console\) x86-64/],
      ];
      await allAtOnce(cases, async ([platform, target, fileType]) => {
        const result = await install({ platform });
        expect(`${JSON.stringify(platform)}: ${result.stderr}`).toBe(`${JSON.stringify(platform)}: `);
        expect(result.code).toBe(0);
        const exe = target.startsWith("windows") ? "duvo.exe" : "duvo";
        expect(result.stdout).toContain(`Installed duvo ${NEW} (${target}) to ${result.into}/${exe}\n`);
        expect(await receiptOf(result.into)).toEqual({ version: NEW, target, source: server.url });
        if (process.platform === "linux") {
          const described = Bun.spawnSync(["file", "--brief", join(result.into, exe)]).stdout.toString();
          expect(`${target}: ${described}`).toMatch(new RegExp(`^${target}: .*${fileType.source}`));
        }
        if (target === "linux-arm64" && process.platform === "linux" && process.arch === "x64") {
          const run = Bun.spawnSync(["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", join(result.into, exe), "--version"]);
          expect(run.stdout.toString()).toBe(`duvo ${NEW} (linux-arm64, bun ${Bun.version})\n`);
        }
      });
    },
    SLOW_TEST_MS,
  );

  test.if(process.platform === "linux")(
    "without curl it downloads with wget",
    async () => {
      // A PATH with only the tools install.sh needs, curl left out.
      const tools = ["sh", "uname", "grep", "awk", "cut", "sed", "sha256sum", "tar", "gzip", "mkdir", "mktemp", "rm", "cp", "chmod", "mv", "cat", "dirname", "wget"];
      const bin = scratch("duvo-path-");
      for (const tool of tools) await symlink(Bun.which(tool)!, join(bin, tool));
      const result = await install({ env: { PATH: bin } });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(await version(join(result.into, "duvo"))).toBe(hostLine(NEW));

      await unlink(join(bin, "wget"));
      const none = await install({ env: { PATH: bin } });
      expect(none).toMatchObject({ code: 1, stderr: "duvo install: error: neither curl nor wget is installed\n" });
    },
    SLOW_TEST_MS,
  );

  test("plain http to another machine is refused", async () => {
    const result = await install({ env: { DUVO_DOWNLOAD_URL: "http://example.com/releases" } });
    expect(result).toMatchObject({
      code: 1,
      stderr: "duvo install: error: DUVO_DOWNLOAD_URL must be an https URL (plain http only to this machine): http://example.com/releases\n",
    });
  });

  test(
    "the PATH line matches the shell: zsh, fish, sh; nothing to add when the folder is on PATH",
    async () => {
      const shells = [
        ["/usr/bin/zsh", ".zshrc", 'export PATH="$HOME/bin-dir:$PATH"'],
        ["/usr/bin/fish", ".config/fish/config.fish", 'fish_add_path "$HOME/bin-dir"'],
        ["/bin/dash", ".profile", 'export PATH="$HOME/bin-dir:$PATH"'],
      ] as const;
      await allAtOnce(shells, async ([shell, profile, line]) => {
        const result = await install({ env: { SHELL: shell } });
        expect(result.stdout).toEndWith(`add this line to ${result.home}/${profile} (then open a new shell):\n  ${line}\n`);
      });
      const home = scratch("duvo-home-");
      const onPath = await install({ into: join(home, "bin"), env: { PATH: `${join(home, "bin")}:${process.env.PATH}` } });
      expect(onPath.stdout).toEndWith(`Installed duvo ${NEW} (${HOST_TARGET}) to ${home}/bin/duvo\n`);
    },
    SLOW_TEST_MS,
  );
});

/** install.sh in a real terminal (tmux), where it may ask before editing a shell profile. */
describe.if(process.platform === "linux")("install.sh on a terminal", () => {
  async function inTerminal(args: string[], answer: string | undefined, home = scratch("duvo-home-")) {
    const socket = `duvo-install-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const shimFolder = await shims({});
    const runner = join(home, "run.sh");
    const done = join(home, "exit-code");
    await rm(done, { force: true });
    const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
    const env = {
      PATH: `${shimFolder}:${process.env.PATH}`,
      HOME: home,
      SHELL: "/bin/bash",
      DUVO_DOWNLOAD_URL: server.url,
      DUVO_INSTALL: join(home, ".duvo", "bin"),
      DUVO_CPUINFO: join(shimFolder, "cpuinfo"),
    };
    await Bun.write(
      runner,
      `${Object.entries(env)
        .map(([key, value]) => `export ${key}=${quote(value)}`)
        .join("\n")}\nsh ${quote(script)} ${args.map(quote).join(" ")}\necho $? > ${quote(done)}\nsleep 60\n`,
    );
    const tmux = (...command: string[]) => Bun.spawnSync(["tmux", "-L", socket, ...command], { env: { ...process.env, TMUX: "" } });
    tmux("new-session", "-d", "-x", "200", "-y", "50", `sh ${quote(runner)}`);
    const screen = () => tmux("capture-pane", "-p", "-J").stdout.toString();
    try {
      // Polled (a terminal has no event to wait on), bounded generously: PATIENCE_MS.
      const until = async (what: string, ready: () => boolean | Promise<boolean>) => {
        await eventually(ready).catch(() => {
          throw new Error(`${what}:\n${screen()}`);
        });
      };
      if (answer !== undefined) {
        await until("no question on the screen", () => screen().includes("[Y/n]"));
        tmux("send-keys", answer, "Enter");
      }
      await until("install.sh did not finish", () => Bun.file(done).exists());
      return { code: Number((await Bun.file(done).text()).trim()), screen: screen(), home };
    } finally {
      tmux("kill-server");
    }
  }

  test(
    "asks before adding the folder to PATH: yes edits ~/.bashrc once, no leaves it alone",
    async () => {
      const yes = await inTerminal([], "y");
      expect(yes.code).toBe(0);
      expect(yes.screen).toContain(`Add ${yes.home}/.duvo/bin to your PATH in ${yes.home}/.bashrc? [Y/n]`);
      const line = 'export PATH="$HOME/.duvo/bin:$PATH"';
      expect(yes.screen).toContain(`Added to ${yes.home}/.bashrc. Open a new shell, or run: ${line}`);
      expect(await Bun.file(join(yes.home, ".bashrc")).text()).toBe(`\n# duvo\n${line}\n`);

      // Again in the same home: the line is there, so no question and no second copy.
      const again = await inTerminal([], undefined, yes.home);
      expect(again.screen).toContain(`${yes.home}/.bashrc already adds ${yes.home}/.duvo/bin to PATH`);
      expect(again.screen).not.toContain("[Y/n]");
      expect(await Bun.file(join(yes.home, ".bashrc")).text()).toBe(`\n# duvo\n${line}\n`);

      const no = await inTerminal([], "n");
      expect(no.code).toBe(0);
      expect(no.screen).toContain(`add this line to ${no.home}/.bashrc (then open a new shell):\n  ${line}`);
      expect(await Bun.file(join(no.home, ".bashrc")).exists()).toBe(false);
    },
    SLOW_TEST_MS,
  );

  test(
    "--no-modify-path does not ask",
    async () => {
      const result = await inTerminal(["--no-modify-path"], undefined);
      expect(result.code).toBe(0);
      expect(result.screen).not.toContain("[Y/n]");
      expect(result.screen).toContain("add this line to");
      expect(await Bun.file(join(result.home, ".bashrc")).exists()).toBe(false);
    },
    SLOW_TEST_MS,
  );
});
