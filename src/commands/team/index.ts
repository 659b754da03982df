import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The team commands act in: show it, its members, choose a profile's team",
    examples: ["duvo team current", "duvo team members --json", "duvo team use <team-id>"],
    notes: "The team is --team, else DUVO_TEAM_ID, else the profile's team (duvo team use), else the key's only team; a key that sees several teams needs one of those.",
  },
  subCommands: {
    current: () => import("./current.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    members: () => import("./members.ts").then((module) => module.default),
    use: () => import("./use.ts").then((module) => module.default),
  },
});
