/**
 * The pieces of `duvo update`: how this binary was installed, which release to take
 * (the download layout of docs/contract.md, "Releases"), downloading it with its SHA-256 checked against the
 * release's SHA256SUMS, unpacking it, and putting the new binary in place of the
 * running one atomically.
 */
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CliError, InterruptedError, NotFoundError, UsageError } from "../errors.ts";
import { assetName, executableName, findAsset, isWindowsTarget, parseChecksums } from "./assets.ts";
import { readReceipt, type InstallReceipt } from "./receipt.ts";

export type Installation = { kind: "receipt"; receipt: InstallReceipt } | { kind: "homebrew" } | { kind: "scoop" } | { kind: "unknown" };

/** A receipt beside the binary means install.sh; otherwise the path tells Homebrew and scoop apart. */
export async function detectInstallation(executable: string): Promise<Installation> {
  const receipt = await readReceipt(executable);
  if (receipt) return { kind: "receipt", receipt };
  if (/[\\/](Cellar|homebrew)[\\/]/i.test(executable)) return { kind: "homebrew" };
  if (/[\\/]scoop[\\/]/i.test(executable)) return { kind: "scoop" };
  return { kind: "unknown" };
}

/** True in a `bun build --compile` binary, false under `bun src/main.ts`. */
export function isCompiledBinary(): boolean {
  return /^(?:\/\$bunfs\/|[A-Za-z]:[\\/]~BUN[\\/])/.test(Bun.main);
}

/** Downloads come over https, or plain http only from this machine (as the API key does). */
export function checkDownloadUrl(url: string, origin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`invalid ${origin} "${url}": expected a URL like https://github.com/<owner>/<repo>/releases`);
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new UsageError(`refusing to download from ${url} (${origin}): only https, or plain http to this machine`);
  }
  return url.replace(/\/+$/, "");
}

export interface ReleaseAsset {
  version: string;
  asset: string;
  sha256: string;
  url: string;
}

export interface FetchContext {
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * The archive to download: `.tar.xz` (~30% smaller) when an `xz` is on PATH to unpack it, else
 * `.tar.gz`, which needs nothing (`.zip` on Windows either way). A release without the `.tar.xz`
 * (those before it) gives its `.tar.gz`.
 */
export function preferredKind(target: string, env: Record<string, string | undefined> = process.env): "tar.gz" | "tar.xz" {
  return !isWindowsTarget(target) && Bun.which("xz", { PATH: env.PATH ?? "" }) ? "tar.xz" : "tar.gz";
}

/** The latest release's asset for `target`: read from `$base/latest/download/SHA256SUMS` (the name carries the version). */
export async function resolveLatest(base: string, target: string, context: FetchContext, kind: "tar.gz" | "tar.xz" = "tar.gz"): Promise<ReleaseAsset> {
  const from = `${base}/latest/download`;
  const response = await download(`${from}/SHA256SUMS`, context, "the latest release's checksums");
  const sums = parseChecksums(await response.text());
  const found = findAsset(sums, target, kind) ?? findAsset(sums, target);
  if (!found) throw new CliError(`the latest release has no build for ${target} (${from}/SHA256SUMS lists none)`);
  return { ...found, url: `${from}/${found.asset}` };
}

/** Release `v<version>`'s asset for `target`, from `$base/download/v<version>/`. */
export async function resolveVersion(base: string, version: string, target: string, context: FetchContext, kind: "tar.gz" | "tar.xz" = "tar.gz"): Promise<ReleaseAsset> {
  const from = `${base}/download/v${version}`;
  let response: Response;
  try {
    response = await download(`${from}/SHA256SUMS`, context, `duvo ${version}'s checksums`);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`duvo ${version} was not found: there is no ${from}/SHA256SUMS`, `See ${base} for the versions that exist.`);
    throw error;
  }
  const sums = parseChecksums(await response.text());
  const asset = sums.has(assetName(version, target, kind)) ? assetName(version, target, kind) : assetName(version, target);
  const sha256 = sums.get(asset);
  if (!sha256) throw new NotFoundError(`duvo ${version} has no build for ${target}: ${from}/SHA256SUMS does not list ${asset}`);
  return { version, asset, sha256, url: `${from}/${asset}` };
}

/**
 * Downloads `release` into `folder`, checks its SHA-256 and unpacks the binary next to it.
 * Returns the unpacked binary's path; throws (leaving only `folder` to clean up) on a mismatch.
 */
