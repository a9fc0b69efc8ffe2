/**
 * The canonical text of a resource_changes entry written from the entry's bytes, without JSON.parse
 * (issue 15: parsing was most of the fingerprint worker's time). It writes exactly what
 * redactedResourceChange (plan-fingerprinter.ts) writes for JSON.parse of the same bytes, or
 * declines the entry (NOT_HANDLED) so the caller parses it: whenever the bytes hold anything it
 * does not fully understand (keys out of order, duplicate keys, escaped or non-ASCII keys, deep
 * nesting, invalid JSON). Terraform writes values with their keys sorted, so the canonical text of
 * a value is nearly always its own bytes: they are copied in runs, and only what differs (spaces,
 * numbers such as 1.0, escapes such as \u003c, redacted values) is written anew.
 */
import { isUtf8 } from 'node:buffer';
import { utf8Text } from '../json/utf8-text.js';
import { SENSITIVE } from '../model/markers.js';
import { hashAsciiBytes, hashed, hashString } from './string-sieve.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, isSpace, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../json/json-bytes.js';

/** ByteEntryWriter.entry's answer when the entry goes past the bytes given. */
export const NEED_MORE = -1;
/** ByteEntryWriter.entry's answer for an entry to parse instead. */
export const NOT_HANDLED = -2;

/** Hands the collector each of before/after with its sensitivity mask, as JSON.parse gives them. */
export type MaskedValueCollector = (value: unknown, mask: unknown) => void;

const MORE = new Error('more bytes needed');
const UNHANDLED = new Error('not handled from bytes');

const SKIP = 0;
const PLAIN = 1;
const REDACT = 2;
type Mode = typeof SKIP | typeof PLAIN | typeof REDACT;

/** String flags: a canonical escape (\" \\ \b \f \n \r \t), another escape (\/ \uXXXX), a byte >= 0x80. */
const ESCAPE = 1;
const OTHER_ESCAPE = 2;
const NON_ASCII = 4;

const LETTER_T = 0x74;
/** Deeper values are left to JSON.parse and canonical(), which fail on them as they always did. */
const MAX_DEPTH = 256;

const SENSITIVE_TEXT = JSON.stringify(SENSITIVE);
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
const isHex = (byte: number | undefined) => byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66));
const isContainer = (value: unknown) => typeof value === 'object' && value !== null;
/** The error for byte `byte` where something else was expected: the bytes end there, or they are not what this writer reads. */
const unexpected = (byte: number | undefined) => (byte === undefined ? MORE : UNHANDLED);

/** Copies `source[from, to)` into `target` at `at`; a loop for the short runs most are (Buffer.copy's own cost is larger). */
function copyBytes(source: Uint8Array, from: number, to: number, target: Uint8Array, at: number): number {
  const length = to - from;
  if (length > 48) target.set(source.subarray(from, to), at);
  else for (let index = 0; index < length; index++) target[at + index] = source[from + index]!;
  return length;
}

const keyBytes = (key: string) => Buffer.from(key, 'latin1');
const CHANGE = keyBytes('change');
const BEFORE = keyBytes('before');
const AFTER = keyBytes('after');
const BEFORE_SENSITIVE = keyBytes('before_sensitive');
const AFTER_SENSITIVE = keyBytes('after_sensitive');
const NULL = keyBytes('null');

/** One member of the entry or of its change: its name, where its value is in the input and where its canonical text is in `out`. */
interface Member {
  /** The name's bytes (without quotes) are keySource[keyStart, keyEnd): the input, or one of the constants above. */
  keySource: Uint8Array;
  keyStart: number;
  keyEnd: number;
  start: number;
  end: number;
  /** Its canonical text is input[from, to) when the value is canonical as written (most are), else out[from, to). */
  inInput: boolean;
  from: number;
  to: number;
}

/** The members of one object, in objects reused from entry to entry. */
class Members {
  readonly items: Member[] = [];
  count = 0;

