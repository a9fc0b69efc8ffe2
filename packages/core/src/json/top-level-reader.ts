/**
 * Reads a large JSON object without building all of it: the caller names the top-level keys it
 * wants as whole values and the keys whose array items it wants one at a time; every other value
 * is skipped by scanning bytes (strings and nesting only, no allocation). Plans carry two copies of
 * the state (`prior_state`, `planned_values`) and the configuration that drift analysis never
 * needs, so skipping them is most of the work saved.
 */

import { utf8Text } from './utf8-text.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, isSpace, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from './json-bytes.js';


export class JsonShapeError extends Error {
  constructor(
    readonly reason: 'truncated' | 'invalid' | 'not-an-object',
    readonly offset: number,
    detail: string,
  ) {
    super(detail);
  }
}

export interface TopLevelSpec {
  /** Keys whose values are parsed whole and returned. */
  values: readonly string[];
  /** Keys whose array items are parsed one by one and handed to `onItem`. */
  arrays: readonly string[];
  onItem: (key: string, item: unknown) => void;
  /**
   * Keys (of `arrays`) whose items are handed over as bytes instead: `onItem(key, bytes, start)` is
   * given the input from the item's first byte on (valid only during the call) and returns the
   * offset after the item, or RAW_NEED_MORE when the item goes past `bytes` (it is called again
   * with the whole item), or RAW_PARSE for the item to be parsed and handed to the other onItem.
   */
  raw?: { keys: readonly string[]; onItem: (key: string, bytes: Buffer, start: number) => number };
  /**
   * Receives, as it is read, the input reduced to the top-level members named by `keys` (in their
   * order, their values' bytes as they are): a JSON object, in pieces valid only during the call
   * (small ones gathered: a member repeated a million times is not two million pieces).
   */
  tee?: { keys: readonly string[]; sink: (piece: Uint8Array) => void };
}

export const RAW_NEED_MORE = -1;
export const RAW_PARSE = -2;

/** The longest first key of an array's items that batches look for (a longer one: items are read one by one). */
const MAX_ITEM_KEY_BYTES = 64;
/**
 * Items parsed in one JSON.parse call span at most this many bytes. Small batches are faster than
 * large ones: fewer parsed items are still alive when the young generation is collected.
 */
const BATCH_BYTES = 1 << 16;
/** When no boundary is within BATCH_BYTES (an entry larger than that), how far a batch may reach. */
const LARGE_BATCH_BYTES = 1 << 20;


export interface TopLevel {
  values: Map<string, unknown>;
  /** Every top-level key, read or skipped. */
  keys: Set<string>;
  /** How many array items were parsed in batches (the fast path) rather than one by one. */
  itemsInBatches: number;
  /** How many times the input was searched for a boundary between items. */
  boundarySearches: number;
  /** How many of those batches had to be found by scanning their items byte by byte (the boundary found was not one between items). */
  scannedBatches: number;
}

/** Hands out the input one chunk at a time; `undefined` at the end. */
export type ByteSource = () => Uint8Array | undefined;

/** A ByteSource over bytes already in memory. */
export function wholeBytes(bytes: Uint8Array): ByteSource {
  let given = false;
  return () => {
    if (given) return undefined;
    given = true;
    return bytes;
  };
}

export function readTopLevel(input: Uint8Array | ByteSource, spec: TopLevelSpec): TopLevel {
  const reader = new Reader(typeof input === 'function' ? input : wholeBytes(input));
  const found = new Map<string, unknown>();
  const keys = new Set<string>();
  const tee = spec.tee && { keys: spec.tee.keys, sink: new GatheredSink(spec.tee.sink) };
  let teed = 0;
  reader.skipBom();
  reader.skipSpace();
  if (reader.peek() !== OPEN_BRACE) {
    if (reader.atEnd()) throw new JsonShapeError('truncated', reader.at, 'the file is empty');
    throw new JsonShapeError('not-an-object', reader.at, 'the top level is not a JSON object');
  }
  reader.pos++;
  reader.skipSpace();
  if (reader.peek() === CLOSE_BRACE) reader.pos++;
  else {
    for (;;) {
      reader.skipSpace();
      const key = reader.readKey();
      keys.add(key);
      if (tee?.keys.includes(key)) {
        tee.sink.writeText(`${teed++ ? ',' : '{'}${JSON.stringify(key)}:`);
        reader.startTee(tee.sink);
      }
      if (spec.arrays.includes(key) && reader.peek() === OPEN_BRACKET) {
        // The array replaces a value an earlier member of the same key left (JSON.parse keeps the last).
        found.delete(key);
        const raw = spec.raw?.keys.includes(key) ? spec.raw.onItem : undefined;
        if (raw) reader.readRawItems((bytes, start) => raw(key, bytes, start), (item) => spec.onItem(key, item));
        else reader.readItems((item) => spec.onItem(key, item));
      }
      else if (spec.values.includes(key)) found.set(key, reader.readValue());
      else reader.skipValue();
      reader.endTee();
      reader.skipSpace();
      const next = reader.take();
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) throw reader.unexpected(next, 'a comma or } after a value');
    }
  }
  reader.skipSpace();
  if (!reader.atEnd()) throw new JsonShapeError('invalid', reader.at, 'there is more data after the top-level object');
  tee?.sink.writeText(teed ? '}' : '{}');
  tee?.sink.flush();
  return { values: found, keys, itemsInBatches: reader.itemsInBatches, boundarySearches: reader.boundarySearches, scannedBatches: reader.scannedBatches };
}

