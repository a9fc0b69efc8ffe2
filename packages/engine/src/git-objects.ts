/**
 * Many git objects from one `git cat-file --batch` (its input: one object name a line), not one git
 * process each: a pull request of 1,000 files spawned thousands of them.
 */

/** What `git cat-file --batch` reads on its input to answer for `objects`, in order. */
const batchInput = (objects: readonly string[]) => Buffer.from(objects.map((object) => `${object}\n`).join(''));

/**
 * What `git cat-file --batch` answered, one entry per object asked for: a blob's bytes, or why there is
 * none (`<object> missing`, or an object that is not a file: a folder, a submodule's commit).
 */
function batchBlobs(output: Buffer): (Buffer | string)[] {
  const answers: (Buffer | string)[] = [];
  for (let at = 0; at < output.length; ) {
    const lineEnd = output.indexOf(0x0a, at);
    if (lineEnd === -1) break;
    const [object = '', type, size] = output.toString('utf8', at, lineEnd).split(' ');
    if (size === undefined) {
      answers.push(`the object ${object} is ${type ?? 'not there'}`);
      at = lineEnd + 1;
      continue;
    }
    const start = lineEnd + 1;
    const end = start + Number(size);
    answers.push(type === 'blob' ? output.subarray(start, end) : `${object} is a ${type}, not a file`);
    at = end + 1;
  }
  return answers;
}

/** Runs git with `args` and `input`, answering its standard output; throws when git fails. */
export type GitRun = (args: string[], input: Buffer) => Promise<Buffer>;

/** At most this many objects, and about this many bytes of them, are read by one `git cat-file --batch`: their contents are in memory together. */
const OBJECTS_AT_ONCE = 200;
const BYTES_AT_ONCE = 64 * 1024 * 1024;

/**
 * `items` with the blobs of their objects (`objectOf`; undefined: nothing to read), in batches of at most
 * OBJECTS_AT_ONCE objects and about BYTES_AT_ONCE bytes (one larger object alone), their sizes asked of
 * `git cat-file --batch-check` first: one batch's contents are in memory at a time. Each blob is its bytes,
 * or why git has no file there (see batchBlobs).
 */
export async function* inBatches<T>(run: GitRun, items: readonly T[], objectOf: (item: T) => string | undefined): AsyncGenerator<[T, Buffer | string | undefined][]> {
  const wanted = items.map(objectOf);
  const objects = wanted.filter((object): object is string => object !== undefined);
  // `<size>`, or `<object> missing` (its batch read says so again): counted as nothing.
  const sizes = objects.length ? (await run(['cat-file', '--batch-check=%(objectsize)'], batchInput(objects))).toString('utf8').split('\n').map((line) => Number(line) || 0) : [];
  for (let first = 0, read = 0; first < items.length; ) {
    let end = first;
    let count = 0;
    for (let bytes = 0; end < items.length; end++) {
      if (wanted[end] === undefined) continue;
      const size = sizes[read + count] ?? 0;
      if (count > 0 && (count >= OBJECTS_AT_ONCE || bytes + size > BYTES_AT_ONCE)) break;
      count++;
      bytes += size;
    }
    const answers = count ? batchBlobs(await run(['cat-file', '--batch'], batchInput(objects.slice(read, read + count)))) : [];
    let next = 0;
    yield items.slice(first, end).map((item, index): [T, Buffer | string | undefined] => [item, wanted[first + index] === undefined ? undefined : (answers[next++] ?? 'no answer from git')]);
    first = end;
    read += count;
  }
}