  add(keySource: Uint8Array, keyStart: number, keyEnd: number): Member {
    if (this.count === this.items.length) this.items.push({ keySource, keyStart, keyEnd, start: 0, end: 0, inInput: false, from: 0, to: 0 });
    const member = this.items[this.count++]!;
    member.keySource = keySource;
    member.keyStart = keyStart;
    member.keyEnd = keyEnd;
    return member;
  }

  find(key: Uint8Array): Member | undefined {
    for (let index = 0; index < this.count; index++) if (keyIs(this.items[index]!, key)) return this.items[index];
    return undefined;
  }

  /**
   * Sorts the members by name (byte order, which for ASCII names is the order sort() gives) and
   * says whether their names are distinct (JSON.parse keeps only the last of a duplicate).
   */
  sortDistinct(): boolean {
    const items = this.items;
    // Insertion sort is quadratic: beyond Terraform's dozen members (an entry written to be slow), sort.
    if (this.count > 32) {
      const sorted = items.slice(0, this.count).sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
      for (let index = 0; index < sorted.length; index++) items[index] = sorted[index]!;
    }
    for (let index = 1; index < this.count; index++) {
      const member = items[index]!;
      let at = index - 1;
      for (; at >= 0 && keyLess(member, items[at]!); at--) items[at + 1] = items[at]!;
      items[at + 1] = member;
    }
    for (let index = 1; index < this.count; index++) if (!keyLess(items[index - 1]!, items[index]!)) return false;
    return true;
  }
}

/** Writes `"name":` at `at`; returns the offset after it. */
function putName(member: Member, target: Uint8Array, at: number): number {
  target[at++] = QUOTE;
  at += copyBytes(member.keySource, member.keyStart, member.keyEnd, target, at);
  target[at++] = QUOTE;
  target[at++] = COLON;
  return at;
}

const keyLess = (a: Member, b: Member) => bytesLess(a.keySource, a.keyStart, a.keyEnd, b.keySource, b.keyStart, b.keyEnd);

function keyIs(member: Member, key: Uint8Array): boolean {
  if (member.keyEnd - member.keyStart !== key.length) return false;
  for (let index = 0; index < key.length; index++) if (member.keySource[member.keyStart + index] !== key[index]) return false;
  return true;
}

/** Whether the bytes a[aStart, aEnd) sort strictly before b[bStart, bEnd). */
function bytesLess(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  for (; aStart < aEnd && bStart < bEnd; aStart++, bStart++) if (a[aStart] !== b[bStart]) return a[aStart]! < b[bStart]!;
  return aStart === aEnd && bStart < bEnd;
}

export class ByteEntryWriter {
  private bytes: Buffer = Buffer.alloc(0);
  /** The canonical text of each member, one after the other. */
  private out = Buffer.allocUnsafe(1 << 16);
  private outLength = 0;
  /** Where the run of input bytes copied as they are starts (see flush). */
  private run = 0;
  private depth = 0;
  private flags = 0;
  private simpleNumber = false;
  private secrets: ReadonlySet<string> = new Set();
  private secretHashes: ReadonlySet<number> = new Set();
  private readonly entryMembers = new Members();
  private readonly changeMembers = new Members();
  /** The sieve hashes (first, step) of the strings the entry writes as they are, to add once it is kept. */
  written = new Int32Array(1 << 12);
  writtenLength = 0;

  /**
   * Reads the entry at `bytes[start]`, ready for writeText, and returns the offset after it, or NEED_MORE / NOT_HANDLED with nothing handed on. `secrets` are the strings to
   * redact, `secretHashes` their hashed.first (see hashString); `collect` is called once masks are
   * known, before anything is written with them.
   */
  entry(bytes: Buffer, start: number, secrets: ReadonlySet<string>, secretHashes: ReadonlySet<number>, collect?: MaskedValueCollector): number {
    this.bytes = bytes;
    this.secrets = secrets;
    this.secretHashes = secretHashes;
    this.outLength = 0;
    this.writtenLength = 0;
    this.depth = 0;
    this.entryMembers.count = 0;
    this.changeMembers.count = 0;
    try {
      const end = this.members(start, this.entryMembers, true);
      if (!this.entryMembers.find(CHANGE)) return NOT_HANDLED;
      if (!this.entryMembers.sortDistinct() || !this.changeMembers.sortDistinct()) return NOT_HANDLED;
      this.applyMasks(collect);
      return end;
    } catch (error) {
      if (error === MORE) return NEED_MORE;
      if (error === UNHANDLED) return NOT_HANDLED;
      throw error;
    }
  }

