/** One line describing what is wrong with a body: the first problem valibot found (naming the field), for bodies `duvo` sends and the emulator receives; or the body's first characters. A strict object's unknown key (a strict tuple's extra item) is the issue that expects "never": the same types also report a value that is no object (array) at all. */
import type * as v from "valibot";

export function describeIssue(issue: v.BaseIssue<unknown>, what = "body"): string {
  const path = issue.path?.map((item) => String(item.key)).join(".");
  const where = path ? `${what}.${path}` : what;
  if (issue.kind === "schema" && issue.received === "undefined") return `${where}: required`;
  if ((issue.type === "strict_object" || issue.type === "strict_tuple") && issue.expected === "never") return `${where}: unknown field (not in the API's schema)`;
  return `${where}: ${issue.message}`;
}

/** A body's first characters, for an error that quotes it. */
export function describeSnippet(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "empty body";
  return trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
}
