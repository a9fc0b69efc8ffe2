/**
 * Text with its invisible format characters — bidirectional controls (U+202E turns what follows
 * around), zero-width spaces and joiners, the byte order mark — written as their code points
 * (`[U+202E]`), so a name cannot display as another one (https://unicode.org/reports/tr36/).
 */
export const withFormatCharactersShown = (text: string): string =>
  text.replace(/\p{Cf}/gu, (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
