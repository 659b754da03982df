import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "The team's persistent files",
    examples: ["duvo files list", "duvo files content reports/summary.md"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    "upload-url": () => import("./upload-url.ts").then((module) => module.default),
    "download-url": () => import("./download-url.ts").then((module) => module.default),
    content: () => import("./content.ts").then((module) => module.default),
    "content-set": () => import("./content-set.ts").then((module) => module.default),
    rename: () => import("./rename.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});
