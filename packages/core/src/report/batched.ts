/** About how many characters go out in one piece when a report's many small pieces are joined. */
export const BATCH_CHARS = 1 << 16;

/** Joins small pieces into batches of about `size` characters (1 MB by default): fewer writes, and never one huge string. */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= size) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}