/** Below this, tee pieces are gathered before they are handed on. */
const TEE_GATHER_BYTES = 1 << 16;

/**
 * Hands pieces on to `sink`, small ones gathered into larger ones first: each piece can cost the sink
 * a message to another thread, and a plan may repeat a member a million times.
 */
class GatheredSink {
  private readonly gathered = Buffer.allocUnsafe(TEE_GATHER_BYTES);
  private used = 0;

  constructor(private readonly sink: (piece: Uint8Array) => void) {}

  /** Hands on `bytes` from `start` to `end`. */
  write(bytes: Buffer, start: number, end: number) {
    const length = end - start;
    if (this.used + length > this.gathered.length) this.flush();
    if (length >= this.gathered.length) this.sink(bytes.subarray(start, end));
    else this.used += bytes.copy(this.gathered, this.used, start, end);
  }

  writeText(text: string) {
    const bytes = Buffer.from(text);
    this.write(bytes, 0, bytes.length);
  }

  flush() {
    if (this.used > 0) this.sink(this.gathered.subarray(0, this.used));
    this.used = 0;
  }
}

/**
 * How an array's items start, as its first item does: its first key with the quotes (`"address"` in a
 * plan's resource_changes, `"apiVersion"` in a Kubernetes List) and, when the array is written one item
 * per line, the newline and indentation before the item's `{` (kubectl indents items by 8 spaces and the
 * managedFields entries inside them, which start with `"apiVersion"` too, by 20).
 */
interface ItemStart {
  key: Buffer;
  indent?: Buffer;
}

/**
 * The last boundary between items that starts at or after `from` and whose first key starts at or
 * before `limit`: `}`, `,`, `{`, the key, `:` with any JSON whitespace between them (Terraform writes
 * none; kubectl, `jq .` and other pretty-printers add newlines and indentation, CRLF on Windows), the
 * `{` indented as the first item's was when it was on a line of its own. Returns the offsets of its
 * `}`, `{` and key, or undefined.
 */
function lastItemBoundary(bytes: Buffer, from: number, limit: number, start: ItemStart): { close: number; open: number; key: number } | undefined {
  const { key: itemKey, indent } = start;
  for (let key = bytes.lastIndexOf(itemKey, limit); key > from; key = bytes.lastIndexOf(itemKey, key - 1)) {
    let after = key + itemKey.length;
    while (isSpace(bytes[after])) after++;
    if (bytes[after] !== COLON) continue;
    let before = key - 1;
    while (isSpace(bytes[before])) before--;
    if (bytes[before] !== OPEN_BRACE) continue;
    const open = before--;
    if (indent && (open - indent.length < from || bytes.compare(indent, 0, indent.length, open - indent.length, open) !== 0)) continue;
    while (isSpace(bytes[before])) before--;
    if (bytes[before--] !== COMMA) continue;
    while (isSpace(bytes[before])) before--;
    if (bytes[before] !== CLOSE_BRACE || before < from) continue;
    return { close: before, open, key };
  }
  return undefined;
}

/**
 * A window over the input: bytes before the current position are dropped when the next chunk
 * arrives, except from `mark` on (the start of the value being read), so memory holds one chunk
 * plus the value in hand, never the whole file.
 */
