import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { configPath, readConfig, writeConfig } from "../../config/config-file.ts";
import { printProfiles } from "./_print-profiles.ts";
import { unknownProfile } from "../../config/profiles.ts";
import { profileNameArg } from "./use.ts";
import { confirmOrRefuse, yesArg } from "../../cli/confirm.ts";

export default leafCommand({
  meta: {
    description: "Remove a profile and its key from the config file",
    examples: ["duvo profiles remove old", "duvo profiles remove old -y"],
    notes: "On a terminal it asks first (-y skips the question); without a terminal it needs -y.",
  },
  args: { ...profileNameArg, ...yesArg, ...jsonArgs },
  async run(args, runtime) {
    const path = configPath(runtime.io.env);
    const config = readConfig(path);
    if (!config.profiles[args.name]) throw unknownProfile(args.name, Object.keys(config.profiles));
    await confirmOrRefuse(runtime, `Remove profile "${args.name}" and its API key?`, args.yes === true, "profiles remove");
    const { [args.name]: _removed, ...profiles } = config.profiles;
    const remaining = Object.keys(profiles);
    let defaultProfile = config.defaultProfile;
    if (defaultProfile === args.name) defaultProfile = remaining.length === 1 ? remaining[0] : undefined;
    const updated = { ...config, defaultProfile, profiles };
    writeConfig(path, updated);
    runtime.log.success(`Removed profile "${args.name}"`);
    if (config.defaultProfile === args.name) {
      if (defaultProfile) runtime.log.info(`The default profile is now "${defaultProfile}".`);
      else if (remaining.length) runtime.log.warn("No default profile now: choose one with `duvo profiles use <name>`.");
    }
    if (args.json) await printProfiles(runtime, updated, true);
  },
});