  /**
   * Reads the object at `p` member by member, writing each value's text into `out`: the entry's
   * (`entry`), whose `change` is read the same way into changeMembers, or the change's, whose
   * before/after are written redacted with the secrets known (masks come after them).
   */
  private members(p: number, members: Members, entry: boolean): number {
    const bytes = this.bytes;
    if (bytes[p] !== OPEN_BRACE) throw unexpected(bytes[p]);
    p = skipSpace(bytes, p + 1);
    if (bytes[p] === CLOSE_BRACE) {
      if (entry) throw UNHANDLED;
      return p + 1;
    }
    for (;;) {
      p = skipSpace(bytes, p);
      if (bytes[p] !== QUOTE) throw unexpected(bytes[p]);
      const keyEnd = this.string(p);
      if (this.flags !== 0) throw UNHANDLED;
      const member = members.add(bytes, p + 1, keyEnd - 1);
      p = skipSpace(bytes, keyEnd);
      if (bytes[p] !== COLON) throw unexpected(bytes[p]);
      p = skipSpace(bytes, p + 1);
      member.start = p;
      if (entry && keyIs(member, CHANGE)) p = this.members(p, this.changeMembers, false);
      else p = this.memberValue(member, !entry && (keyIs(member, BEFORE) || keyIs(member, AFTER)) ? REDACT : PLAIN, undefined);
      member.end = p;
      p = skipSpace(bytes, p);
      const next = bytes[p];
      if (next === CLOSE_BRACE) return p + 1;
      if (next !== COMMA) throw unexpected(next);
      p++;
    }
  }

  /**
   * When a mask may mark something sensitive: hands before/after and their masks to `collect`, then
   * writes before/after again with the masks and every secret now known. A mask without the bytes
   * `true` holds no `true` (Terraform writes `false`, `{}`, `[]` for nothing sensitive), and then
   * the text already written is the text. Then adds before/after as `null` when absent.
   */
  private applyMasks(collect: MaskedValueCollector | undefined) {
    const members = this.changeMembers;
    const before = members.find(BEFORE);
    const after = members.find(AFTER);
    const beforeMask = members.find(BEFORE_SENSITIVE);
    const afterMask = members.find(AFTER_SENSITIVE);
    if (this.holdsTrue(beforeMask) || this.holdsTrue(afterMask)) {
      let masks: unknown[];
      let values: unknown[] = [];
      try {
        masks = [this.parse(beforeMask), this.parse(afterMask)];
        if (collect) values = [this.parse(before), this.parse(after)];
      } catch {
        throw UNHANDLED;
      }
      if (collect) {
        collect(values[0], masks[0]);
        collect(values[1], masks[1]);
      }
      this.writtenLength = 0;
      if (before) this.memberValue(before, REDACT, masks[0]);
      if (after) this.memberValue(after, REDACT, masks[1]);
    }
    for (const [member, key] of [[before, BEFORE], [after, AFTER]] as const) {
      if (member) continue;
      const absent = members.add(key, 0, key.length);
      absent.inInput = false;
      absent.from = this.outLength;
      this.roomInOut(NULL.length);
      this.outLength += copyBytes(NULL, 0, NULL.length, this.out, this.outLength);
      absent.to = this.outLength;
    }
    if (!before || !after) members.sortDistinct();
  }

  /** Reads the member's value (see value) and notes where its text is; returns the offset after it. */
  private memberValue(member: Member, mode: Mode, mask: unknown): number {
    const from = this.outLength;
    this.run = member.start;
    const end = this.value(member.start, mode, mask);
    member.inInput = this.run === member.start;
    if (member.inInput) {
      member.from = member.start;
      member.to = end;
    } else {
      this.flush(end);
      member.from = from;
      member.to = this.outLength;
    }
    return end;
  }

