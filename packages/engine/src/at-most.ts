/**
 * Runs `work` on every item, at most `limit` at a time, each new one starting as soon as one ends
 * (not in batches). Resolves when all are done; the first rejection rejects (the others still finish
 * what they started, as Promise.all lets them).
 */
export async function runAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
    while (queue.length) await work(queue.shift() as T);
  });
  await Promise.all(workers);
}
