/** The bytes of JSON's structure, for the readers that scan JSON as bytes (top-level-reader.ts, plan/canonical-bytes.ts). */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const SPACE = 0x20;
export const TAB = 0x09;
export const NEWLINE = 0x0a;

/** JSON's whitespace: space, line feed, carriage return, tab. */
export const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
