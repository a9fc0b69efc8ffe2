import { BATCH_CHARS, batched } from './batched.js';

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
    // In batches: a report's lists of addresses would otherwise go out a piece per address.
    yield '[\n';
    if (allStrings(value)) yield* stringLines(value, inner);
    else yield* allScalars(value) ? compactJsonLines(value, inner) : batched(arrayLines(value, inner), BATCH_CHARS);
    yield `${indent}]`;
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

const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;

/** Whether every element is a scalar, holes included (`every` skips a sparse array's holes, which JSON writes as null). */
function allScalars(value: readonly unknown[]): boolean {
  for (let i = 0; i < value.length; i++) if (!isScalar(value[i])) return false;
  return true;
}

/** Whether every element is a string (a sparse array's holes are not). */
function allStrings(value: readonly unknown[]): value is readonly string[] {
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** The longest indentation JSON.stringify takes (a longer `space` is cut to ten characters). */
const MOST_SPACE = 10;

/**
 * compactJsonLines of strings (a report's lists of addresses): about BATCH_CHARS at a time, each batch
 * written by one JSON.stringify of it with `indent` as its indentation, less the brackets. One
 * JSON.stringify per string took twice as long.
 */
function* stringLines(values: readonly string[], indent: string): Generator<string> {
  if (indent.length > MOST_SPACE) {
    yield* compactJsonLines(values, indent);
    return;
  }
  for (let start = 0; start < values.length; ) {
    let end = start;
    // Escaping may lengthen a string: counted as twice its length, which most strings never reach.
    for (let chars = 0; end < values.length && chars < BATCH_CHARS; end++) chars += values[end].length * 2 + indent.length + 4;
    // `[\n<indent>"a",\n<indent>"b"\n]`
    const text = JSON.stringify(values.slice(start, end), null, indent);
    yield `${text.slice(2, -2)}${end < values.length ? ',' : ''}\n`;
    start = end;
  }
}

/**
 * Each value's compact JSON on a line of its own, indented by `indent`, the lines comma-separated, joined
 * into batches of about BATCH_CHARS as they are rendered: a report's change lines, and its lists of
 * addresses (for scalars this is what arrayLines writes). A generator step per value cost more than
 * rendering it.
 */
export function* compactJsonLines(values: readonly unknown[], indent: string): Generator<string> {
  const last = values.length - 1;
  let batch = '';
  for (let i = 0; i <= last; i++) {
    batch += `${indent}${JSON.stringify(values[i])}${i < last ? ',' : ''}\n`;
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** The lines of a non-empty array's elements, each indented by `inner`, as prettyJsonChunks writes them. */
function* arrayLines(value: unknown[], inner: string): Generator<string> {
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    const comma = i < value.length - 1 ? ',' : '';
    if (isPlain(element)) {
      yield inner;
      yield* prettyJsonChunks(element, inner);
      yield `${comma}\n`;
    } else yield `${inner}${isOmitted(element) ? 'null' : JSON.stringify(element)}${comma}\n`;
  }
}
