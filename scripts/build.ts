/**
 * The release build: `bun scripts/build.ts` compiles every target below into
 * `dist/release/` as the archives of docs/contract.md ("Releases"; a `.tar.xz` beside each
 * `.tar.gz`, written by the system's `xz`) plus `SHA256SUMS`, and `install.sh` with the
 * repository filled in. `--target <name>` (repeatable)
 * builds only those. `bun run build` stays the host-only `dist/duvo`.
 *
 * Run as a script, it first brings the generated help screens up to date (scripts/gen-help.ts).
 *
 * Set SOURCE_DATE_EPOCH (the release workflow uses the tagged commit's time) to stamp the
 * archive entries with it instead of now.
 */
import { availableParallelism } from "node:os";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import { assetName, executableName, formatChecksums } from "../src/release/assets.ts";
import { RELEASE_LEVEL, tarGz, tarXz, XZ_RELEASE_LEVEL, zip, type ArchiveEntry } from "./archive.ts";
import { bytecodeOrderFiles, compile } from "./compile.ts";

const ROOT = join(import.meta.dir, "..");

export interface ReleaseTarget {
  /** The asset's `<os>-<arch>[-musl|-baseline]`, also what install.sh and the receipt call it. */
  name: string;
  /** `bun build --compile --target=...` */
  bunTarget: string;
  /**
   * Bytecode halves start-up (about 23 → 12 ms here). It is on only where the binary was seen
   * to run: linux x64 natively and linux arm64 under qemu, by test/release.test.ts. musl,
   * macOS and Windows binaries cannot run on the build machine (they need their own OS or libc).
   */
  bytecode: boolean;
}

export const TARGETS: ReleaseTarget[] = [
  { name: "linux-x64", bunTarget: "bun-linux-x64", bytecode: true },
  { name: "linux-x64-baseline", bunTarget: "bun-linux-x64-baseline", bytecode: true }, // CPUs without AVX2
  { name: "linux-arm64", bunTarget: "bun-linux-arm64", bytecode: true },
  { name: "linux-x64-musl", bunTarget: "bun-linux-x64-musl", bytecode: false }, // Alpine: needs libstdc++ libgcc
  { name: "linux-arm64-musl", bunTarget: "bun-linux-arm64-musl", bytecode: false },
  { name: "darwin-x64", bunTarget: "bun-darwin-x64", bytecode: false },
  { name: "darwin-arm64", bunTarget: "bun-darwin-arm64", bytecode: false },
  { name: "windows-x64", bunTarget: "bun-windows-x64", bytecode: false },
];

export interface BuildOptions {
  /** Target names; every target when absent. */
  targets?: string[];
  outDir?: string;
  /** package.json's when absent (tests build releases of other versions). */
  version?: string;
  log?: (line: string) => void;
  /** gzip level (1-9); releases use RELEASE_LEVEL, the tests 1 to build faster. */
  compressionLevel?: number;
  /** The targets that also get a `.tar.xz` (every Linux and macOS one when absent; tests ask for fewer: xz is slow). */
  xzTargets?: string[];
  /** xz level (0-9); releases use XZ_RELEASE_LEVEL, the tests 0. */
  xzLevel?: number;
  /**
   * Lay out the bytecode targets' bytecode by a host build's runs (scripts/bytecode-order.ts):
   * the release script does; tests leave it off (it changes only the layout, and costs a build).
   */
  bytecodeOrder?: boolean;
}

export interface BuiltAsset {
  target: string;
  asset: string;
  sha256: string;
  binaryBytes: number;
  archiveBytes: number;
  /** The `.tar.xz` beside the `.tar.gz` (Linux and macOS). */
  xz?: { asset: string; sha256: string; archiveBytes: number };
}

export interface Release {
  version: string;
  outDir: string;
  assets: BuiltAsset[];
}

