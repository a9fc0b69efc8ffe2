/** About how many characters go out in one piece when many small ones are joined. */
export const BATCH_CHARS = 1 << 16;

const isPlain = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
/** What JSON.stringify leaves out of an object and writes as null in an array. */
const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * `JSON.stringify(value, null, 2)` with every line after the first indented by `indent`, in pieces:
 * a report's list of 300,000 addresses is never one string (nor a second one for the indentation).
 */
export function* prettyJsonChunks(value: unknown, indent: string): Generator<string> {
  if (!isPlain(value)) {
    yield `${JSON.stringify(value, null, 2)?.replaceAll('\n', `\n${indent}`)}`;
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    // Runs of plain values (a report's lists of addresses) go out in batches, not a piece each.
    let text = '[\n';
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      const comma = i < value.length - 1 ? ',' : '';
      if (isPlain(element)) {
        yield `${text}${inner}`;
        text = '';
        yield* prettyJsonChunks(element, inner);
        yield `${comma}\n`;
        continue;
      }
      text += `${inner}${isOmitted(element) ? 'null' : JSON.stringify(element)}${comma}\n`;
      if (text.length >= BATCH_CHARS) {
        yield text;
        text = '';
      }
    }
    yield `${text}${indent}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, entry]) => !isOmitted(entry));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, entry] = entries[i];
    yield `${inner}${JSON.stringify(key)}: `;
    yield* prettyJsonChunks(entry, inner);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}
