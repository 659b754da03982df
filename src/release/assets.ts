/**
 * Names of release assets and the SHA256SUMS file that lists them (docs/contract.md, "Releases" and
 * install layout"). The build script, the Homebrew/scoop generators and `duvo update` all
 * read these names from here; install.sh spells the same rules in shell.
 */

/** `<os>-<arch>[-musl|-baseline]`, e.g. `linux-x64`, `linux-arm64-musl`, `windows-x64`. */
export type TargetName = string;

export function isWindowsTarget(target: TargetName): boolean {
  return target.startsWith("windows-");
}

/**
 * How an archive is packed: `tar.gz` (every Linux and macOS build), `tar.xz` beside it (the
 * same files, ~30% smaller; install.sh and `duvo update` take it when `xz` is installed), or
 * `zip` (Windows, its only archive).
 */
export type ArchiveKind = "tar.gz" | "tar.xz" | "zip";

/** The kinds of archive a release has for `target`, the one every installer can read first. */
export function archiveKinds(target: TargetName): ArchiveKind[] {
  return isWindowsTarget(target) ? ["zip"] : ["tar.gz", "tar.xz"];
}

/** `duvo-<version>-<target>.tar.gz` (or `.tar.xz` when asked), or `.zip` for Windows. */
export function assetName(version: string, target: TargetName, kind: "tar.gz" | "tar.xz" = "tar.gz"): string {
  return `duvo-${version}-${target}.${isWindowsTarget(target) ? "zip" : kind}`;
}

/** The binary at the top of an archive. */
export function executableName(target: TargetName): string {
  return isWindowsTarget(target) ? "duvo.exe" : "duvo";
}

/** The version an asset of `target` (packed as `kind`) carries in its name, or undefined if it is not one. */
export function versionOfAsset(asset: string, target: TargetName, kind: "tar.gz" | "tar.xz" = "tar.gz"): string | undefined {
  const suffix = `-${target}.${isWindowsTarget(target) ? "zip" : kind}`;
  if (!asset.startsWith("duvo-") || !asset.endsWith(suffix)) return undefined;
  const version = asset.slice("duvo-".length, -suffix.length);
  return isVersion(version) ? version : undefined;
}

/** `1.2.3`, `1.2.3-rc.1` (what a release tag carries after its `v`). */
export function isVersion(text: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(text);
}

/** `v1.2.3` and `1.2.3` both mean 1.2.3 (DUVO_VERSION and `duvo update --version`). */
export function normalizeVersion(text: string): string | undefined {
  const version = text.trim().replace(/^v/, "");
  return isVersion(version) ? version : undefined;
}

/** Parses sha256sum output (`<hex>  <name>`, or `<hex> *<name>` in binary mode): name → hash. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trim());
    if (match) sums.set(match[2]!, match[1]!.toLowerCase());
  }
  return sums;
}

/** sha256sum's own format, sorted by name, so `sha256sum -c SHA256SUMS` checks the files. */
export function formatChecksums(sums: Map<string, string>): string {
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, hash]) => `${hash}  ${name}\n`)
    .join("");
}

/** The asset of `target` (packed as `kind`; `.zip` for Windows whatever it says) listed in SHA256SUMS, with its version and hash. */
export function findAsset(sums: Map<string, string>, target: TargetName, kind: "tar.gz" | "tar.xz" = "tar.gz"): { asset: string; version: string; sha256: string } | undefined {
  for (const [asset, sha256] of sums) {
    const version = versionOfAsset(asset, target, kind);
    if (version) return { asset, version, sha256 };
  }
  return undefined;
}

/** DUVO_DOWNLOAD_URL's default: the GitHub Releases of the repository named in package.json. */
export function releasesUrl(repository: string): string {
  return `https://github.com/${repository}/releases`;
}

/** One release's version and assets, read back from its SHA256SUMS (the names carry the version). */
export function releaseFromChecksums(text: string, targets: TargetName[]): { version: string; assets: Map<TargetName, { asset: string; sha256: string }> } {
  const sums = parseChecksums(text);
  const assets = new Map<TargetName, { asset: string; sha256: string }>();
  let version: string | undefined;
  for (const target of targets) {
    const found = findAsset(sums, target);
    if (!found) throw new Error(`SHA256SUMS lists no asset for ${target}`);
    if (version !== undefined && found.version !== version) throw new Error(`SHA256SUMS mixes versions ${version} and ${found.version}`);
    version = found.version;
    assets.set(target, { asset: found.asset, sha256: found.sha256 });
  }
  if (version === undefined) throw new Error("no targets asked for");
  return { version, assets };
}
