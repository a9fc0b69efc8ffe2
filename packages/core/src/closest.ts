/** The edit distance of two short words, a swap of neighbours counting once (for "did you mean"). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let beforePrevious = previous;
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      // Two letters swapped ("drfit") is one slip, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The candidate a mistyped word most likely meant: a close spelling, or the one it is the start of. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const ranked = candidates
    .map((candidate) => ({ candidate, cost: candidate.startsWith(word) && word.length >= 3 ? 0.5 : distance(word, candidate) }))
    .filter(({ cost, candidate }) => cost <= Math.max(1, Math.min(2, Math.floor(candidate.length / 3))))
    .sort((a, b) => a.cost - b.cost);
  return ranked[0]?.candidate;
}
