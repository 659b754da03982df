/**
 * The Markdown guides shipped inside the binary (for people and AI agents): read without
 * any request, and written out to a folder for tools that want a path.
 */
import pulse from "./guides/pulse.md" with { type: "text" };
import scripting from "./guides/scripting.md" with { type: "text" };

export interface Guide {
  name: string;
  title: string;
  /** The first paragraph after the title. */
  description: string;
  content: string;
}

const SOURCES: Record<string, string> = { scripting, pulse };

export const GUIDE_NAMES = Object.keys(SOURCES);

export function guides(): Guide[] {
  return GUIDE_NAMES.map((name) => guide(name));
}

export function guide(name: string): Guide {
  const content = SOURCES[name]!;
  const [heading = "", ...rest] = content.split("\n");
  const description = rest.join("\n").trim().split("\n\n")[0]!.replace(/\n/g, " ");
  return { name, title: heading.replace(/^#\s*/, ""), description, content };
}
