import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Sandboxes: per-run staging folders for the files a run works on",
    examples: ["duvo sandboxes create", "duvo sandboxes upload <sandbox-id> ./invoice.pdf"],
  },
  subCommands: {
    create: () => import("./create.ts").then((module) => module.default),
    files: () => import("./files.ts").then((module) => module.default),
    upload: () => import("./upload.ts").then((module) => module.default),
    "prepare-upload-url": () => import("./prepare-upload-url.ts").then((module) => module.default),
  },
});
