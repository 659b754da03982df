/**
 * A revision's config (the JSON that `--config` and `--config-file` take), checked against the
 * document's schema for a new revision's config before anything is sent, naming the field.
 */
import { describeIssue } from "../../api/issues.ts";
import type { Runtime } from "../../cli/runtime.ts";
import { UsageError } from "../../errors.ts";
import { readJsonFile, shownPath } from "../_files.ts";

export async function revisionConfigSchema() {
  const { createRevision } = await import("../../api/generated/revisions.ts");
  const v = await import("valibot");
  return v.unwrap(createRevision().body.entries.config);
}

/** The models an agent can run on (`config.data.models.agent.model`), as the document lists them. */
export async function agentModels(): Promise<string[]> {
  const schema = await revisionConfigSchema();
  return [...schema.entries.data.entries.models.entries.agent.entries.model.options];
}

/** Checks a config; the error names the field and where the config came from. */
export async function checkRevisionConfig(config: unknown, from: string): Promise<void> {
  const v = await import("valibot");
  const result = v.safeParse(await revisionConfigSchema(), config);
  if (!result.success) throw new UsageError(`invalid config in ${from}: ${describeIssue(result.issues[0], "config")}`);
}

/** Reads and checks the config file of `flag` (`-` for stdin). */
export async function readRevisionConfig(runtime: Runtime, source: string, flag: string): Promise<unknown> {
  const config = await readJsonFile(runtime, source, flag);
  await checkRevisionConfig(config, `${flag} ${source === "-" ? "- (stdin)" : shownPath(source)}`);
  return config;
}
