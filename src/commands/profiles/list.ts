import { jsonArgs, leafCommand } from "../../cli/command.ts";
import { configPath, readConfig } from "../../config/config-file.ts";
import { printProfiles } from "./_print-profiles.ts";

export default leafCommand({
  meta: {
    description: "List the saved profiles (* marks the default; keys shown as dv_…abcd)",
    examples: ["duvo profiles list", "duvo profiles list --json"],
  },
  args: { ...jsonArgs },
  async run(args, runtime) {
    const path = configPath(runtime.io.env);
    const config = readConfig(path);
    if (Object.keys(config.profiles).length === 0) runtime.log.info(`No profiles in ${path} yet: create one with \`duvo login\`.`);
    await printProfiles(runtime, config, args.json);
  },
});
