import { editDistance } from "../edit-distance.ts";

/** "Did you mean" for unknown commands and flags: the closest candidate within a small edit distance. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance || (candidate.startsWith(input) && input.length >= 2 && distance <= bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