  /** Whether the member's value holds the bytes `true` (masks are small: a loop costs less than a search). */
  private holdsTrue(member: Member | undefined): boolean {
    if (member === undefined) return false;
    const bytes = this.bytes;
    for (let at = member.start; at + 3 < member.end; at++) {
      if (bytes[at] === LETTER_T && bytes[at + 1] === 0x72 && bytes[at + 2] === 0x75 && bytes[at + 3] === 0x65) return true;
    }
    return false;
  }

  private parse(member: Member | undefined): unknown {
    return member === undefined ? undefined : JSON.parse(utf8Text(this.bytes.subarray(member.start, member.end)));
  }

  /** The length of the entry's text (see writeText). */
  textLength(): number {
    // `{`, `}` and the commas between members, for the entry and its change.
    let length = 2 + this.entryMembers.count - 1 + 2 + this.changeMembers.count - 1;
    for (const members of [this.entryMembers, this.changeMembers]) {
      for (let index = 0; index < members.count; index++) {
        const member = members.items[index]!;
        length += member.keyEnd - member.keyStart + 3;
        if (members === this.changeMembers || !keyIs(member, CHANGE)) length += member.to - member.from;
      }
    }
    return length;
  }

  /**
   * Writes the entry's text into `target` from `at` (textLength bytes): `{`, the entry's members in
   * order (`"name":` and its text), with `change` as `{`, its members, `}`, then `}`.
   */
  writeText(target: Uint8Array, at: number) {
    target[at++] = OPEN_BRACE;
    const entry = this.entryMembers;
    for (let index = 0; index < entry.count; index++) {
      const member = entry.items[index]!;
      if (index > 0) target[at++] = COMMA;
      at = putName(member, target, at);
      if (!keyIs(member, CHANGE)) {
        at += this.copyText(member, target, at);
        continue;
      }
      target[at++] = OPEN_BRACE;
      const change = this.changeMembers;
      for (let item = 0; item < change.count; item++) {
        if (item > 0) target[at++] = COMMA;
        at = putName(change.items[item]!, target, at);
        at += this.copyText(change.items[item]!, target, at);
      }
      target[at++] = CLOSE_BRACE;
    }
    target[at++] = CLOSE_BRACE;
  }

  private copyText(member: Member, target: Uint8Array, at: number): number {
    return copyBytes(member.inInput ? this.bytes : this.out, member.from, member.to, target, at);
  }

  /** Copies the input bytes from `run` to `to` into `out` as they are. */
  private flush(to: number) {
    const length = to - this.run;
    if (length <= 0) return;
    this.roomInOut(length);
    this.outLength += copyBytes(this.bytes, this.run, to, this.out, this.outLength);
  }

  /** Writes `text` in place of the input bytes [from, to). */
  private replace(from: number, to: number, text: string) {
    this.flush(from);
    this.roomInOut(3 * text.length);
    this.outLength += this.out.write(text, this.outLength);
    this.run = to;
  }

  private roomInOut(length: number) {
    if (this.outLength + length <= this.out.length) return;
    const larger = Buffer.allocUnsafe(2 * (this.outLength + length));
    this.out.copy(larger, 0, 0, this.outLength);
    this.out = larger;
  }

  /** Skips whitespace inside a value being written: it is left out of the text. */
  private space(p: number, mode: Mode): number {
    if (!isSpace(this.bytes[p])) return p;
    if (mode !== SKIP) this.flush(p);
    p = skipSpace(this.bytes, p);
    if (mode !== SKIP) this.run = p;
    return p;
  }

