import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { configPath, readConfig, writeConfig } from "../../config/config-file.ts";
import { unknownProfile } from "../../config/profiles.ts";
import { UsageError } from "../../errors.ts";
import { sanitizeLine } from "../../output/style.ts";
import { printProfiles } from "./_print-profiles.ts";

export const profileNameArg = {
  name: { type: "positional", description: "The profile's name", required: true },
} as const;

export default leafCommand({
  meta: {
    description: "Make a profile the default one (without a name: pick one on a terminal)",
    examples: ["duvo profiles use ci", "duvo profiles use              # a picker of the saved profiles"],
  },
  args: { name: { type: "positional", description: "The profile's name (asked for on a terminal when left out)", required: false }, ...jsonArgs },
  async run(args, runtime) {
    const path = configPath(runtime.io.env);
    const config = readConfig(path);
    const names = Object.keys(config.profiles);
    let name = args.name;
    if (name === undefined) {
      if (!runtime.canPrompt) throw new UsageError("no profile named", "give its name (duvo profiles use <name>), or run it on a terminal to pick one");
      if (names.length === 0) throw unknownProfile("default", names);
      const labels = names.map((candidate) => sanitizeLine(candidate));
      const picked = await runtime.prompter.select(
        "Default profile:",
        names.map((candidate, index) => ({ label: labels[index]!, hint: candidate === config.defaultProfile ? "the default now" : config.profiles[candidate]?.apiBaseUrl })),
      );
      name = names[labels.indexOf(picked)] ?? picked;
    }
    if (!config.profiles[name]) throw unknownProfile(name, names);
    const updated = { ...config, defaultProfile: name };
    writeConfig(path, updated);
    runtime.log.success(`The default profile is now "${name}"`);
    if (args.json) await printProfiles(runtime, updated, true);
  },
});
