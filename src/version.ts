import packageJson from "../package.json" with { type: "json" };

/** Injected by `bun build --define DUVO_VERSION=...`; falls back to package.json when run from source. */
declare const DUVO_VERSION: string | undefined;

export const version: string = typeof DUVO_VERSION === "string" ? DUVO_VERSION : packageJson.version;
export const repository: string = packageJson.repository;
/** The User-Agent of every API request (the client's, and the GETs sent ahead of a command: src/cli/early.ts). */
export const userAgent = `duvo/${version}`;

export function versionLine(): string {
  return `duvo ${version} (${process.platform}-${process.arch}, bun ${Bun.version})`;
}
