/** `--agent <id> --revision <id> [--integration <id>]`: the revision (and its integration) a command works on. */
import type { DuvoArgsDef } from "../../cli/command.ts";

export const revisionArgs = {
  agent: { type: "string", uuid: "agent id", description: "The agent's id", required: true, valueHint: "id" },
  revision: { type: "string", uuid: "revision id", description: "The revision's id", required: true, valueHint: "id" },
} as const satisfies DuvoArgsDef;

export const integrationArg = {
  integration: {
    type: "string",
    uuid: "integration id",
    description: "The revision's integration (its id, as revision-integrations list shows it)",
    required: true,
    valueHint: "id",
  },
} as const satisfies DuvoArgsDef;

export const revisionPath = (args: { agent: string; revision: string }) => ({
  agent_id: args.agent,
  build_id: args.revision,
});

export const integrationPath = (args: { agent: string; revision: string; integration: string }) => ({
  ...revisionPath(args),
  integration_id: args.integration,
});
