/** Argument fragments shared by many commands, spread into their `args`. Nothing else lives here. */
import type { DuvoArgsDef } from "../cli/command.ts";

export const runIdArg = {
  "run-id": { type: "positional", uuid: true, description: "The run's id (a UUID)", required: true },
} as const satisfies DuvoArgsDef;

export const exitStatusArg = {
  "exit-status": { type: "boolean", requires: "follow", description: "Exit 6 if the run fails, stops or is interrupted; 8 if it needs a human" },
} as const satisfies DuvoArgsDef;
