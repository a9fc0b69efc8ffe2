import { MIN_HANDED_ON_SECRET_LENGTH } from './diff/value-diff.js';

/**
 * Whether a value is masked in text (messages, logs): a shorter one cannot be told from ordinary text —
 * a dummy token `e` masked every "e" of every message — and keeps nothing secret anyway.
 */
export const maskedInText = (secret: string) => secret.length >= MIN_HANDED_ON_SECRET_LENGTH;

/** `text` with `secret` masked (see maskedInText). */
export const withoutSecret = (text: string, secret: string) => (maskedInText(secret) ? text.replaceAll(secret, '***') : text);

/** Characters a secret's index key takes: MIN_HANDED_ON_SECRET_LENGTH, which every secret masked has. */
const KEY_LENGTH = MIN_HANDED_ON_SECRET_LENGTH;
/** Up to this many secrets, each is looked for in the text (one native search each beats slicing every key out of a long text). */
const FEW_SECRETS = 64;

interface SecretIndex {
  /** Every secret in the order they are masked: longest first, then as they were added. */
  ordered: string[];
  rank: Map<string, number>;
  /** The secrets by their first KEY_LENGTH characters. */
  byKey: Map<string, string[]>;
  /** The secrets holding a `*`, which the `***` of an earlier mask can complete. */
  starred: string[];
}

/**
 * Remembers sensitive values and removes them from any text before it is shown: longest first, so a
 * secret that holds another is masked whole. With many secrets only those whose first characters appear in
 * the text are tried, and those with a `*` (a sync with 50,000 secrets masked each log line with 50,000
 * replaceAll calls and a sort of them all).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** Made again after an add. */
  private index: SecretIndex | undefined;

  readonly add = (secret: string): void => {
    if (!maskedInText(secret) || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.index = undefined;
  };

  get values(): ReadonlySet<string> {
    return this.secrets;
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.candidates(text)) result = result.replaceAll(secret, '***');
    return result;
  }

  /**
   * The secrets that may be in `text`, in the order they are masked. One that is not there, and holds no `*`,
   * cannot appear as others are masked either (it would have to cross a `***`): leaving it out changes nothing.
   */
  private candidates(text: string): readonly string[] {
    const index = (this.index ??= indexOf(this.secrets));
    if (index.ordered.length <= FEW_SECRETS) return index.ordered;
    const found = new Set(index.starred);
    const keys = new Set<string>();
    for (let at = 0; at + KEY_LENGTH <= text.length; at++) keys.add(text.slice(at, at + KEY_LENGTH));
    for (const key of keys) for (const secret of index.byKey.get(key) ?? []) found.add(secret);
    return [...found].sort((a, b) => index.rank.get(a)! - index.rank.get(b)!);
  }
}

function indexOf(secrets: ReadonlySet<string>): SecretIndex {
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const rank = new Map(ordered.map((secret, at) => [secret, at]));
  const byKey = new Map<string, string[]>();
  const starred: string[] = [];
  for (const secret of ordered) {
    if (secret.includes('*')) starred.push(secret);
    const key = secret.slice(0, KEY_LENGTH);
    const list = byKey.get(key);
    if (list) list.push(secret);
    else byKey.set(key, [secret]);
  }
  return { ordered, rank, byKey, starred };
}
