/** The dashboard every `pulse` command acts on. */
import type { DuvoArgsDef } from "../../cli/command.ts";

export const dashboardIdArg = {
  id: { type: "positional", description: "The dashboard's id (a UUID)", required: true, uuid: "dashboard id" },
} as const satisfies DuvoArgsDef;

export const themeArg = {
  theme: { type: "enum", options: ["light", "dark"], description: "Colours of the rendering (default light)", valueHint: "light|dark" },
} as const satisfies DuvoArgsDef;
