/**
 * "Did you mean …?": the nearest known name to a mistyped one, by edit distance (Levenshtein
 * with adjacent transpositions, so `exposeOn` → `exopseOn` is one edit). Used for fields,
 * routers, hosts, sites, and the CLI's commands and options.
 */

/** Edits (insert, delete, substitute, swap two neighbours) from a to b; stops counting past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest to `word`, if it is near enough to be a slip: at most a third of the
 * word's length in edits, or the same ignoring case. Ties go to the earlier one. (So `r9` gets
 * no suggestion among r1…r5: one edit in two characters is another name, not a slip.)
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const max = Math.floor(word.length / 3);
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, max);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** `; did you mean X?`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = (s: string) => s): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${quote(c)}?`;
}
