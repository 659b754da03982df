import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { configPath, readConfig, writeConfig } from "../../config/config-file.ts";
import { checkProfileName, unknownProfile } from "../../config/profiles.ts";
import { UsageError } from "../../errors.ts";
import { printProfiles } from "./_print-profiles.ts";

export default leafCommand({
  meta: {
    description: "Rename a profile (it stays the default if it was)",
    examples: ["duvo profiles rename default work", "duvo profiles rename ci ci-eu --json"],
  },
  args: {
    old: { type: "positional", description: "The profile's name now", required: true },
    new: { type: "positional", description: "Its new name", required: true },
    ...jsonArgs,
  },
  async run(args, runtime) {
    checkProfileName(args.new, "the new name");
    const path = configPath(runtime.io.env);
    const config = readConfig(path);
    if (!config.profiles[args.old]) throw unknownProfile(args.old, Object.keys(config.profiles));
    if (args.new === args.old) throw new UsageError(`the profile is already called "${args.new}"`);
    if (config.profiles[args.new]) throw new UsageError(`a profile called "${args.new}" exists already: remove it first (duvo profiles remove ${args.new})`);
    // Rebuilt in the same order, so the list keeps its order; no prototype, as profile names are not object keys.
    const profiles = Object.assign(
      Object.create(null),
      Object.fromEntries(Object.entries(config.profiles).map(([name, profile]) => [name === args.old ? args.new : name, profile])),
    ) as typeof config.profiles;
    const updated = { ...config, defaultProfile: config.defaultProfile === args.old ? args.new : config.defaultProfile, profiles };
    writeConfig(path, updated);
    runtime.log.success(`Renamed profile "${args.old}" to "${args.new}"${updated.defaultProfile === args.new ? " (the default)" : ""}`);
    if (runtime.io.env.DUVO_PROFILE === args.old) runtime.log.warn(`DUVO_PROFILE still names "${args.old}"`);
    if (args.json) await printProfiles(runtime, updated, true);
  },
});
