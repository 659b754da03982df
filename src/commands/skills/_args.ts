import type { Runtime } from "../../cli/runtime.ts";
import { UsageError } from "../../errors.ts";

export const skillIdArg = { "skill-id": { type: "positional", description: "The skill's id (a UUID)", required: true, uuid: "skill id" } } as const;

export const contentArgs = {
  content: { type: "string", description: "The text", valueHint: "text", conflicts: "content-file" },
  "content-file": { type: "string", description: "Read the text from this file (- for stdin)", valueHint: "path|-" },
} as const;

/** The text of --content or --content-file (`-` reads stdin); undefined when neither is given and `required` is false. */
export async function readContent(runtime: Runtime, args: { content?: string; "content-file"?: string }, required: boolean): Promise<string | undefined> {
  if (args.content !== undefined) return args.content;
  if (args["content-file"] === undefined) {
    if (required) throw new UsageError("give the new text with --content or --content-file");
    return undefined;
  }
  const { readFileOrStdin } = await import("../_files.ts");
  return readFileOrStdin(runtime, args["content-file"], "--content-file", { allowEmpty: true });
}
