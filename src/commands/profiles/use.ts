import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { configPath, readConfig, writeConfig } from "../../config/config-file.ts";
import { unknownProfile } from "../../config/profiles.ts";
import { printProfiles } from "./_print-profiles.ts";

export const profileNameArg = {
  name: { type: "positional", description: "The profile's name", required: true },
} as const;

export default leafCommand({
  meta: {
    name: "use",
    description: "Make a profile the default one",
    examples: ["duvo profiles use ci"],
  },
  args: { ...profileNameArg, ...jsonArgs },
  async run(args, runtime) {
    const path = configPath(runtime.io.env);
    const config = readConfig(path);
    if (!config.profiles[args.name]) throw unknownProfile(args.name, Object.keys(config.profiles));
    const updated = { ...config, defaultProfile: args.name };
    writeConfig(path, updated);
    runtime.log.success(`The default profile is now "${args.name}"`);
    if (args.json) await printProfiles(runtime, updated, true);
  },
});
