/**
 * attack35: `analyze --output report.json` of a plan renders each change as it is read and later
 * re-parses only the lines mayHoldSecretsInJson flags. The report file must be byte-for-byte the
 * in-memory report and hold no secret, whatever the plan (written by a pull request's author) holds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseConfig, renderJson } from '@gitops-sync/core';
import { analyzePlanFile, analyzePlanFileToJson } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

const config = parseConfig('environments: {}\n', 'test');
const clock = { now: () => new Date('2026-03-01T12:00:00Z') };
const dir = tempDir('gitops-sync-attack35-');

async function bothPaths(plan: unknown) {
  const planPath = join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(planPath, typeof plan === 'string' ? plan : JSON.stringify(plan));
  const request = { planPath, environment: 'prod', config, fingerprint: false };
  const inMemory = await analyzePlanFile(request, { clock });
  const output = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const spilled = await analyzePlanFileToJson(request, { clock }, output);
  return { inMemory, spilled, file: readFileSync(output, 'utf8') };
}

/** A resource change of the plan; `afterSensitive` marks the secret. */
const resource = (address: string, before: unknown, after: unknown, extra: Record<string, unknown> = {}, afterSensitive: unknown = {}) => ({
  address,
  mode: 'managed',
  type: address.split('[')[0].split('.').at(-2) ?? 'aws_instance',
  name: 'x',
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions: ['update'], before, after, before_sensitive: {}, after_sensitive: afterSensitive },
  ...extra,
});

/** A create: masking a copy into a sensitive field does not change its severity (tf.secrets.sensitive-value judges updates), so these cases test the masking alone. */
const created = (address: string, after: unknown, extra: Record<string, unknown> = {}) => {
  const made = resource(address, null, after, extra);
  return { ...made, change: { ...made.change, actions: ['create'] } };
};

/** The change that marks `secret` sensitive: after the copies, so they are written before the secret is known. */
const marking = (secret: string, address = 'aws_db_instance.marked') => resource(address, { password: 'old-password-value' }, { password: secret }, {}, { password: true });

const plan = (resourceChanges: unknown[], more: Record<string, unknown> = {}) => ({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: resourceChanges, ...more });

const summaryOf = (report: { changes: { address: string; severity: string; rule: string }[] }) => ({
  ...report,
  changes: report.changes.map(({ address, severity, rule }) => ({ address, severity, rule })),
});

const secret = 'swordfish-Secret-42';

