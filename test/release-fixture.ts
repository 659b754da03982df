/**
 * Real releases for the install, update and release tests: built by scripts/build.ts (the
 * same code the release workflow runs) as two versions, once per `bun test` run and again
 * only when a file outside test/ changed (build-cache.ts), and
 * served on 127.0.0.1 in the release layout (`/download/v<version>/<asset>`, and
 * `/latest/download/<asset>` redirecting there, as GitHub does).
 *
 * OLD has only this machine's target (the binary `duvo update` starts from); NEW has every
 * target, so installs on faked platforms find their asset. Both have a `.tar.xz` of this
 * machine's target beside its `.tar.gz` (a release has one for every Linux and macOS target).
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { buildRelease, TARGETS, type BuildOptions, type Release } from "../scripts/build.ts";
import { buildKey, cachedFolder } from "./build-cache.ts";
import { assetName } from "../src/release/assets.ts";
import { tempDir } from "./helpers.ts";

export const OLD = "1.0.0";
export const NEW = "1.1.0";
export const HOST_TARGET = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;

export interface Releases {
  folder: string;
  old: Release;
  new: Release;
  /** Seconds the build took. */
  seconds: number;
}

let releases: Promise<Releases> | undefined;
/** A temporary folder for releases and installs (~100 MB each), removed when the run ends. */
export function scratch(prefix: string): string {
  return tempDir(prefix);
}

// Level 1: the same archives, built ~5 s faster than the release's level; a `.tar.xz` (level 0)
// only for this machine's target, the one installs and updates here download.
const BUILDS: BuildOptions[] = [
  { version: OLD, targets: [HOST_TARGET], compressionLevel: 1, xzTargets: [HOST_TARGET], xzLevel: 0 },
  { version: NEW, targets: TARGETS.map((target) => target.name), compressionLevel: 1, xzTargets: [HOST_TARGET], xzLevel: 0 },
];

/**
 * The two releases, built by scripts/build.ts; reused from an earlier run when no file outside
 * test/ changed since (build-cache.ts). `seconds` is what this run spent on them.
 */
export function builtReleases(): Promise<Releases> {
  releases ??= (async () => {
    const started = performance.now();
    const build = async (folder: string) => {
      const built = await Promise.all(BUILDS.map((options) => buildRelease({ ...options, outDir: join(folder, `v${options.version}`) })));
      await Bun.write(join(folder, "releases.json"), JSON.stringify(built));
    };
    const key = buildKey({ releases: BUILDS });
    let folder: string;
    if (key === null) await build((folder = scratch("duvo-releases-")));
    else folder = (await cachedFolder("releases", key, build)).folder;
    // Each release's folder as it is now (a build made elsewhere was moved here).
    const [old, current] = (JSON.parse(readFileSync(join(folder, "releases.json"), "utf8")) as Release[]).map((release) => ({
      ...release,
      outDir: join(folder, `v${release.version}`),
    }));
    return { folder, old: old!, new: current!, seconds: (performance.now() - started) / 1000 };
  })();
  return releases;
}

export interface ReleaseServer {
  /** What DUVO_DOWNLOAD_URL is set to. */
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  stop(): void;
}

export interface ServeOptions {
  /** The version `/latest/` points at (default NEW). */
  latest?: string;
  /** Asset names served with one byte changed (their SHA256SUMS line stays as it was). */
  tamper?: string[];
}

export async function serveReleases(options: ServeOptions = {}): Promise<ReleaseServer> {
  const { folder } = await builtReleases();
  const latest = options.latest ?? NEW;
  const requests: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      requests.push(path);
      const latestMatch = /^\/latest\/download\/([^/]+)$/.exec(path);
      if (latestMatch) return Response.redirect(`/download/v${latest}/${latestMatch[1]}`, 302);
      const match = /^\/download\/(v[^/]+)\/([^/]+)$/.exec(path);
      const file = match ? Bun.file(join(folder, match[1]!, match[2]!)) : undefined;
      if (!file || !(await file.exists())) return new Response("Not Found", { status: 404 });
      if (options.tamper?.includes(match![2]!)) {
        const bytes = await file.bytes();
        const middle = bytes.length >> 1;
        bytes[middle] = bytes[middle]! ^ 0xff;
        return new Response(bytes);
      }
      return new Response(file);
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}

/** Unpacks `version`'s binary for `target` (from its `.tar.gz`, or `kind`) into `folder` (as install.sh would) and returns its path. */
export async function unpackBinary(version: string, target: string, folder: string, kind: "tar.gz" | "tar.xz" = "tar.gz"): Promise<string> {
  const { folder: releasesFolder } = await builtReleases();
  const { unpackExecutable } = await import("../src/release/self-update.ts");
  await mkdir(folder, { recursive: true });
  return unpackExecutable(join(releasesFolder, `v${version}`, assetName(version, target, kind)), target, folder);
}

/** Whether this machine has xz: install.sh and `duvo update` then take the `.tar.xz`. */
export const HAS_XZ = process.platform !== "win32" && Bun.which("xz") !== null;
/** The archive install.sh and `duvo update` take here for this machine's target. */
export const HOST_KIND = HAS_XZ ? "tar.xz" : "tar.gz";

/**
 * A PATH with every program of this one but `names` (symlinks in one folder): how a machine
 * without xz looks to install.sh and `duvo update`.
 */
export async function pathWithout(names: string[]): Promise<string> {
  const folder = scratch("duvo-path-");
  const seen = new Set(names);
  for (const dir of (process.env.PATH ?? "").split(":")) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (seen.has(name)) continue;
      seen.add(name);
      await symlink(join(dir, name), join(folder, name));
    }
  }
  return folder;
}
