/** `--agent <id> --revision <id> [--integration <id>]`: the revision (and its integration) a command works on. */
import type { DuvoArgsDef } from "../../cli/command.ts";
import { checkUuid } from "../../cli/values.ts";

export const revisionArgs = {
  agent: { type: "string", description: "The agent's id", required: true, valueHint: "id" },
  revision: { type: "string", description: "The revision's id", required: true, valueHint: "id" },
} as const satisfies DuvoArgsDef;

export const integrationArg = {
  integration: { type: "string", description: "The revision's integration (its id, as revision-integrations list shows it)", required: true, valueHint: "id" },
} as const satisfies DuvoArgsDef;

export const revisionPath = (args: { agent: string; revision: string }) => ({
  agent_id: checkUuid(args.agent, "agent id"),
  build_id: checkUuid(args.revision, "revision id"),
});

export const integrationPath = (args: { agent: string; revision: string; integration: string }) => ({
  ...revisionPath(args),
  integration_id: checkUuid(args.integration, "integration id"),
});
