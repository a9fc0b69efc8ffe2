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

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export interface TopLevel {
  values: Map<string, unknown>;
  /** Every top-level key, read or skipped. */
  keys: Set<string>;
}

export function readTopLevel(bytes: Uint8Array, spec: TopLevelSpec): TopLevel {
  const reader = new Reader(bytes);
  const found = new Map<string, unknown>();
  const keys = new Set<string>();
  reader.skipBom();
  reader.skipSpace();
  if (reader.peek() !== OPEN_BRACE) {
    if (reader.atEnd()) throw new JsonShapeError('truncated', reader.pos, 'the file is empty');
    throw new JsonShapeError('not-an-object', reader.pos, 'the top level is not a JSON object');
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
  if (!reader.atEnd()) throw new JsonShapeError('invalid', reader.pos, 'there is more data after the top-level object');
  return { values: found, keys };
}

class Reader {
  pos = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly bytes: Uint8Array) {}

  atEnd() {
    return this.pos >= this.bytes.length;
  }

  peek() {
    return this.bytes[this.pos];
  }

  take() {
    if (this.atEnd()) throw new JsonShapeError('truncated', this.pos, 'the JSON ends unexpectedly');
    return this.bytes[this.pos++];
  }

  unexpected(byte: number | undefined, expected: string) {
    if (byte === undefined) return new JsonShapeError('truncated', this.pos, 'the JSON ends unexpectedly');
    return new JsonShapeError('invalid', this.pos - 1, `expected ${expected} but found ${JSON.stringify(String.fromCharCode(byte))}`);
  }

  skipBom() {
    if (this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.pos = 3;
  }

  skipSpace() {
    while (this.pos < this.bytes.length && isSpace(this.bytes[this.pos])) this.pos++;
  }

  /** Moves past a string whose opening quote is at `pos`. */
  private skipString() {
    let at = this.pos + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, at);
      if (quote < 0) throw new JsonShapeError('truncated', this.bytes.length, 'a string never ends');
      let backslashes = 0;
      while (this.bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
      at = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    this.pos = at;
  }

  /** Moves past one value of any kind, checking only that strings end and brackets balance. */
  skipValue() {
    this.skipSpace();
    const first = this.peek();
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      const start = this.pos;
      while (this.pos < this.bytes.length) {
        const byte = this.bytes[this.pos];
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
        this.pos++;
      }
      if (this.pos === start) throw this.unexpected(this.bytes[this.pos], 'a value');
      if (this.atEnd()) throw new JsonShapeError('truncated', this.pos, 'the JSON ends unexpectedly');
      return;
    }
    const closers: number[] = [];
    do {
      const byte = this.bytes[this.pos];
      if (byte === undefined) throw new JsonShapeError('truncated', this.pos, 'the JSON ends unexpectedly');
      if (byte === QUOTE) {
        this.skipString();
        continue;
      }
      if (byte === OPEN_BRACE) closers.push(CLOSE_BRACE);
      else if (byte === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (closers.pop() !== byte) throw new JsonShapeError('invalid', this.pos, 'brackets do not match');
      }
      this.pos++;
    } while (closers.length > 0);
  }

  readValue(): unknown {
    this.skipSpace();
    const start = this.pos;
    this.skipValue();
    const text = this.decoder.decode(this.bytes.subarray(start, this.pos));
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

  readItems(onItem: (item: unknown) => void) {
    this.pos++;
    this.skipSpace();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      onItem(this.readValue());
      this.skipSpace();
      const next = this.take();
      if (next === CLOSE_BRACKET) return;
      if (next !== COMMA) throw this.unexpected(next, 'a comma or ] between array items');
    }
  }
}