describe('holes', () => {
  // scrubbedLines parses a line already judged (it has severity and rule) and judges it again; judgeAll
  // copies the change's own keys after its verdict, so the stale severity and rule of the unscrubbed
  // change win: a copy of a secret masked into a sensitive field stays medium instead of critical.
  test('a flagged change is judged again after scrubbing: an unmarked copy made sensitive is critical, as in memory', async () => {
    const { inMemory, spilled, file } = await bothPaths(plan([resource('aws_instance.copy', { user_data: 'old' }, { user_data: `prefix ${secret}` }), marking(secret)]));
    expect(file).not.toContain(secret);
    expect(inMemory.changes[0]).toMatchObject({ severity: 'critical', rule: 'tf.secrets.sensitive-value' });
    expect(summaryOf(spilled)).toEqual(summaryOf(inMemory));
    expect(file).toBe(renderJson(inMemory));
  });

  test('the same for a moved change whose previous_address key is a copy too: summary counts and remediation plan follow the new severity', async () => {
    // A moved resource whose old key was a copy of the secret: address rules read previous_address.
    const copy = resource('aws_instance.copy["k"]', { user_data: 'old' }, { user_data: `x:${secret}` }, { previous_address: `aws_instance.copy["${secret}"]` });
    const { inMemory, spilled, file } = await bothPaths(plan([copy, marking(secret)]));
    expect(file).not.toContain(secret);
    expect(summaryOf(spilled)).toEqual(summaryOf(inMemory));
    expect(file).toBe(renderJson(inMemory));
  });

  // redactValue copies an object value key by key: a `"__proto__"` key sets the copy's prototype. The
  // scrubber's `leaks` walks it with for…in (inherited keys too) and masks the value in memory, but the
  // JSON text the prefilter reads has `{}` there: the streamed report keeps `{}`, not "(sensitive)".
  test('a field value whose "__proto__" member holds a copy of a secret is judged and masked as in memory', async () => {
    const copy = resource('aws_instance.proto', { tags: 'plain' }, { tags: { ['__proto__']: { note: `copy of ${secret}` } } });
    // JSON.stringify writes a computed "__proto__" key as an own member, as a plan file has it.
    const { inMemory, spilled, file } = await bothPaths(plan([copy, marking(secret)]));
    expect(file).not.toContain(secret);
    expect(summaryOf(spilled)).toEqual(summaryOf(inMemory));
    expect(file).toBe(renderJson(inMemory));
  });

  test('an output whose "__proto__" member holds a copy of a secret is masked as in memory', async () => {
    const outputs = { leaked: { actions: ['update'], before: 'old', after: { ['__proto__']: { url: `postgres://app:${secret}@db` } }, before_sensitive: false, after_sensitive: false } };
    const { inMemory, file } = await bothPaths(plan([resource('aws_instance.plain', { ami: 'a' }, { ami: 'b' }), marking(secret)], { output_changes: outputs }));
    expect(file).not.toContain(secret);
    expect(file).toBe(renderJson(inMemory));
  });

  // Pre-existing, both paths: `leaks` reads an object's values, never its keys. A value whose type changed
  // (a string before, a map after) is one field holding the whole map, and an output's value is one too.
  test('a copy of a secret as a key of a map value (a field whose type changed, an output) is masked', async () => {
    const copy = resource('aws_instance.keyed', { tags: 'plain' }, { tags: { [`key-${secret}`]: 'v' } });
    const outputs = { by_secret: { actions: ['update'], before: null, after: { [secret]: 1 }, before_sensitive: false, after_sensitive: false } };
    const { inMemory, file } = await bothPaths(plan([copy, marking(secret)], { output_changes: outputs }));
    expect(file).toBe(renderJson(inMemory));
    expect(file).not.toContain(secret);
  });
  // Pre-existing, both paths: an instance key is compared as Terraform quotes it in the address (`\"` for `"`),
  // and a secret under 8 characters only as a whole string, so a short secret with a quote or backslash is never found there.
  test('a short secret with a quote, as an instance key Terraform quotes, is masked in the address', async () => {
    const hidden = 'hun"r2';
    const { inMemory, file } = await bothPaths(plan([created(`aws_instance.keyed[${JSON.stringify(hidden)}]`, { ami: 'b' }), marking(hidden)]));
    expect(file).toBe(renderJson(inMemory));
    expect(inMemory.changes.map((change) => change.address)).not.toContain('aws_instance.keyed["hun\\"r2"]');
  });
});

