/**
 * `bun scripts/scoop-manifest.ts <SHA256SUMS>` prints the scoop manifest for the release
 * those sums list, with `checkver`/`autoupdate` so the bucket can follow new releases by
 * itself. The release workflow commits it to the bucket as bucket/duvo.json.
 */
import packageJson from "../package.json" with { type: "json" };
import { assetName, releaseFromChecksums, releasesUrl } from "../src/release/assets.ts";

export function scoopManifest(checksums: string, repository: string = packageJson.repository): string {
  const { version, assets } = releaseFromChecksums(checksums, ["windows-x64"]);
  const { asset, sha256 } = assets.get("windows-x64")!;
  const releases = releasesUrl(repository);
  const manifest = {
    version,
    description: packageJson.description,
    homepage: `https://github.com/${repository}`,
    license: packageJson.license,
    architecture: { "64bit": { url: `${releases}/download/v${version}/${asset}`, hash: sha256 } },
    bin: "duvo.exe",
    checkver: { github: `https://github.com/${repository}` },
    autoupdate: {
      architecture: { "64bit": { url: `${releases}/download/v$version/${assetName("$version", "windows-x64")}` } },
      // scoop finds the asset's line in the release's sha256sum-format file.
      hash: { url: "$baseurl/SHA256SUMS" },
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (import.meta.main) {
  const path = process.argv[2];
  if (!path) {
    console.error("usage: bun scripts/scoop-manifest.ts <SHA256SUMS>");
    process.exit(4);
  }
  try {
    process.stdout.write(scoopManifest(await Bun.file(path).text()));
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
