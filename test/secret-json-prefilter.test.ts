/**
 * `analyze --output report.json` of a plan renders each change as it is read, before the plan's last
 * secret is known; afterwards only the lines whose JSON text may hold a secret are parsed again and
 * scrubbed (mayHoldSecretsInJson). A line it passes over keeps any unmarked secret in the report, so
 * it must say "may" for every change the scrubber would alter: secrets with quotes, backslashes,
 * slashes, tildes, control characters and non-ASCII text, in values, nested values, attributes,
 * addresses and path tokens, as themselves or JSON-escaped, URL-encoded or base64-encoded.
 */
import { expect, test } from '@jest/globals';
import { findsSecrets, mayHoldSecretsInJson, terraformQuoted, terraformUnquoted, unmarkedSecretScrubber, type UnjudgedChange } from '@gitops-sync/core';

const SECRETS = [
  'pa"ss\\wo/rd-Long-1',
  'tilde~0and~1slash/Key',
  'tab\there\nnewline-xyz',
  'ünïcødé-sécret-ß-42',
  'emoji-🔑-key-material',
  'hunter2',
  'plain-Secret-Value-9',
  '<script>&amp;-Secret',
  'tmpl-${var.x}-%{if}-Secret',
  'nbsp\u00a0zero\u200bwidth-Secret',
  'k"y12',
];

/** A deterministic pseudo-random sequence (the same cases every run). */
function* random(seed: number): Generator<number> {
  for (let state = seed; ; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield state / 2 ** 31;
  }
}

/** The filter over a text's UTF-8, as a report's scratch file holds it. */
const inText = (mayHold: (json: Uint8Array, start: number, end: number) => boolean) => (text: string) => {
  const bytes = Buffer.from(`padding ${text} padding`);
  return mayHold(bytes, 8, bytes.length - 8);
};

const ENCODINGS: ((secret: string) => string)[] = [
  (secret) => secret,
  (secret) => JSON.stringify(secret).slice(1, -1),
  (secret) => encodeURIComponent(secret),
  (secret) => Buffer.from(`xy${secret}`).toString('base64'),
  (secret) => `prefix ${secret} suffix`,
  // Part of a secret only: nothing to find.
  (secret) => secret.slice(0, 4),
];

/** A change with secrets here and there in it; with `nearMisses`, only the first characters of secrets. */
function changeHolding(next: () => number, nearMisses: boolean): UnjudgedChange {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const hidden = () => (nearMisses ? pick(SECRETS).slice(0, 4) : pick(ENCODINGS)(pick(SECRETS)));
  const value = (depth = 0): unknown => {
    const roll = next();
    if (roll < 0.3) return next() < 0.4 ? hidden() : `ordinary-${Math.floor(next() * 1000)}`;
    if (roll < 0.4 || depth > 2) return Math.floor(next() * 10);
    if (roll < 0.7) return [value(depth + 1), value(depth + 1)];
    return { [next() < 0.3 ? hidden() : 'name']: value(depth + 1), other: value(depth + 1) };
  };
  const key = () => (next() < 0.3 ? hidden() : `key${Math.floor(next() * 100)}`);
  const pointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
  return {
    address: `module.m["${terraformQuoted(key())}"].terraform_data.x`,
    ...(next() < 0.2 ? { previous_address: `terraform_data.old["${terraformQuoted(key())}"]` } : {}),
    kind: 'terraform_data',
    source: 'terraform-plan',
    action: 'update',
    origin: 'planned',
    fields: [0, 1].map(() => ({ path: `/${pointerToken(key())}/${pointerToken(key())}`, before: value(), after: value(), sensitive: false })),
    attributes: { '/tags/owner': value() },
  } as UnjudgedChange;
}

test('every change the scrubber alters is one whose JSON text may hold a secret', () => {
  const secrets = new Set(SECRETS);
  const scrubber = unmarkedSecretScrubber(findsSecrets(secrets));
  const mayHold = inText(mayHoldSecretsInJson(secrets));
  const sequence = random(20261206);
  const next = () => sequence.next().value as number;
  let altered = 0;
  let clean = 0;
  for (let run = 0; run < 4000; run++) {
    const change = changeHolding(next, run % 4 === 0);
    const text = JSON.stringify(change);
    scrubber.change(change);
    if (JSON.stringify(change) !== text) {
      altered++;
      expect({ text, mayHold: mayHold(text) }).toEqual({ text, mayHold: true });
    } else if (!mayHold(text)) clean++;
  }
  // Both kinds turn up, and the filter passes over the near misses: it is not "always may".
  expect(altered).toBeGreaterThan(1000);
  expect(clean).toBeGreaterThan(900);
});

test('a change holding no secret in any form is passed over', () => {
  const mayHold = inText(mayHoldSecretsInJson(new Set(SECRETS)));
  const change = { address: 'module.m["api"].terraform_data.x', fields: [{ path: '/input/name', before: 'old', after: 'new', sensitive: false }] };
  expect(mayHold(JSON.stringify(change))).toBe(false);
  expect(mayHold(JSON.stringify({ ...change, fields: [{ path: '/input', before: 'old', after: 'hunter2', sensitive: false }] }))).toBe(true);
});

test('a secret too short to be hashed, or with half a surrogate pair, makes every text "may"', () => {
  for (const odd of ['ab', 'lone-\ud83d-half-of-a-pair']) {
    const mayHold = inText(mayHoldSecretsInJson(new Set([...SECRETS, odd])));
    expect(mayHold('{"address":"aws_s3_bucket.b","fields":[]}')).toBe(true);
  }
});

test('an instance key quoted as Terraform quotes it reads back as the key', () => {
  for (const key of ['plain', 'a"b\\c', 'line\nbreak\ttab', '${var.x} and %{if} but $x and %d', 'nbsp\u00a0zero\u200bwidth', 'emoji 🔑 and \u{e0001}', '$${ already doubled']) {
    expect(terraformUnquoted(terraformQuoted(key))).toBe(key);
  }
  expect(terraformQuoted('a"b\\${c}\u00a0')).toBe('a\\"b\\\\$${c}\\u00a0');
  expect(terraformQuoted('\u{e0001}')).toBe('\\U000e0001');
});
