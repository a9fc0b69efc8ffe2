/**
 * Runs `work` on every item, at most `limit` at a time, each new one starting as soon as one ends
 * (not in batches). Resolves when all are done; the first rejection rejects (the others still finish
 * what they started, as Promise.all lets them). `slot` (0 … limit-1) names the lane an item runs in:
 * the items of one slot run one after another.
 */
export async function runAtMost<T>(items: readonly T[], limit: number, work: (item: T, slot: number) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async (_, slot) => {
    while (queue.length) await work(queue.shift() as T, slot);
  });
  await Promise.all(workers);
}
