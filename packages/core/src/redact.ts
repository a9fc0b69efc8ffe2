import { MIN_HANDED_ON_SECRET_LENGTH } from './diff/value-diff.js';

/**
 * Whether a value is masked in text (messages, logs): a shorter one cannot be told from ordinary text —
 * a dummy token `e` masked every "e" of every message — and keeps nothing secret anyway.
 */
export const maskedInText = (secret: string) => secret.length >= MIN_HANDED_ON_SECRET_LENGTH;

/** `text` with `secret` masked (see maskedInText). */
export const withoutSecret = (text: string, secret: string) => (maskedInText(secret) ? text.replaceAll(secret, '***') : text);

/** Remembers sensitive values and removes them from any text before it is shown. */
export class Redactor {
  private readonly secrets = new Set<string>();

  readonly add = (secret: string): void => {
    if (maskedInText(secret)) this.secrets.add(secret);
  };

  get values(): ReadonlySet<string> {
    return this.secrets;
  }

  redact(text: string): string {
    let result = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) result = result.replaceAll(secret, '***');
    return result;
  }
}