  /**
   * Reads the value at `p` (no whitespace before it) and returns the offset after it. PLAIN writes
   * it canonical, REDACT also redacts what `mask` marks and strings equal to a secret, and notes
   * each string written as it is (`written`); SKIP only checks it is JSON.
   */
  private value(p: number, mode: Mode, mask: unknown): number {
    const bytes = this.bytes;
    if (mode === REDACT && mask === true) {
      const end = this.value(p, SKIP, undefined);
      this.replace(p, end, bytes[p] === 0x6e ? 'null' : SENSITIVE_TEXT);
      return end;
    }
    const first = bytes[p];
    if (first === QUOTE) return this.stringValue(p, mode);
    if (first === OPEN_BRACE) return this.object(p, mode, mask);
    if (first === OPEN_BRACKET) return this.array(p, mode, mask);
    if (first === 0x74) return this.literal(p, 'true');
    if (first === 0x66) return this.literal(p, 'false');
    if (first === 0x6e) return this.literal(p, 'null');
    if (first === 0x2d || isDigit(first)) {
      const end = this.number(p);
      if (mode !== SKIP && !this.simpleNumber) {
        const text = bytes.toString('latin1', p, end);
        const canonical = JSON.stringify(JSON.parse(text) as number);
        if (canonical !== text) this.replace(p, end, canonical);
      }
      return end;
    }
    throw unexpected(first);
  }

  private literal(p: number, word: string): number {
    for (let index = 1; index < word.length; index++) {
      const byte = this.bytes[p + index];
      if (byte !== word.charCodeAt(index)) throw unexpected(byte);
    }
    return p + word.length;
  }

  /** The offset after the number at `p`; simpleNumber says whether it is canonical as written (an integer JSON.stringify writes the same). */
  private number(p: number): number {
    const bytes = this.bytes;
    const negative = bytes[p] === 0x2d;
    let q = negative ? p + 1 : p;
    const digits = q;
    if (bytes[q] === 0x30) q++;
    else if (isDigit(bytes[q])) while (isDigit(bytes[++q]));
    else throw unexpected(bytes[q]);
    const integerDigits = q - digits;
    let simple = integerDigits <= 15 && !(negative && bytes[digits] === 0x30);
    if (bytes[q] === 0x2e) {
      simple = false;
      if (!isDigit(bytes[++q])) throw unexpected(bytes[q]);
      while (isDigit(bytes[++q]));
    }
    if (bytes[q] === 0x65 || bytes[q] === 0x45) {
      simple = false;
      if (bytes[++q] === 0x2b || bytes[q] === 0x2d) q++;
      if (!isDigit(bytes[q])) throw unexpected(bytes[q]);
      while (isDigit(bytes[++q]));
    }
    // The number may go on in the bytes not yet read.
    if (bytes[q] === undefined) throw MORE;
    this.simpleNumber = simple;
    return q;
  }

  /** The offset after the string at `p` (its opening quote); `flags` says what it holds (ESCAPE, OTHER_ESCAPE, NON_ASCII). */
  private string(p: number): number {
    const bytes = this.bytes;
    let q = p + 1;
    let flags = 0;
    for (;;) {
      let byte = bytes[q];
      while (byte !== undefined && byte >= 0x20 && byte < 0x80 && byte !== QUOTE && byte !== BACKSLASH) byte = bytes[++q];
      if (byte === QUOTE) break;
      if (byte === undefined) throw MORE;
      if (byte >= 0x80) {
        flags |= NON_ASCII;
        q++;
      } else if (byte === BACKSLASH) {
        const escaped = bytes[q + 1];
        if (escaped === 0x75) {
          for (let index = q + 2; index < q + 6; index++) if (!isHex(bytes[index])) throw unexpected(bytes[index]);
          flags |= OTHER_ESCAPE;
          q += 6;
        } else if (escaped === 0x2f) {
          flags |= OTHER_ESCAPE;
          q += 2;
        } else if (escaped === QUOTE || escaped === BACKSLASH || escaped === 0x62 || escaped === 0x66 || escaped === 0x6e || escaped === 0x72 || escaped === 0x74) {
          flags |= ESCAPE;
          q += 2;
        } else throw unexpected(escaped);
      } else throw UNHANDLED; // a raw control character: not JSON
    }
    this.flags = flags;
    return q + 1;
  }

