import type { UserError } from '../errors.js';

/** Why JSON text read as UTF-8 is no JSON when it is UTF-16 (NULs between ASCII), which Windows PowerShell 5.1's `>` and Out-File write. */
export const utf16Words = (text: string): string | undefined =>
  text.includes('\u0000') ? 'it is UTF-16, as Windows PowerShell 5.1 writes with > or Out-File; write it as UTF-8 (Out-File -Encoding utf8, or PowerShell 7)' : undefined;

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
