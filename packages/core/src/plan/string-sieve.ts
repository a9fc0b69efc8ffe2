/**
 * Two 32-bit hashes of (at most ~64 characters sampled from) a string, left in `hashed`: the same
 * figures from a JS string (by char code) and from the bytes of a pure-ASCII string, whose bytes are
 * its char codes.
 */
export const hashed = { first: 0, step: 0 };

export function hashString(value: string) {
  const length = value.length;
  const stride = length > 64 ? length >>> 5 : 1;
  let a = 0x811c9dc5 ^ length;
  let b = Math.imul(length, 0x9e3779b1);
  for (let index = 0; index < length; index += stride) {
    const code = value.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x85ebca6b) ^ (b >>> 15);
  }
  if (length > 0) a = Math.imul(a ^ value.charCodeAt(length - 1), 0x01000193);
  hashed.first = a;
  hashed.step = b | 1;
}

/** hashString of the ASCII text `bytes[start, end)`. */
export function hashAsciiBytes(bytes: Uint8Array, start: number, end: number) {
  const length = end - start;
  const stride = length > 64 ? length >>> 5 : 1;
  let a = 0x811c9dc5 ^ length;
  let b = Math.imul(length, 0x9e3779b1);
  for (let index = start; index < end; index += stride) {
    const code = bytes[index]!;
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x85ebca6b) ^ (b >>> 15);
  }
  if (length > 0) a = Math.imul(a ^ bytes[end - 1]!, 0x01000193);
  hashed.first = a;
  hashed.step = b | 1;
}

const SIEVE_PROBES = 4;

/**
 * A set of strings that may answer "maybe" for a string it does not hold, never "no" for one it
 * holds (a Bloom filter): which strings the fingerprint has written unredacted, in fixed memory.
 */
export class StringSieve {
  private readonly words: Int32Array;
  private readonly mask: number;

  /** `bits` is rounded to a power of two. */
  constructor(bits: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(bits, 1 << 16)));
    this.words = new Int32Array(size >>> 5);
    this.mask = size - 1;
  }

  add(value: string) {
    hashString(value);
    this.addHashed(hashed.first, hashed.step);
  }

  /** Adds the string whose hashes (see hashString) are `first` and `step`. */
  addHashed(first: number, step: number) {
    for (let probe = 0, bit = first; probe < SIEVE_PROBES; probe++, bit += step) {
      const at = bit & this.mask;
      this.words[at >>> 5]! |= 1 << (at & 31);
    }
  }

  mightHold(value: string): boolean {
    hashString(value);
    for (let probe = 0, bit = hashed.first; probe < SIEVE_PROBES; probe++, bit += hashed.step) {
      const at = bit & this.mask;
      if ((this.words[at >>> 5]! & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }
}
