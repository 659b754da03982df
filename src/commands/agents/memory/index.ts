import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "What an agent remembers across runs (agentic memory): its files",
    examples: ["duvo agents memory files <agent-id>", "duvo agents memory file-get <agent-id> learnings/vendors.md"],
  },
  subCommands: {
    files: () => import("./files.ts").then((module) => module.default),
    "file-get": () => import("./file-get.ts").then((module) => module.default),
  },
});
