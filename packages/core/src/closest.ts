/**
 * The edit distance of two words, a swap of neighbours counting once (for "did you mean"), when it is at
 * most `limit`; otherwise more than `limit` (computed only near the diagonal: a config may compare
 * hundreds of long names with each other).
 */
function distance(a: string, b: string, limit: number): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= limit ? j : over));
  let beforePrevious = previous;
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(over);
    current[0] = i <= limit ? i : over;
    let best = current[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), over);
      // Two letters swapped ("drfit") is one slip, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
      best = Math.min(best, current[j]);
    }
    if (best > limit) return over;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate a mistyped word most likely meant: a close spelling, or (with `prefixes`, for a word
 * being typed: a command, a flag) the one it is the start of.
 */
export function closest(word: string, candidates: readonly string[], options: { prefixes?: boolean } = {}): string | undefined {
  const prefixes = options.prefixes ?? true;
  const ranked = candidates
    .map((candidate) => {
      const limit = Math.max(1, Math.min(2, Math.floor(candidate.length / 3)));
      return { candidate, limit, cost: prefixes && candidate.startsWith(word) && word.length >= 3 ? 0.5 : distance(word, candidate, limit) };
    })
    .filter(({ cost, limit }) => cost <= limit)
    .sort((a, b) => a.cost - b.cost);
  return ranked[0]?.candidate;
}
