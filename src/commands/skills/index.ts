import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Skills: instructions and files agents can use",
    examples: ["duvo skills list", "duvo skills upload SKILL.md"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    upload: () => import("./upload.ts").then((module) => module.default),
    download: () => import("./download.ts").then((module) => module.default),
  },
});
