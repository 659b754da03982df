import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    name: "teams",
    description: "Show the team the API key belongs to",
    examples: ["duvo teams list", "duvo teams list --json"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
  },
});
