/**
 * Reads a large JSON object without building all of it: the caller names the top-level keys it
 * wants as whole values and the keys whose array items it wants one at a time; every other value
 * is skipped by scanning bytes (strings and nesting only, no allocation). Plans carry two copies of
 * the state (`prior_state`, `planned_values`) and the configuration that drift analysis never
 * needs, so skipping them is most of the work saved.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

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
}

const ADDRESS_KEY = Buffer.from('"address"');
/** Items parsed in one JSON.parse call span at most this many bytes. */
const BATCH_BYTES = 1 << 20;
/** When a batch does not parse, how many boundaries before it are tried before halving the span. */
const PREVIOUS_BOUNDARIES_TRIED = 3;

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export interface TopLevel {
  values: Map<string, unknown>;
  /** Every top-level key, read or skipped. */
  keys: Set<string>;
  /** How many array items were parsed in batches (the fast path) rather than one by one. */
  itemsInBatches: number;
  /** How many times the input was searched for a boundary between items. */
  boundarySearches: number;
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
      if (spec.arrays.includes(key) && reader.peek() === OPEN_BRACKET) reader.readItems((item) => spec.onItem(key, item));
      else if (spec.values.includes(key)) found.set(key, reader.readValue());
      else reader.skipValue();
      reader.skipSpace();
      const next = reader.take();
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) throw reader.unexpected(next, 'a comma or } after a value');
    }
  }
  reader.skipSpace();
  if (!reader.atEnd()) throw new JsonShapeError('invalid', reader.at, 'there is more data after the top-level object');
  return { values: found, keys, itemsInBatches: reader.itemsInBatches, boundarySearches: reader.boundarySearches };
}

/**
 * The last boundary between change entries that starts at or after `from` and whose `"address"`
 * key starts at or before `limit`: `}`, `,`, `{`, `"address"`, `:` with any JSON whitespace between
 * them (Terraform writes none; `jq .` and other pretty-printers add newlines and indentation, CRLF
 * on Windows). Returns the offsets of its `}`, `{` and `"address"`, or undefined.
 */
function lastItemBoundary(bytes: Buffer, from: number, limit: number): { close: number; open: number; key: number } | undefined {
  for (let key = bytes.lastIndexOf(ADDRESS_KEY, limit); key > from; key = bytes.lastIndexOf(ADDRESS_KEY, key - 1)) {
    let after = key + ADDRESS_KEY.length;
    while (isSpace(bytes[after])) after++;
    if (bytes[after] !== COLON) continue;
    let before = key - 1;
    while (isSpace(bytes[before])) before--;
    if (bytes[before] !== OPEN_BRACE) continue;
    const open = before--;
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
  /** Absolute offset of the window's first byte, for messages. */
  private offset = 0;
  private mark = -1;
  private exhausted = false;
  /** Absolute offset before which a batch failed to parse, so items there are read one by one. */
  private noBatchUntil = 0;
  itemsInBatches = 0;
  /** How many times the window was searched for a boundary between items. */
  boundarySearches = 0;
  private readonly decoder = new TextDecoder();

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
    const rest = this.bytes.subarray(keep);
    this.bytes = rest.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([rest, chunk]);
    this.offset += keep;
    this.pos -= keep;
    if (this.mark >= 0) this.mark -= keep;
    return true;
  }

  atEnd() {
    return this.peek() === undefined;
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
    if (this.peek() === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.pos = 3;
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
    const start = this.at;
    this.mark = this.pos;
    this.skipValue();
    const text = this.decoder.decode(this.bytes.subarray(this.mark, this.pos));
    this.mark = -1;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonShapeError('invalid', start, (error as Error).message);
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
   * Parses every whole item left in the window with one JSON.parse, when the window holds a
   * boundary between change entries (see lastItemBoundary). A quote inside a JSON string is always
   * escaped, so `"address"` after a `{` is structure, never text; the boundary may still be one
   * between nested objects, or one in the next array (resource_changes after resource_drift), but
   * then the slice cannot parse (a brace stays open, or a `]` closes early). Earlier boundaries are
   * tried then: the previous few (past nested ones within an entry), then halfway back (out of the
   * next array); when none parses, the items up to the last one tried are read one by one. Returns
   * whether it read any.
   */
  private readItemBatch(onItem: (item: unknown) => void): boolean {
    if (this.at < this.noBatchUntil || this.peek() !== OPEN_BRACE) return false;
    const limit = Math.min(this.pos + BATCH_BYTES, this.bytes.length);
    this.boundarySearches++;
    let boundary = lastItemBoundary(this.bytes, this.pos, limit);
    // No boundary up to the limit (an array of other things, e.g. a Kubernetes List, or one huge
    // entry): the items up to there are read one by one, without searching again for each of them.
    if (!boundary) this.noBatchUntil = this.offset + limit;
    for (let attempt = 1; boundary; attempt++) {
      let items: unknown[];
      try {
        items = JSON.parse(`[${this.decoder.decode(this.bytes.subarray(this.pos, boundary.close + 1))}]`) as unknown[];
      } catch {
        this.noBatchUntil = this.offset + boundary.close;
        const before = attempt <= PREVIOUS_BOUNDARIES_TRIED ? boundary.key - 1 : this.pos + Math.floor((boundary.close - this.pos) / 2);
        boundary = lastItemBoundary(this.bytes, this.pos, before);
        continue;
      }
      this.pos = boundary.open;
      this.itemsInBatches += items.length;
      for (const item of items) onItem(item);
      return true;
    }
    return false;
  }

  readItems(onItem: (item: unknown) => void) {
    this.pos++;
    this.skipSpace();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
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