  private stringValue(p: number, mode: Mode): number {
    const bytes = this.bytes;
    const end = this.string(p);
    if (mode === SKIP) return end;
    const flags = this.flags;
    if (mode === REDACT && flags === 0) {
      hashAsciiBytes(bytes, p + 1, end - 1);
      if (this.secretHashes.has(hashed.first) && this.secrets.has(bytes.toString('latin1', p + 1, end - 1))) this.replace(p, end, SENSITIVE_TEXT);
      else this.noteWritten();
      return end;
    }
    const asIs = (flags & OTHER_ESCAPE) === 0 && ((flags & NON_ASCII) === 0 || isUtf8(bytes.subarray(p + 1, end - 1)));
    if (mode === PLAIN && asIs) return end;
    const value = JSON.parse(utf8Text(bytes.subarray(p, end))) as string;
    if (mode === REDACT) {
      if (this.secrets.size > 0 && this.secrets.has(value)) {
        this.replace(p, end, SENSITIVE_TEXT);
        return end;
      }
      hashString(value);
      this.noteWritten();
    }
    if (!asIs) this.replace(p, end, JSON.stringify(value));
    return end;
  }

  /** Notes the string just hashed (hashed) as written. */
  private noteWritten() {
    if (this.writtenLength + 2 > this.written.length) {
      const larger = new Int32Array(2 * this.written.length);
      larger.set(this.written);
      this.written = larger;
    }
    this.written[this.writtenLength++] = hashed.first;
    this.written[this.writtenLength++] = hashed.step;
  }

  private object(p: number, mode: Mode, mask: unknown): number {
    const bytes = this.bytes;
    if (++this.depth > MAX_DEPTH) throw UNHANDLED;
    const masked = mode === REDACT && isContainer(mask);
    let q = this.space(p + 1, mode);
    if (bytes[q] === CLOSE_BRACE) {
      this.depth--;
      return q + 1;
    }
    let previous = -1;
    let previousEnd = -1;
    for (;;) {
      q = this.space(q, mode);
      if (bytes[q] !== QUOTE) throw unexpected(bytes[q]);
      const keyEnd = this.string(q);
      if (mode !== SKIP) {
        // Keys are written as they are only when byte order is the order JSON.parse + sort gives, with no duplicate.
        if (this.flags !== 0) throw UNHANDLED;
        if (previous >= 0 && !bytesLess(bytes, previous + 1, previousEnd - 1, bytes, q + 1, keyEnd - 1)) throw UNHANDLED;
        previous = q;
        previousEnd = keyEnd;
      }
      const childMask = masked ? (mask as Record<string, unknown>)[bytes.toString('latin1', q + 1, keyEnd - 1)] : undefined;
      q = this.space(keyEnd, mode);
      if (bytes[q] !== COLON) throw unexpected(bytes[q]);
      q = this.space(q + 1, mode);
      q = this.space(this.value(q, mode, childMask), mode);
      const next = bytes[q];
      if (next === COMMA) q++;
      else if (next === CLOSE_BRACE) {
        this.depth--;
        return q + 1;
      } else throw unexpected(next);
    }
  }

  private array(p: number, mode: Mode, mask: unknown): number {
    const bytes = this.bytes;
    if (++this.depth > MAX_DEPTH) throw UNHANDLED;
    const masked = mode === REDACT && isContainer(mask);
    let q = this.space(p + 1, mode);
    if (bytes[q] === CLOSE_BRACKET) {
      this.depth--;
      return q + 1;
    }
    for (let index = 0; ; index++) {
      q = this.space(q, mode);
      q = this.space(this.value(q, mode, masked ? (mask as unknown[])[index] : undefined), mode);
      const next = bytes[q];
      if (next === COMMA) q++;
      else if (next === CLOSE_BRACKET) {
        this.depth--;
        return q + 1;
      } else throw unexpected(next);
    }
  }
}

function skipSpace(bytes: Uint8Array, p: number): number {
  while (isSpace(bytes[p])) p++;
  return p;
}
