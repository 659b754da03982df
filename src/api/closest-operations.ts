/**
 * The operations of the document closest to a path it does not have, for `duvo api`'s
 * "closest: ..." (and its answer to a `/v1/` path). Best first:
 *
 * 1. the operations whose path, with `/teams/{teamId}` and every `{id}` taken out, is what
 *    was typed with its ids taken out (`/v2/agents` → `GET /v2/teams/{teamId}/agents`), those
 *    with as many ids as were typed first, then those with the method typed;
 * 2. then the rest by how many leading segments match (a parameter matches anything, a near
 *    spelling counts), the same depth, and the smallest edit distance.
 */
import { editDistance } from "../edit-distance.ts";
import { OPERATIONS } from "./generated/operations.ts";
import type { Operation } from "./operation.ts";

/** A segment someone typed that is an id, not a word of the API: a UUID, a number, a `{name}`, or a long token with digits. */
function isId(word: string): boolean {
  return (
    /^\{.*\}$/.test(word) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(word) ||
    /^\d+$/.test(word) ||
    (word.length >= 12 && /\d/.test(word) && /^[\w-]+$/.test(word))
  );
}

/** A path's words without its version, its `teams/<team>` prefix and its ids, and how many ids it had. */
function skeleton(path: string): { words: string; ids: number } {
  let words = path.split("/").filter(Boolean);
  if (/^v\d+$/.test(words[0] ?? "")) words = words.slice(1);
  if (words[0] === "teams" && words.length > 2) words = words.slice(2);
  const kept = words.filter((word) => !isId(word));
  return { words: kept.join("/"), ids: words.length - kept.length };
}

/** The `count` operations closest to `pathname` (which starts with /v2), best first; `method` breaks ties. */
export function closestOperations(pathname: string, method?: string, count = 3): Operation[] {
  const typed = pathname.replace(/[?#].*$/s, "");
  const words = typed.split("/").filter(Boolean);
  const wanted = skeleton(typed);
  const upper = method?.toUpperCase();
  const near = (segment: string, word: string) =>
    segment === word || segment.startsWith("{") || (word.length > 2 && editDistance(segment, word) <= Math.max(1, Math.floor(word.length / 4)));
  const score = (operation: Operation) => {
    const own = skeleton(operation.path);
    const same = own.words === wanted.words;
    const segments = operation.path.split("/").filter(Boolean);
    let shared = 0;
    while (shared < Math.min(words.length, segments.length) && near(segments[shared]!, words[shared]!)) shared++;
    return [
      same ? 1 : 0,
      same && own.ids === wanted.ids ? 1 : 0,
      same && operation.method === upper ? 1 : 0,
      shared * 1000 - Math.abs(segments.length - words.length) * 100 - editDistance(operation.path, typed),
    ];
  };
  const scored = OPERATIONS.map((operation) => ({ operation, score: score(operation) }));
  scored.sort((a, b) => {
    for (let i = 0; i < a.score.length; i++) if (a.score[i] !== b.score[i]) return b.score[i]! - a.score[i]!;
    return 0;
  });
  return scored.slice(0, count).map(({ operation }) => operation);
}
