/** The command tree. Each command's code is loaded only when it runs (or help lists it). */
import { groupCommand, type DuvoCommand } from "../cli/command.ts";

export const rootCommand: DuvoCommand = groupCommand({
  meta: {
    name: "duvo",
    description: "duvo: start Duvo agent runs, follow them live, and answer their questions.",
    examples: [
      "duvo runs start --agent <agent-id> --follow",
      "duvo runs get <run-id>",
      "duvo runs respond <run-id> --approve",
      "duvo emulator            # a local Duvo API to try everything without an account",
    ],
    notes: `Environment
  DUVO_API_KEY, DUVO_API_KEY_FILE   API key (or a file holding it)
  DUVO_API_BASE_URL                 API host (default https://api.duvo.ai)
  DUVO_PROFILE, DUVO_TEAM_ID        profile and team to use
  DUVO_CONFIG_DIR                   folder of config.json
  DUVO_NO_INPUT=1, DUVO_DEBUG=1     never prompt; log requests
  DUVO_HTTP_TIMEOUT, DUVO_RETRY_BUDGET   seconds per request (30); seconds of retrying (60)`,
  },
  subCommands: {
    runs: () => import("./runs/index.ts").then((module) => module.default),
    emulator: () => import("./emulator.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    login: () => import("./login.ts").then((module) => module.default),
    logout: () => import("./logout.ts").then((module) => module.default),
    whoami: () => import("./whoami.ts").then((module) => module.default),
    profiles: () => import("./profiles/index.ts").then((module) => module.default),
    teams: () => import("./teams/index.ts").then((module) => module.default),
    team: () => import("./team/index.ts").then((module) => module.default),
    agents: () => import("./agents/index.ts").then((module) => module.default),
    queues: () => import("./queues/index.ts").then((module) => module.default),
    secrets: () => import("./secrets/index.ts").then((module) => module.default),
    credentials: () => import("./credentials/index.ts").then((module) => module.default),
    "agent-folders": () => import("./agent-folders/index.ts").then((module) => module.default),
    revisions: () => import("./revisions/index.ts").then((module) => module.default),
    "revision-integrations": () => import("./revision-integrations/index.ts").then((module) => module.default),
    "revision-secrets": () => import("./revision-secrets/index.ts").then((module) => module.default),
    "revision-logins": () => import("./revision-logins/index.ts").then((module) => module.default),
    suggestions: () => import("./suggestions/index.ts").then((module) => module.default),
    "queue-labels": () => import("./queue-labels/index.ts").then((module) => module.default),
    cases: () => import("./cases/index.ts").then((module) => module.default),
    sandboxes: () => import("./sandboxes/index.ts").then((module) => module.default),
    files: () => import("./files/index.ts").then((module) => module.default),
    pulse: () => import("./pulse/index.ts").then((module) => module.default),
    integrations: () => import("./integrations/index.ts").then((module) => module.default),
    connections: () => import("./connections/index.ts").then((module) => module.default),
    oauth: () => import("./oauth/index.ts").then((module) => module.default),
    skills: () => import("./skills/index.ts").then((module) => module.default),
    plugins: () => import("./plugins/index.ts").then((module) => module.default),
    export: () => import("./export.ts").then((module) => module.default),
    plan: () => import("./plan.ts").then((module) => module.default),
    apply: () => import("./apply.ts").then((module) => module.default),
    guide: () => import("./guide/index.ts").then((module) => module.default),
    api: () => import("./api.ts").then((module) => module.default),
    completion: () => import("./completion.ts").then((module) => module.default),
    __complete: () => import("./complete.ts").then((module) => module.completeCommand(rootCommand)),
  },
});
