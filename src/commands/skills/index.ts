import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Skills: instructions and files agents can use",
    examples: ["duvo skills list", "duvo skills upload SKILL.md", "duvo skills install <system-skill-id>"],
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    system: () => import("./system.ts").then((module) => module.default),
    install: () => import("./install.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    upload: () => import("./upload.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
    files: () => import("./files.ts").then((module) => module.default),
    "file-get": () => import("./file-get.ts").then((module) => module.default),
    "file-update": () => import("./file-update.ts").then((module) => module.default),
    download: () => import("./download.ts").then((module) => module.default),
    assignments: () => import("./assignments.ts").then((module) => module.default),
    generate: () => import("./generate.ts").then((module) => module.default),
  },
});