class Reader {
  /** Position in the window. */
  pos = 0;
  /** A Buffer view (not a copy), for its multi-byte lastIndexOf. */
  private bytes: Buffer = Buffer.alloc(0);
  /** Where the end of one chunk and the next are joined when a value spans them (see more). */
  private joined: Buffer = Buffer.alloc(0);
  /** Absolute offset of the window's first byte, for messages. */
  private offset = 0;
  private mark = -1;
  private exhausted = false;
  /** Where the value being teed starts in the window (-1: none), and where its bytes go. */
  private teeFrom = -1;
  private teeSink?: GatheredSink;
  /** Absolute offset before which a batch failed to parse, so items there are read one by one. */
  private noBatchUntil = 0;
  /** How the items of the array being read start (see firstItemStart): what a batch's boundary is found by. */
  private itemStart: ItemStart | undefined;
  itemsInBatches = 0;
  /** How many times the window was searched for a boundary between items. */
  boundarySearches = 0;
  scannedBatches = 0;

  constructor(private readonly next: ByteSource) {}

  /** Absolute offset of `pos`. */
  get at() {
    return this.offset + this.pos;
  }

  /** Appends the next chunk; false at the end of the input. Window indices shift, so callers reload them. */
  private more(): boolean {
    if (this.exhausted) return false;
    const chunk = this.next();
    if (!chunk) {
      this.exhausted = true;
      return false;
    }
    const keep = this.mark >= 0 ? this.mark : this.pos;
    const rest = this.bytes.length - keep;
    // The window is read to its end only inside a value: what is left of it belongs to the value teed.
    if (this.teeFrom >= 0) {
      if (this.teeFrom < this.bytes.length) this.teeSink!.write(this.bytes, this.teeFrom, this.bytes.length);
      this.teeFrom = rest;
    }
    if (rest === 0) this.bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else {
      // Joined in a buffer of our own, reused from chunk to chunk: a fresh one each time costs more
      // (the system maps and zeroes its pages) than copying into it.
      const length = rest + chunk.byteLength;
      if (this.joined.length < length) {
        const larger = Buffer.allocUnsafeSlow(length + (length >> 2));
        this.bytes.copy(larger, 0, keep);
        this.joined = larger;
      } else this.bytes.copy(this.joined, 0, keep);
      this.joined.set(chunk, rest);
      this.bytes = this.joined.subarray(0, length);
    }
    this.offset += keep;
    this.pos -= keep;
    if (this.mark >= 0) this.mark -= keep;
    return true;
  }

  atEnd() {
    return this.peek() === undefined;
  }

  /** Hands the bytes of the value starting at `pos` to `sink` as they are read, until endTee. */
  startTee(sink: GatheredSink) {
    this.teeFrom = this.pos;
    this.teeSink = sink;
  }

  endTee() {
    if (this.teeFrom < 0) return;
    if (this.teeFrom < this.pos) this.teeSink!.write(this.bytes, this.teeFrom, this.pos);
    this.teeFrom = -1;
  }

  peek(): number | undefined {
    while (this.pos >= this.bytes.length) if (!this.more()) return undefined;
    return this.bytes[this.pos];
  }

  take() {
    const byte = this.peek();
    if (byte === undefined) throw new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
    this.pos++;
    return byte;
  }

  unexpected(byte: number | undefined, expected: string) {
    if (byte === undefined) return new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
    return new JsonShapeError('invalid', this.at - 1, `expected ${expected} but found ${JSON.stringify(String.fromCharCode(byte))}`);
  }

  skipBom() {
    if (this.peek() !== 0xef) return;
    // The BOM may come in pieces of one or two bytes: the window holds all three before they are compared.
    while (this.bytes.length - this.pos < 3 && this.more());
    if (this.bytes[this.pos + 1] === 0xbb && this.bytes[this.pos + 2] === 0xbf) this.pos += 3;
  }

  skipSpace() {
    for (let byte = this.peek(); byte !== undefined && isSpace(byte); byte = this.peek()) this.pos++;
  }

  /** Moves past a string whose opening quote is at `pos`; the whole string stays in the window. */
  private skipString() {
    const ownMark = this.mark < 0;
    if (ownMark) this.mark = this.pos;
    this.pos++;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, this.pos);
      if (quote < 0) {
        this.pos = this.bytes.length;
        if (!this.more()) throw new JsonShapeError('truncated', this.at, 'a string never ends');
        continue;
      }
      let backslashes = 0;
      while (this.bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
      this.pos = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    if (ownMark) this.mark = -1;
  }

