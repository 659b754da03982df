/** One line for the first problem valibot found in a value, naming the field: for bodies `duvo` sends and the emulator receives. */
import type * as v from "valibot";

export function describeIssue(issue: v.BaseIssue<unknown>, what = "body"): string {
  const path = issue.path?.map((item) => String(item.key)).join(".");
  const where = path ? `${what}.${path}` : what;
  if (issue.kind === "schema" && issue.received === "undefined") return `${where}: required`;
  if (issue.type === "strict_object" || issue.type === "strict_tuple") return `${where}: unknown field (not in the API's schema)`;
  return `${where}: ${issue.message}`;
}