export async function buildRelease(options: BuildOptions = {}): Promise<Release> {
  const version = options.version ?? packageJson.version;
  const outDir = options.outDir ?? join(ROOT, "dist", "release");
  const targets = selectTargets(options.targets);
  const mtime = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
  const [readme, license] = await Promise.all([Bun.file(join(ROOT, "README.md")).bytes(), Bun.file(join(ROOT, "LICENSE")).bytes()]);
  // The man pages (man/man1, made by scripts/man-pages.ts), as the repository has them.
  const manPages = await Promise.all(
    (await readdir(join(ROOT, "man", "man1")))
      .sort()
      .map(async (file) => ({ name: `man/man1/${file}`, data: await Bun.file(join(ROOT, "man", "man1", file)).bytes(), mode: 0o644 })),
  );

  // A clean folder, so SHA256SUMS always lists exactly what is in it.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, ".build"), { recursive: true });

  // One host build runs the profiled commands; its order files serve every bytecode target.
  const bytecodeOrder =
    options.bytecodeOrder && targets.some((target) => target.bytecode) ? await bytecodeOrderFiles(join(outDir, ".build", "bytecode-order"), version) : undefined;

  const buildOne = async (target: ReleaseTarget): Promise<BuiltAsset> => {
    const binaryPath = join(outDir, ".build", target.name, executableName(target.name));
    await compile({ outfile: binaryPath, target: target.bunTarget, bytecode: target.bytecode, version, bytecodeOrder });
    const binary = await Bun.file(binaryPath).bytes();
    const entries: ArchiveEntry[] = [
      { name: executableName(target.name), data: binary, mode: 0o755 },
      { name: "README.md", data: readme, mode: 0o644 },
      { name: "LICENSE", data: license, mode: 0o644 },
      ...manPages,
    ];
    const asset = assetName(version, target.name);
    const level = options.compressionLevel ?? RELEASE_LEVEL;
    const archive = target.name.startsWith("windows-") ? await zip(entries, mtime, level) : await tarGz(entries, mtime, level);
    await Bun.write(join(outDir, asset), archive);
    const built: BuiltAsset = {
      target: target.name,
      asset,
      sha256: sha256(archive),
      binaryBytes: binary.length,
      archiveBytes: archive.length,
    };
    if (!target.name.startsWith("windows-") && (options.xzTargets ?? TARGETS.map((t) => t.name)).includes(target.name)) {
      const xzArchive = await tarXz(entries, mtime, options.xzLevel ?? XZ_RELEASE_LEVEL);
      const xzAsset = assetName(version, target.name, "tar.xz");
      await Bun.write(join(outDir, xzAsset), xzArchive);
      built.xz = { asset: xzAsset, sha256: sha256(xzArchive), archiveBytes: xzArchive.length };
    }
    const xzNote = built.xz ? `  ${built.xz.asset} ${megabytes(built.xz.archiveBytes)}` : "";
    options.log?.(`${target.name.padEnd(20)} binary ${megabytes(built.binaryBytes)}  ${asset} ${megabytes(built.archiveBytes)}${xzNote}`);
    return built;
  };

  const assets = await inParallel(targets, availableParallelism(), buildOne);
  await rm(join(outDir, ".build"), { recursive: true, force: true });
  const sums = new Map(assets.flatMap((built) => [[built.asset, built.sha256] as const, ...(built.xz ? [[built.xz.asset, built.xz.sha256] as const] : [])]));
  await Bun.write(join(outDir, "SHA256SUMS"), formatChecksums(sums));
  await Bun.write(join(outDir, "install.sh"), await installScript());
  return { version, outDir, assets };
}

/** install.sh as published: the checked-in script with the repository (named once, in package.json) filled in. */
export async function installScript(): Promise<string> {
  const script = await Bun.file(join(ROOT, "install.sh")).text();
  if (!script.includes("@REPOSITORY@")) throw new Error("install.sh has no @REPOSITORY@ placeholder");
  return script.replaceAll("@REPOSITORY@", packageJson.repository);
}

function selectTargets(names: string[] | undefined): ReleaseTarget[] {
  if (!names?.length) return TARGETS;
  return names.map((name) => {
    const target = TARGETS.find((candidate) => candidate.name === name);
    if (!target) throw new Error(`unknown target "${name}"; targets: ${TARGETS.map((t) => t.name).join(", ")}`);
    return target;
  });
}

async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function sha256(bytes: Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

if (import.meta.main) {
  const { values } = (await import("node:util")).parseArgs({
    options: { target: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(`usage: bun scripts/build.ts [--target <name>]...\ntargets: ${TARGETS.map((t) => t.name).join(", ")}`);
    process.exit(0);
  }
  const started = performance.now();
  try {
    const regenerated = await (await import("./gen-help.ts")).writeHelpFiles();
    if (regenerated.length) console.error(`regenerated ${regenerated.join(", ")} (the command tree changed)`);
    const release = await buildRelease({ targets: values.target, log: (line) => console.error(line), bytecodeOrder: true });
    console.error(
      `built duvo ${release.version}: ${release.assets.length} archives, SHA256SUMS and install.sh in ${release.outDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
