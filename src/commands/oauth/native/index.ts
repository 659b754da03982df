import { groupCommand } from "../../../cli/command.ts";

export default groupCommand({
  meta: { description: "OAuth connections with native providers (Gmail, Google Sheets, Slack, Outlook, …)", examples: ["duvo oauth native start gmail"] },
  subCommands: { start: () => import("./start.ts").then((module) => module.default) },
});