  /** Moves past one value of any kind, checking only that strings end and brackets balance. */
  skipValue() {
    this.skipSpace();
    const first = this.peek();
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      let length = 0;
      for (let byte = this.peek(); byte !== undefined; byte = this.peek()) {
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
        this.pos++;
        length++;
      }
      if (length === 0) throw this.unexpected(this.peek(), 'a value');
      if (this.atEnd()) throw new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
      return;
    }
    const closers: number[] = [];
    do {
      // A tight loop over the window; strings and the window's end leave it to reload.
      const bytes = this.bytes;
      let pos = this.pos;
      let byte = bytes[pos];
      while (byte !== undefined && byte !== QUOTE) {
        if (byte === OPEN_BRACE) closers.push(CLOSE_BRACE);
        else if (byte === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          if (closers.pop() !== byte) {
            this.pos = pos;
            throw new JsonShapeError('invalid', this.at, 'brackets do not match');
          }
          if (closers.length === 0) break;
        }
        byte = bytes[++pos];
      }
      if (byte === QUOTE) {
        // Fast path: the string ends in this window without escapes before its closing quote.
        const quote = bytes.indexOf(QUOTE, pos + 1);
        if (quote > 0 && bytes[quote - 1] !== BACKSLASH) {
          this.pos = quote + 1;
          continue;
        }
      }
      this.pos = pos;
      if (byte === QUOTE) this.skipString();
      else if (byte === undefined) {
        if (!this.more()) throw new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
      } else this.pos++;
    } while (closers.length > 0);
  }

  readValue(): unknown {
    this.skipSpace();
    this.mark = this.pos;
    this.skipValue();
    return this.parseMarked();
  }

  /** Parses the window from `mark` to `pos` and clears the mark. */
  private parseMarked(): unknown {
    const start = this.offset + this.mark;
    const text = this.text(this.mark, this.pos);
    this.mark = -1;
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON.parse's own message: it quotes the text around the error, which may be part of a secret.
      throw new JsonShapeError('invalid', start, 'a broken value');
    }
  }

  readKey(): string {
    if (this.peek() !== QUOTE) throw this.unexpected(this.take(), 'a quoted key');
    const key = this.readValue() as string;
    this.skipSpace();
    const colon = this.take();
    if (colon !== COLON) throw this.unexpected(colon, 'a colon after a key');
    this.skipSpace();
    return key;
  }

  /**
   * The window's bytes from `start` to `end` as a string. Plans are nearly always pure ASCII, and
   * copying ASCII bytes into a one-byte string is ten times faster than decoding UTF-8 (the
   * biggest cost after JSON.parse itself).
   */
  private text(start: number, end: number): string {
    return utf8Text(this.bytes.subarray(start, end));
  }

  /**
   * Parses the items in the window up to the last boundary between change entries before the batch
   * limit (see lastItemBoundary) with one JSON.parse. A quote inside a JSON string is always escaped,
   * so `"address"` after a `{` is structure, never text; the boundary may still be one between
   * nested objects within an entry, or one in a later array (prior_state after resource_changes),
   * but then the slice cannot parse (a brace stays open, or a `]` closes early): the items before
   * it are then found by scanning them exactly (batchScannedItems). Returns whether it read any.
   */
  private readItemBatch(onItem: (item: unknown) => void): boolean {
    if (this.at < this.noBatchUntil || this.peek() !== OPEN_BRACE) return false;
    this.itemStart ??= this.firstItemStart();
    if (!this.itemStart) return false;
    const limit = Math.min(this.pos + LARGE_BATCH_BYTES, this.bytes.length);
    this.boundarySearches++;
    const start = this.itemStart;
    // Indented as the first item or not (items written on one line after a first on its own).
    const boundary =
      lastItemBoundary(this.bytes, this.pos, Math.min(this.pos + BATCH_BYTES, limit), start) ??
      lastItemBoundary(this.bytes, this.pos, limit, start) ??
      (start.indent ? lastItemBoundary(this.bytes, this.pos, limit, { key: start.key }) : undefined);
    // No boundary up to the limit (an array of other things, e.g. a Kubernetes List, or one huge
    // entry): the items up to there are read one by one, without searching again for each of them.
    if (!boundary) {
      this.noBatchUntil = this.offset + limit;
      return false;
    }
    const items = this.parseItems(this.pos, boundary.close + 1);
    if (!items) return this.batchScannedItems(boundary.close, onItem);
    this.pos = boundary.open;
    this.deliver(items, onItem);
    return true;
  }

  /** The items from `start` to `end` in the window (whole items, comma-separated), or undefined when that is not what they are. */
  private parseItems(start: number, end: number): unknown[] | undefined {
    try {
      return JSON.parse(`[${this.text(start, end)}]`) as unknown[];
    } catch {
      return undefined;
    }
  }

  private deliver(items: unknown[], onItem: (item: unknown) => void) {
    this.itemsInBatches += items.length;
    for (const item of items) onItem(item);
  }

  /**
   * Scans items one by one (brackets and strings only, no allocation) from `pos` while they end
   * before window index `close`, and parses those followed by a comma with one JSON.parse. Leaves
   * `pos` at the next item. When there are none (the array's last item, or one that goes past
   * `close`), or the bytes do not scan or parse, `pos` is unchanged and the one-by-one path reads
   * the first item (and reports what is wrong).
   */
  private batchScannedItems(close: number, onItem: (item: unknown) => void): boolean {
    const start = this.pos;
    const closeAt = this.offset + close;
    this.mark = start;
    let firstEnd = closeAt;
    let lastEnd = -1;
    let nextStart = -1;
    try {
      for (;;) {
        this.skipValue();
        const end = this.at;
        if (lastEnd < 0) firstEnd = end;
        if (end > closeAt + 1) break;
        this.skipSpace();
        if (this.peek() !== COMMA) break;
        this.pos++;
        this.skipSpace();
        lastEnd = end;
        nextStart = this.at;
      }
    } catch (error) {
      if (!(error instanceof JsonShapeError)) throw error;
    }
    // The window may have moved on (a longer item pulled in the next chunk); `mark` moved with it.
    const base = this.offset;
    const from = this.mark;
    this.mark = -1;
    const items = lastEnd < 0 ? undefined : this.parseItems(from, lastEnd - base);
    if (!items) {
      this.pos = from;
      this.noBatchUntil = lastEnd < 0 ? firstEnd : closeAt;
      return false;
    }
    this.pos = nextStart - base;
    this.scannedBatches++;
    this.deliver(items, onItem);
    return true;
  }

  /** readItems for items handed over as bytes (TopLevelSpec.raw); those declined go to `onItem` parsed. */
  readRawItems(onRaw: (bytes: Buffer, start: number) => number, onItem: (item: unknown) => void) {
    this.pos++;
    this.skipSpace();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      let end = onRaw(this.bytes, this.pos);
      if (end === RAW_NEED_MORE) {
        // The item goes on in the next chunk: bring all of it into the window and ask again.
        this.mark = this.pos;
        this.skipValue();
        end = onRaw(this.bytes.subarray(0, this.pos), this.mark);
        if (end < 0) onItem(this.parseMarked());
        else this.mark = -1;
      } else if (end < 0) onItem(this.readValue());
      else this.pos = end;
      this.skipSpace();
      const next = this.take();
      if (next === CLOSE_BRACKET) return;
      if (next !== COMMA) throw this.unexpected(next, 'a comma or ] between array items');
      this.skipSpace();
    }
  }

  /**
   * How the item at `pos` starts (ItemStart), as the bytes say it (a key without escapes), when the
   * window holds it: the items of one array are written alike, so it is likely to start the next ones too.
   */
  private firstItemStart(): ItemStart | undefined {
    const bytes = this.bytes;
    let at = this.pos;
    if (bytes[at++] !== OPEN_BRACE) return undefined;
    while (isSpace(bytes[at])) at++;
    if (bytes[at] !== QUOTE) return undefined;
    const close = bytes.indexOf(QUOTE, at + 1);
    if (close < 0 || close - at + 1 > MAX_ITEM_KEY_BYTES || bytes.subarray(at, close).includes(BACKSLASH)) return undefined;
    let lineStart = this.pos;
    while (bytes[lineStart - 1] === SPACE || bytes[lineStart - 1] === TAB) lineStart--;
    const onItsOwnLine = bytes[lineStart - 1] === NEWLINE;
    return { key: Buffer.from(bytes.subarray(at, close + 1)), indent: onItsOwnLine ? Buffer.from(bytes.subarray(lineStart - 1, this.pos)) : undefined };
  }

  readItems(onItem: (item: unknown) => void) {
    this.pos++;
    this.skipSpace();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    this.itemStart = undefined;
    for (;;) {
      if (this.readItemBatch(onItem)) continue;
      onItem(this.readValue());
      this.skipSpace();
      const next = this.take();
      if (next === CLOSE_BRACKET) return;
      if (next !== COMMA) throw this.unexpected(next, 'a comma or ] between array items');
      this.skipSpace();
    }
  }
}
