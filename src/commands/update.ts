import { jsonArgs, leafCommand } from "../cli/command.ts";
import { CliError, InterruptedError, UsageError } from "../errors.ts";
import { normalizeVersion } from "../release/assets.ts";
import { repository, version } from "../version.ts";

export default leafCommand({
  meta: {
    description: "Update duvo to the latest release (or --version); for Homebrew and scoop, print their command",
    examples: ["duvo update", "duvo update --check", "duvo update --version 1.2.3", "duvo update --check --json | jq .updateAvailable"],
    notes:
      "For a binary installed by install.sh (install-receipt.json beside it): downloads the archive for its\n" +
      "target from DUVO_DOWNLOAD_URL, else from where it was installed, checks its SHA-256 against the release's\n" +
      "SHA256SUMS, checks that it runs, and replaces the binary atomically. --check only says whether a newer\n" +
      "release exists (on stdout, exit 0).\n" +
      "--json prints {version, latest, updateAvailable, updated, installedBy, path, command}: the running version, the\n" +
      "release found (null for Homebrew and scoop, which update themselves: command says how), and what was done.",
  },
  args: {
    check: { type: "boolean", description: "Only say whether a newer release exists" },
    version: { type: "string", description: "Install this version (1.2.3 or v1.2.3), newer or older", valueHint: "v" },
    ...jsonArgs,
  },
  async run(args, runtime) {
    // Loaded here, not at the top: `duvo --help` lists this command without paying for them.
    const { rm } = await import("node:fs/promises");
    const { receiptPath, writeReceipt } = await import("../release/receipt.ts");
    const {
      checkDownloadUrl,
      checkRuns,
      detectInstallation,
      downloadRelease,
      isCompiledBinary,
      preferredKind,
      removeSetAside,
      replaceExecutable,
      resolveLatest,
      resolveVersion,
      stagingFolder,
    } = await import("../release/self-update.ts");
    const { env, signal } = runtime.io;
    const json = args.json === true || runtime.jq !== undefined;
    const report = async (fields: { latest: string | null; updateAvailable: boolean | null; updated: boolean; installedBy: string; command?: string }) => {
      if (!json) return;
      const { printJson } = await import("../output/print-json.ts");
      await printJson(runtime, { version, ...fields, path: process.execPath, command: fields.command ?? null });
    };
    const requested = args.version === undefined ? undefined : normalizeVersion(args.version);
    if (args.version !== undefined && !requested) {
      throw new UsageError(`invalid value "${args.version}" for --version: expected a version like 1.2.3 or v1.2.3`);
    }
    const fromEnv = env.DUVO_DOWNLOAD_URL ? checkDownloadUrl(env.DUVO_DOWNLOAD_URL, "DUVO_DOWNLOAD_URL") : undefined;
    if (!isCompiledBinary()) {
      throw new CliError("duvo update replaces an installed binary, and this duvo runs from source", undefined, "Update the checkout with git instead.");
    }

    const executable = process.execPath;
    const installation = await detectInstallation(executable);
    if (installation.kind === "homebrew" || installation.kind === "scoop") {
      const command = installation.kind === "homebrew" ? "brew upgrade duvo" : "scoop update duvo";
      runtime.log.info(`duvo was installed with ${installation.kind === "homebrew" ? "Homebrew" : "scoop"} (${executable}); update it with:\n  ${command}`);
      return report({ latest: null, updateAvailable: null, updated: false, installedBy: installation.kind, command });
    }
    if (installation.kind === "unknown") {
      throw new CliError(
        `cannot update ${executable}: it was not installed by install.sh (there is no install-receipt.json beside it)`,
        undefined,
        `Reinstall with: curl -fsSL https://github.com/${repository}/releases/latest/download/install.sh | sh`,
      );
    }

    const { receipt } = installation;
    const base = fromEnv ?? checkDownloadUrl(receipt.source, `source in ${receiptPath(executable)}`);
    const context = { signal, timeoutMs: secondsFrom(env.DUVO_HTTP_TIMEOUT, 30) * 1000 };
    // `.tar.xz` when xz is there to unpack it (a smaller download), else `.tar.gz`.
    const kind = preferredKind(receipt.target, env);
    const release = requested ? await resolveVersion(base, requested, receipt.target, context, kind) : await resolveLatest(base, receipt.target, context, kind);
    const order = Bun.semver.order(release.version, version);

    const available = requested ? order !== 0 : order > 0;
    if (args.check && json) return report({ latest: release.version, updateAvailable: available, updated: false, installedBy: "install.sh" });
    if (args.check) {
      const line = requested
        ? order === 0
          ? `duvo ${version} is already version ${requested}`
          : `duvo ${release.version} is available (this is ${version}): run "duvo update --version ${release.version}"`
        : order > 0
          ? `update available: duvo ${version} → ${release.version}: run "duvo update"`
          : `duvo ${version} is up to date (latest release: ${release.version})`;
      await runtime.io.stdout.write(`${line}\n`);
      return;
    }
    if (order === 0 || (!requested && order < 0)) {
      runtime.log.info(`duvo ${version} is up to date (${requested ? "requested" : "latest release"}: ${release.version}); nothing to do`);
      return report({ latest: release.version, updateAvailable: false, updated: false, installedBy: "install.sh" });
    }

    runtime.log.info(`Downloading duvo ${release.version} (${receipt.target}) from ${release.url}`);
    const staging = await stagingFolder(executable);
    try {
      const unpacked = await downloadRelease(release, receipt.target, staging, signal);
      await checkRuns(unpacked, release.version);
      await replaceExecutable(executable, unpacked);
    } catch (error) {
      if (error instanceof InterruptedError) runtime.log.warn("update stopped; nothing was changed");
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    try {
      await writeReceipt(executable, { ...receipt, version: release.version, source: base });
    } catch (error) {
      runtime.log.warn(`updated, but could not rewrite ${receiptPath(executable)}: ${(error as Error).message}`);
    }
    await removeSetAside(executable);
    runtime.log.success(`Updated duvo ${version} → ${release.version} (${executable})`);
    await report({ latest: release.version, updateAvailable: true, updated: true, installedBy: "install.sh" });
  },
});

function secondsFrom(value: string | undefined, fallback: number): number {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds > 0 ? seconds : fallback;
}
