import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Plugins a revision can name in its config's plugins list",
    examples: ["duvo plugins list", "duvo plugins list --json | jq -r '.plugins[].name'"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
  },
});
