import { isAscii } from 'node:buffer';

/**
 * UTF-8 bytes as text. ASCII (most tool output) is copied as latin1, which gives the same text many times
 * faster than decoding UTF-8; anything else is decoded, invalid bytes read as U+FFFD.
 */
export function utf8Text(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}

/** How many of `bytes` end on a whole character: a character cut off at the end waits for the next chunk. */
function wholeCharacters(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * A decoder of UTF-8 read in chunks (as TextDecoder's stream mode, which drops a leading BOM as the
 * YAML parsers do), through utf8Text: decoding a 230 MB export with TextDecoder took over a second.
 * Call it with each chunk (reused buffers are fine: what it keeps it copies), then without one at the end.
 */
export function utf8ChunkDecoder(): (chunk?: Uint8Array) => string {
  let pending: Buffer | undefined;
  let started = false;
  return (chunk) => {
    let bytes = chunk ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.alloc(0);
    if (pending) bytes = Buffer.concat([pending, bytes]);
    const whole = chunk ? wholeCharacters(bytes) : bytes.length;
    pending = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : undefined;
    let text = utf8Text(bytes.subarray(0, whole));
    if (!started && text !== '') {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  };
}
