import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "List the saved profiles, choose the default one, rename or remove one",
    examples: ["duvo profiles list", "duvo profiles use ci", "duvo profiles remove old"],
    notes: "Profiles live in the config file (DUVO_CONFIG_DIR, else ~/.config/duvo/config.json); `duvo login` creates them.",
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    use: () => import("./use.ts").then((module) => module.default),
    rename: () => import("./rename.ts").then((module) => module.default),
    remove: () => import("./remove.ts").then((module) => module.default),
  },
});
