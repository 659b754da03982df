/**
 * `install-receipt.json`, left beside the binary by install.sh (and rewritten by
 * `duvo update`): which release and target the binary is, and where it came from.
 * Its presence is what marks a curl-installed binary that may replace itself.
 */
import { rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as v from "valibot";
import { CliError } from "../errors.ts";

export const RECEIPT_FILE = "install-receipt.json";

const ReceiptSchema = v.looseObject({
  version: v.string(),
  /** e.g. `linux-x64`, `linux-arm64-musl`, `windows-x64` (the asset name's tail). */
  target: v.pipe(v.string(), v.regex(/^(linux|darwin|windows)-(x64|arm64)(-musl|-baseline)?$/)),
  /** The DUVO_DOWNLOAD_URL it was installed from, e.g. https://github.com/<owner>/<repo>/releases. */
  source: v.string(),
});
export type InstallReceipt = v.InferOutput<typeof ReceiptSchema>;

export function receiptPath(executable: string): string {
  return join(dirname(executable), RECEIPT_FILE);
}

/** The receipt beside `executable`, or undefined when there is none. */
export async function readReceipt(executable: string): Promise<InstallReceipt | undefined> {
  const path = receiptPath(executable);
  const file = Bun.file(path);
  if (!(await file.exists())) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw new CliError(`${path} is not valid JSON`, undefined, "Reinstall with install.sh to recreate it.");
  }
  const result = v.safeParse(ReceiptSchema, parsed);
  if (!result.success) {
    const issue = result.issues[0];
    throw new CliError(`${path} is not an install receipt (${v.getDotPath(issue) ?? "it"}: ${issue.message})`, undefined, "Reinstall with install.sh to recreate it.");
  }
  return result.output;
}

/** Written atomically (temp file + rename), like install.sh does. */
export async function writeReceipt(executable: string, receipt: InstallReceipt): Promise<void> {
  const path = receiptPath(executable);
  const staged = `${path}.${process.pid}.tmp`;
  try {
    await Bun.write(staged, `${JSON.stringify(receipt, null, 2)}\n`);
    await rename(staged, path);
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}