describe('held: the streamed report is the in-memory one and holds no secret', () => {
  const held = async (planned: unknown, secrets: string[]) => {
    const { inMemory, spilled, file } = await bothPaths(planned);
    expect(file).toBe(renderJson(inMemory));
    expect(spilled.changes.map((change) => change.address)).toEqual(inMemory.changes.map((change) => change.address));
    for (const hidden of secrets) {
      expect(file).not.toContain(hidden);
      expect(file).not.toContain(JSON.stringify(hidden).slice(1, -1));
    }
    return file;
  };

  test.each([
    ['quotes and backslashes', 'q"uo\\te-Secret-Long'],
    ['slash and tilde', 'sl/ash~tilde-Secret~1'],
    ['control characters', 'tab\tnl\ncr\r\u0001-Secret'],
    ['U+2028 and HTML-escaped characters', 'line\u2028sep<&>-Secret'],
    ['astral characters', '🔑-emoji-Secret-🔐'],
    ['non-ASCII', 'ünïcødé-Sécret-ß'],
    ['short, 4 to 7 characters', 'hun"r2'],
    ['short, under 4 bytes', 'a/~'],
    ['short, astral', '🔑'],
  ])('a secret with %s, copied into a value, a nested value, an instance key, a map key and previous_address', async (_, hidden) => {
    const long = hidden.length >= 8;
    const copies = [
      created('aws_instance.value', { user_data: long ? `pre ${hidden} post` : hidden }),
      created('aws_instance.nested', { tags: { a: ['x', hidden] } }),
      created(`aws_instance.keyed[${JSON.stringify(hidden)}]`, { ami: 'b' }),
      created('aws_instance.map', { tags: { [hidden]: 'b' } }),
      created('aws_instance.moved', { ami: 'b' }, { previous_address: `aws_instance.old[${JSON.stringify(hidden)}]` }),
    ];
    const outputs = { o: { actions: ['update'], before: 'old', after: { v: [hidden] }, before_sensitive: false, after_sensitive: false } };
    await held(plan([...copies, marking(hidden)], { output_changes: outputs }), [hidden]);
  });

  test('base64 copies of a secret that follows two with lone surrogates, which laid end to end make one character (helper-136)', async () => {
    const [high, low] = ['abcdefghi\ud83d', '\ude00abcdefgh'];
    const encoded = Buffer.from(secret).toString('base64');
    const sensitive = { p1: true, p2: true, p3: true };
    const marked = resource('aws_db_instance.marked', { p1: 'x', p2: 'y', p3: 'z' }, { p1: high, p2: low, p3: secret }, {}, sensitive);
    const file = await held(plan([created('aws_instance.early', { user_data: `prefix-${encoded}` }), marked]), [secret]);
    expect(file).not.toContain(encoded.slice(0, 20));
  });

  test('a secret met only in output_changes, copied into resource_drift and resource_changes before it', async () => {
    const drift = created('aws_instance.drifted', { user_data: `x${secret}y` });
    const outputs = { db_password: { actions: ['update'], before: 'a', after: secret, before_sensitive: false, after_sensitive: true } };
    const file = await held(plan([created('aws_instance.planned', { user_data: Buffer.from(`--${secret}`).toString('base64') })], { resource_drift: [drift], output_changes: outputs }), [secret]);
    expect(file).toContain('aws_instance.drifted');
  });

  test.each([
    ['resource_drift only', { resource_drift: [created('aws_instance.d', { ami: secret })] }],
    ['resource_changes only', { resource_changes: [created('aws_instance.p', { ami: secret })] }],
    ['no change at all (a no-op marks the secret)', { resource_changes: [] }],
  ])('the last comma of the change list: %s', async (_, lists) => {
    const noop = { ...marking(secret, 'aws_db_instance.noop'), change: { ...marking(secret).change, actions: ['no-op'], before: { password: secret } } };
    const outputs = { o: { actions: ['update'], before: 'a', after: `u:${secret}`, before_sensitive: false, after_sensitive: false } };
    const planned = (lists as { resource_changes?: unknown[] }).resource_changes ?? [];
    await held({ format_version: '1.2', ...lists, resource_changes: [...planned, noop], output_changes: outputs }, [secret]);
  });

  test('a secret that is a prefix of another, and many secrets (hash chains): every copy is masked', async () => {
    const many = Array.from({ length: 3000 }, (_, index) => `gen-${index.toString(36)}-Secret-${(index * 7919).toString(36)}`);
    const marks = many.map((value, index) => marking(value, `aws_db_instance.m${index}`));
    const copies = [secret, `${secret}-longer`, many[1234], many[2999]].map((value, index) => created(`aws_instance.c${index}`, { user_data: `[${value}]` }));
    await held(plan([...copies, created('aws_instance.p', { ami: `${secret}-longer` }), ...marks, marking(secret)]), [secret, many[1234], many[2999]]);
  });

  test('a change line longer than two chunks of the scratch file is copied whole, and copies after it are masked', async () => {
    const long = created('aws_instance.long', { user_data: 'L'.repeat(9_000_000) });
    const after = Array.from({ length: 5 }, (_, index) => created(`aws_instance.after${index}`, { user_data: `x ${secret} ${index}` }));
    const file = await held(plan([created('aws_instance.first', { user_data: secret }), long, ...after, marking(secret)]), [secret]);
    expect(file.length).toBeGreaterThan(9_000_000);
  });

  test('copies on lines that span the 4 MB chunks of the scratch file are masked', async () => {
    const pad = 'p'.repeat(3000);
    // About 6 kB a line, 1000 lines: the scratch file is read in two chunks, and the line across them holds a copy.
    const copies = Array.from({ length: 1000 }, (_, index) => created(`aws_instance.c${index}`, { description: pad, user_data: `${pad}${secret}${pad.slice(0, index % 97)}` }));
    const file = await held(plan([...copies, marking(secret)]), [secret]);
    // The report has each copy masked; the scratch file had it in full too: over 6 MB.
    expect(file.length).toBeGreaterThan(3 * 1024 * 1024);
  });
});
