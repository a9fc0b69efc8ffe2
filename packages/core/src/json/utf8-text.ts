import { isAscii } from 'node:buffer';

/**
 * UTF-8 bytes as text. ASCII (most tool output) is copied as latin1, which gives the same text many times
 * faster than decoding UTF-8; anything else is decoded, invalid bytes read as U+FFFD.
 */
export function utf8Text(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}
