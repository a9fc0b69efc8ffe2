/**
 * Many git objects from one `git cat-file --batch` (its input: one object name a line), not one git
 * process each: a pull request of 1,000 files spawned thousands of them.
 */

/** What `git cat-file --batch` reads on its input to answer for `objects`, in order. */
export const batchInput = (objects: readonly string[]) => Buffer.from(objects.map((object) => `${object}\n`).join(''));

/**
 * What `git cat-file --batch` answered, one entry per object asked for: a blob's bytes, or why there is
 * none (`<object> missing`, or an object that is not a file: a folder, a submodule's commit).
 */
export function batchBlobs(output: Buffer): (Buffer | string)[] {
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
