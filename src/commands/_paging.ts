/** `--limit/--offset/--all` for list commands, checked before any request. */
import type { DuvoArgsDef } from "../cli/command.ts";
import { parseCount } from "../cli/values.ts";
import { UsageError } from "../errors.ts";

export const pageArgs = {
  limit: { type: "string", description: "How many to show (default: the API's page of 20; above 100, page by page)", valueHint: "n" },
  offset: { type: "string", description: "Skip this many first (default 0)", valueHint: "n" },
  all: { type: "boolean", description: "Fetch everything from --offset to the end, page by page" },
} as const satisfies DuvoArgsDef;

export interface Paging {
  offset: number;
  /** undefined: the API's default page, or everything with --all. */
  limit: number | undefined;
  all: boolean;
  /** Whether it takes more than one request (then the output joins the pages). */
  multiPage: boolean;
}

export function readPaging(args: { limit?: string; offset?: string; all?: boolean }, pageSize: number): Paging {
  const limit = parseCount(args.limit, "--limit", { min: 1 });
  const offset = parseCount(args.offset, "--offset") ?? 0;
  const all = args.all === true;
  if (all && limit !== undefined) throw new UsageError("--all and --limit cannot be used together");
  return { offset, limit, all, multiPage: all || (limit !== undefined && limit > pageSize) };
}
