import type { UserError } from '../errors.js';

/** Why a file is no JSON when it is UTF-16, as Windows PowerShell 5.1's `>` and Out-File write it. */
export const UTF16_WORDS = 'it is UTF-16, as Windows PowerShell 5.1 writes with > or Out-File; write it as UTF-8 (Out-File -Encoding utf8, or PowerShell 7)';

/**
 * Whether a file's first bytes are UTF-16's: its byte order mark, or a NUL beside each of the first two
 * ASCII characters (a file cut short and padded with NULs has them only at its end).
 */
export function looksUtf16(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  if (head.length < 4) return false;
  return (head[1] === 0 && head[3] === 0 && head[0] !== 0 && head[2] !== 0) || (head[0] === 0 && head[2] === 0 && head[1] !== 0 && head[3] !== 0);
}

/** UTF16_WORDS for text read as UTF-8 that is UTF-16 (its byte order mark reads as two replacement characters). */
export function utf16Words(text: string): string | undefined {
  if (text.startsWith('\uFFFD\uFFFD')) return UTF16_WORDS;
  const head = Uint8Array.from(text.slice(0, 4), (char) => char.charCodeAt(0) & 0xff);
  return looksUtf16(head) ? UTF16_WORDS : undefined;
}

/** Text without the UTF-8 byte order mark Windows tools write first (RFC 8259 lets a reader ignore it). */
export const withoutByteOrderMark = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * A whole JSON document read as text. What does not parse is refused by `refuse`, given why in a few
 * words (never JSON.parse's message: it quotes the text around the error, which may be a secret).
 */
export function parseJsonText(text: string, refuse: (why: string) => UserError, otherwise = 'truncated or not JSON at all'): unknown {
  try {
    return JSON.parse(withoutByteOrderMark(text));
  } catch {
    throw refuse(utf16Words(text) ?? otherwise);
  }
}