export async function downloadRelease(release: ReleaseAsset, target: string, folder: string, signal: AbortSignal): Promise<string> {
  const archive = join(folder, release.asset);
  // No overall timeout: a 50 MB download may be slow. Ctrl-C still stops it.
  const response = await download(release.url, { signal, timeoutMs: 0 }, release.asset);
  const hasher = new Bun.CryptoHasher("sha256");
  const sink = Bun.file(archive).writer();
  try {
    for await (const chunk of response.body!) {
      hasher.update(chunk);
      await sink.write(chunk); // a promise when the sink flushes: wait for it (backpressure)
    }
  } catch (error) {
    throw signal.aborted
      ? new InterruptedError(signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT")
      : new CliError(`download of ${release.url} broke off: ${(error as Error).message}`);
  } finally {
    await sink.end();
  }
  const actual = hasher.digest("hex");
  if (actual !== release.sha256) {
    throw new CliError(`checksum mismatch for ${release.asset}: SHA256SUMS says ${release.sha256}, the download is ${actual}; nothing was changed`);
  }
  return unpackExecutable(archive, target, join(folder, "unpacked"));
}

/** Unpacks the binary (`duvo`, `duvo.exe`) of a release archive into `into`; returns its path. */
export async function unpackExecutable(archive: string, target: string, into: string): Promise<string> {
  const executable = executableName(target);
  if (isWindowsTarget(target)) {
    // Windows 10+ ships bsdtar, which reads zip; Git's GNU tar on PATH does not, so name it.
    const tar = process.platform === "win32" ? join(process.env.SystemRoot ?? "C:\\Windows", "System32", "tar.exe") : undefined;
    const command = tar ? [tar, "-xf", archive, "-C", into, executable] : ["unzip", "-q", "-o", archive, executable, "-d", into];
    await mkdir(into, { recursive: true });
    const child = Bun.spawn(command, { stdout: "ignore", stderr: "pipe" });
    const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
    if (code !== 0) throw new CliError(`cannot unpack ${basename(archive)}: ${stderr.trim().split("\n")[0] || `${command[0]} exited ${code}`}`);
  } else if (archive.endsWith(".tar.xz")) {
    // Bun reads tar and gzip, not xz: the system's xz unpacks it (preferredKind checked there is one).
    const child = Bun.spawn(["xz", "-dc", archive], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [code, tar, stderr] = await Promise.all([child.exited, new Response(child.stdout).bytes(), new Response(child.stderr).text()]);
    if (code !== 0) throw new CliError(`cannot unpack ${basename(archive)}: ${stderr.trim().split("\n")[0] || `xz exited ${code}`}`);
    await new Bun.Archive(tar).extract(into, { glob: executable });
  } else {
    await new Bun.Archive(await Bun.file(archive).bytes()).extract(into, { glob: executable });
  }
  const unpacked = join(into, executable);
  if (!(await Bun.file(unpacked).exists())) throw new CliError(`${basename(archive)} holds no ${executable}`);
  return unpacked;
}

/** Runs the new binary's `--version` before trusting it: a wrong or broken build never replaces a working one. */
export async function checkRuns(binary: string, version: string): Promise<void> {
  if (process.platform !== "win32") await chmod(binary, 0o755);
  let code: number, stdout: string, stderr: string;
  try {
    const child = Bun.spawn([binary, "--version"], { stdout: "pipe", stderr: "pipe", stdin: "ignore", timeout: 30_000 });
    [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  } catch (error) {
    // e.g. ENOENT when the binary's loader (a musl or other-CPU build) does not exist here
    [code, stdout, stderr] = [-1, "", (error as NodeJS.ErrnoException).code ?? (error as Error).message];
  }
  if (code !== 0 || !stdout.startsWith(`duvo ${version} `)) {
    const said = (stderr || stdout).trim().split("\n")[0];
    throw new CliError(`the downloaded duvo ${version} does not run on this machine (${said || `exit ${code}`}); nothing was changed`);
  }
}

/**
 * Puts `staged` (in the same folder, so the rename is atomic) in place of `executable`.
 * Windows cannot overwrite a running .exe but can rename it: the old one moves aside to
 * `duvo.exe.<time>.old` (removed by the next update, once it no longer runs).
 */
export async function replaceExecutable(executable: string, staged: string): Promise<void> {
  if (process.platform !== "win32") {
    await chmod(staged, 0o755);
    await rename(staged, executable);
    return;
  }
  const aside = `${executable}.${Date.now()}.old`;
  await rename(executable, aside);
  try {
    await rename(staged, executable);
  } catch (error) {
    await rename(aside, executable);
    throw error;
  }
}

/** Best effort: old binaries set aside by earlier updates on Windows. */
export async function removeSetAside(executable: string): Promise<void> {
  const folder = dirname(executable);
  const prefix = `${basename(executable)}.`;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith(".old")) await rm(join(folder, name), { force: true }).catch(() => {});
  }
}

/** A private folder beside the binary (same file system, so the final rename is atomic). */
export async function stagingFolder(executable: string): Promise<string> {
  const folder = dirname(executable);
  try {
    return await mkdtemp(join(folder, ".duvo-update-"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new CliError(`cannot write to ${folder} (${code})`, undefined, `Run the update as the user that owns ${folder} (e.g. with sudo), or reinstall with install.sh.`);
    }
    throw error;
  }
}

const RETRIES = 2;

/** GET with a couple of retries on network errors and 5xx; 404 is NotFoundError. */
async function download(url: string, { signal, timeoutMs }: FetchContext, what: string): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const signals = timeoutMs > 0 ? [signal, AbortSignal.timeout(timeoutMs)] : [signal];
    let failure: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.any(signals), redirect: "follow" });
      if (response.ok) return response;
      await response.body?.cancel();
      if (response.status === 404) throw new NotFoundError(`${what} not found: ${url} answered 404`);
      failure = `${url} answered ${response.status}`;
      if (response.status < 500 && response.status !== 429) throw new CliError(`cannot download ${what}: ${failure}`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (signal.aborted) throw new InterruptedError(signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT");
      failure = `${(error as Error).name === "TimeoutError" ? "timed out" : (error as Error).message} (${url})`;
    }
    if (attempt >= RETRIES) throw new CliError(`cannot download ${what}: ${failure}`);
    await Bun.sleep(500 * 2 ** attempt);
  }
}
