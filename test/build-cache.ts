/**
 * Builds the tests reuse across `bun test` runs when nothing that goes into them changed:
 * the compiled `dist/duvo` (preload.ts) and the release archives (release-fixture.ts). Each
 * is keyed by a SHA-256 of every file of the repository outside `test/` (tracked or new, as
 * `git ls-files` lists them: the sources, the lock file, the patches, the README and man pages
 * the archives carry), Bun's version and the build's own options. A run after an edit to
 * anything but a test builds again; a run after a test-only edit, or a second run, does not.
 * Outside a git checkout nothing is reused.
 *
 * Why: these builds are the suite's largest costs (the release archives took 343 s on a busy
 * machine: nine 110 MB binaries compiled, gzipped and two of them xz-compressed), and they
 * were the same bytes every run.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");

let filesHash: string | null | undefined;

/** SHA-256 of the repository's files outside test/ (names and bytes); null outside a git checkout. */
function repositoryHash(): string | null {
  if (filesHash !== undefined) return filesHash;
  const listed = Bun.spawnSync(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (listed.exitCode !== 0) return (filesHash = null);
  const hash = createHash("sha256");
  const files = [
    ...new Set(
      listed.stdout
        .toString()
        .split("\0")
        .filter((file) => file && !file.startsWith("test/") && !file.endsWith(".bun-build")), // not a compile's output in progress
    ),
  ].sort();
  for (const file of files) {
    const path = join(ROOT, file);
    if (!existsSync(path)) continue; // deleted, not yet staged
    hash.update(`${file}\0`).update(readFileSync(path)).update("\0");
  }
  return (filesHash = hash.digest("hex"));
}

/** Set to "off" for runs that must build from scratch and would leave builds nobody reuses (a clone in a temporary folder). */
export const BUILD_CACHE = "DUVO_TEST_BUILD_CACHE";

/** The key of a build: the repository's files, Bun's version and `options`; null when nothing may be reused. */
export function buildKey(options: unknown): string | null {
  if (process.env[BUILD_CACHE] === "off") return null;
  const files = repositoryHash();
  if (files === null) return null;
  return createHash("sha256")
    .update(`${files}\n${Bun.version}\n${JSON.stringify(options)}`)
    .digest("hex")
    .slice(0, 24);
}

/** The folder kept for this checkout's builds of `kind` (outside the run's temporary folder, which is removed). */
function cacheRoot(kind: string): string {
  const checkout = createHash("sha256").update(ROOT).digest("hex").slice(0, 12);
  return join(tmpdir(), "duvo-test-builds", checkout, kind);
}

/**
 * The folder holding `kind`'s build for `key`: reused when a finished one is there, else
 * made by `build(folder)` in a folder of its own and moved into place (so a run stopped
 * half-way leaves nothing to reuse). Older builds of `kind` for this checkout are removed.
 */
export async function cachedFolder(kind: string, key: string, build: (folder: string) => Promise<void>): Promise<{ folder: string; reused: boolean }> {
  const root = cacheRoot(kind);
  const folder = join(root, key);
  if (existsSync(join(folder, ".complete"))) return { folder, reused: true };
  mkdirSync(root, { recursive: true });
  const building = join(root, `${key}.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building);
  await build(building);
  await Bun.write(join(building, ".complete"), "");
  for (const old of readdirSync(root)) {
    const builder = /\.building-(\d+)$/.exec(old)?.[1];
    if (old === key || (builder !== undefined && alive(Number(builder)))) continue;
    rmSync(join(root, old), { recursive: true, force: true }); // an older build, or one a stopped run left
  }
  try {
    renameSync(building, folder);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another run finished the same build first
  }
  return { folder, reused: false };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Puts the file `name` of a cached folder at `target` (a copy moved into place: a running binary is never written over). */
export function placeFile(folder: string, name: string, target: string): void {
  const partial = `${target}.partial-${process.pid}`;
  mkdirSync(join(target, ".."), { recursive: true });
  copyFileSync(join(folder, name), partial);
  renameSync(partial, target);
}
