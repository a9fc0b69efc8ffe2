import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyActions, parseTerraformPlan, KNOWN_AFTER_APPLY, SENSITIVE, UserError } from '@gitops-sync/core';
import { SHARED_FIXTURES, TOFU_FIXTURES, tofuFixture } from './support/paths.js';

const parseFile = (path: string, onSecret?: (value: string) => void) => parseTerraformPlan(readFileSync(path), { label: path, onSecret });
const plan = (body: object) => JSON.stringify({ format_version: '1.2', planned_values: {}, ...body });
const resource = (address: string, change: object, extra: object = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.').at(-2),
  name: address.split('.').at(-1),
  change: { before_sensitive: {}, after_sensitive: {}, after_unknown: {}, ...change },
  ...extra,
});

describe('classifying Terraform actions', () => {
  test.each([
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['create', 'forget'], 'replace'],
    [['forget', 'create'], 'replace'],
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['forget'], 'forget'],
    [['no-op'], undefined],
    [['read'], undefined],
  ])('treats %j as %s whatever the order', (actions, expected) => {
    expect(classifyActions(actions, false)).toBe(expected);
  });

  test('an import with no other change is an import', () => {
    expect(classifyActions(['no-op'], true)).toBe('import');
  });
});

describe('reading real OpenTofu and Terraform plans', () => {
  const fixtures = readdirSync(TOFU_FIXTURES).filter((name) => name.endsWith('.json') && name !== 'plan-error.json');

  test.each(fixtures)('%s parses into one change per changed managed resource', (name) => {
    const path = resolve(TOFU_FIXTURES, name);
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    const expected = new Set<string>();
    for (const [key, origin] of [['resource_changes', 'planned'], ['resource_drift', 'outside']] as const) {
      for (const entry of raw[key] ?? []) {
        if (entry.mode === 'data' || entry.change.actions.every((a: string) => a === 'no-op' || a === 'read')) continue;
        expected.add(`${origin} ${entry.address}`);
      }
    }
    const parsed = parseFile(path);
    expect(new Set(parsed.changes.map((change) => `${change.origin} ${change.address}`))).toEqual(expected);
  });

  test('drift made outside Terraform is origin "outside", the planned fix is "planned"', () => {
    const { changes } = parseFile(tofuFixture('drift'));
    expect(changes.map((c) => [c.origin, c.address, c.action])).toEqual([
      ['outside', 'test_instance.should_refresh', 'update'],
      ['planned', 'test_instance.no_refresh', 'update'],
      ['planned', 'test_instance.should_refresh', 'update'],
    ]);
    expect(changes[0].fields).toEqual([{ path: '/ami', before: 'refresh-me', after: 'refreshed', sensitive: false }]);
  });

  test('a moved resource keeps its previous address', () => {
    const { changes } = parseFile(tofuFixture('moved-drift'));
    expect(changes[0]).toMatchObject({ origin: 'outside', address: 'test_instance.should_refresh_with_move', previous_address: 'test_instance.should_refresh' });
  });

  test('replace_paths mark the fields that force replacement, and unknown values read "(known after apply)"', () => {
    const [change] = parseFile(tofuFixture('requires-replace')).changes;
    expect(change.action).toBe('replace');
    expect(change.fields).toEqual([
      { path: '/ami', before: 'bar', after: 'force-replace', sensitive: false, forces_replacement: true },
      { path: '/id', before: 'placeholder', after: KNOWN_AFTER_APPLY, sensitive: false },
    ]);
  });

  test('sensitive attributes and outputs never leave the source, but are handed to the secret sink', () => {
    const secrets: string[] = [];
    const parsed = parseFile(tofuFixture('sensitive-values'), (value) => secrets.push(value));
    const text = JSON.stringify(parsed);
    expect(text).not.toContain('boop');
    expect(parsed.changes[0].fields).toContainEqual({ path: '/ami', before: null, after: SENSITIVE, sensitive: true });
    expect(parsed.outputChanges).toEqual([{ name: 'test', action: 'create', before: null, after: SENSITIVE, sensitive: true }]);
    expect(secrets).toContain('boop');
  });

  test('a Terraform 1.1 plan with resources deleted outside Terraform', () => {
    const parsed = parseFile(resolve(SHARED_FIXTURES, 'terraform', 'tf-summarize', 'tfplan.json'));
    const outside = parsed.changes.filter((change) => change.origin === 'outside');
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.every((change) => change.action === 'delete')).toBe(true);
    expect(parsed.terraformVersion).toBe('1.1.4');
    expect(parsed.changes.some((change) => change.address === 'module.github["terraform-plan-summary"].github_branch.demo' && change.origin === 'planned')).toBe(false);
  });
});

describe('field-level detail', () => {
  test('nested maps and lists become JSON pointers, escaping ~ and /', () => {
    const { changes } = parseTerraformPlan(
      plan({
        resource_changes: [
          resource('aws_instance.web', {
            actions: ['update'],
            before: { tags: { 'kubernetes.io/role': 'a', 'x~y': '1' }, ingress: [{ port: 80 }, { port: 443 }] },
            after: { tags: { 'kubernetes.io/role': 'b', 'x~y': '2' }, ingress: [{ port: 80 }, { port: 8443 }, { port: 22 }] },
          }),
        ],
      }),
      { label: 'plan.json' },
    );
    expect(changes[0].fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ['/tags/kubernetes.io~1role', 'a', 'b'],
      ['/tags/x~0y', '1', '2'],
      ['/ingress/1/port', 443, 8443],
      ['/ingress/2/port', null, 22],
    ]);
  });

  test('a sensitive nested block collapses to one masked field, even when only its keys differ', () => {
    const { changes } = parseTerraformPlan(
      plan({
        resource_changes: [
          resource('aws_db_instance.main', {
            actions: ['update'],
            before: { settings: { password: 'hunter2-old', user: 'admin' } },
            after: { settings: { password: 'hunter2-new', user: 'admin' } },
            before_sensitive: { settings: true },
            after_sensitive: { settings: true },
          }),
        ],
      }),
      { label: 'plan.json' },
    );
    expect(changes[0].fields).toEqual([{ path: '/settings', before: SENSITIVE, after: SENSITIVE, sensitive: true }]);
    expect(JSON.stringify(changes)).not.toMatch(/hunter2|admin/);
  });

  test('an unchanged sensitive value copied unmarked elsewhere is masked there too (terraform_data.output)', () => {
    const secrets: string[] = [];
    const { changes } = parseTerraformPlan(
      plan({
        resource_changes: [
          resource('terraform_data.db', {
            actions: ['delete', 'create'],
            before: { input: 'hunter2-very-secret', output: 'hunter2-very-secret', triggers_replace: 'a' },
            after: { input: 'hunter2-very-secret', triggers_replace: 'b' },
            before_sensitive: { input: true },
            after_sensitive: { input: true },
            after_unknown: { output: true },
          }),
          resource('terraform_data.other', { actions: ['no-op'], before: { input: 'from-a-no-op-resource' }, after: { input: 'from-a-no-op-resource' }, before_sensitive: { input: true }, after_sensitive: { input: true } }),
          resource('terraform_data.copy', { actions: ['update'], before: { note: 'x' }, after: { note: 'from-a-no-op-resource' } }),
        ],
      }),
      { label: 'plan.json', onSecret: (value) => secrets.push(value) },
    );
    expect(JSON.stringify(changes)).not.toMatch(/hunter2|from-a-no-op/);
    expect(changes[0].fields.map((field) => field.path)).not.toContain('/output');
    expect(secrets).toEqual(['hunter2-very-secret', 'from-a-no-op-resource']);
  });

  test("terraform_data's output, which only echoes its input, is not shown as a second changed field", () => {
    const { changes } = parseTerraformPlan(
      plan({
        resource_changes: [
          resource('terraform_data.app', { actions: ['update'], before: { input: { image: 'app:1.0' }, output: { image: 'app:1.0' } }, after: { input: { image: 'app:1.1' } }, after_unknown: { output: true } }),
          resource('null_resource.keeps', { actions: ['update'], before: { output: 'a' }, after: { output: 'b' } }),
        ],
      }),
      { label: 'plan.json' },
    );
    expect(changes.map((change) => [change.address, change.fields.map((field) => field.path)])).toEqual([
      ['terraform_data.app', ['/input/image']],
      ['null_resource.keeps', ['/output']],
    ]);
  });

  test('sensitive booleans and numbers do not mask unrelated values; short secret strings are masked but not sent to log masking', () => {
    const secrets: string[] = [];
    const { changes } = parseTerraformPlan(
      plan({
        resource_changes: [
          resource('aws_db_instance.a', { actions: ['update'], before: { flag: false, port: 1, pin: 'ab' }, after: { flag: true, port: 2, pin: 'Zq' }, before_sensitive: { flag: true, port: true, pin: true }, after_sensitive: { flag: true, port: true, pin: true } }),
          resource('aws_instance.b', { actions: ['update'], before: { enabled: false, count: 1, code: 'ab' }, after: { enabled: true, count: 2, code: 'cd' } }),
        ],
      }),
      { label: 'plan.json', onSecret: (value) => secrets.push(value) },
    );
    expect(changes[1].fields).toEqual([
      { path: '/enabled', before: false, after: true, sensitive: false },
      { path: '/count', before: 1, after: 2, sensitive: false },
      { path: '/code', before: SENSITIVE, after: 'cd', sensitive: true },
    ]);
    expect(secrets).toEqual([]);
  });

  test('importing and no-op changes: an import is reported, a plain no-op and a data read are not', () => {
    const { changes } = parseTerraformPlan(
      plan({
        resource_changes: [
          resource('aws_s3_bucket.imported', { actions: ['no-op'], before: { a: 1 }, after: { a: 1 }, importing: { id: 'bucket' } }),
          resource('aws_s3_bucket.same', { actions: ['no-op'], before: { a: 1 }, after: { a: 1 } }),
          { ...resource('data.aws_ami.latest', { actions: ['read'], before: null, after: {} }), mode: 'data' },
        ],
      }),
      { label: 'plan.json' },
    );
    expect(changes.map((c) => [c.address, c.action, c.importing])).toEqual([['aws_s3_bucket.imported', 'import', true]]);
  });

  test('a resource listed twice for one origin is refused: of an update and a delete, the delete would go unjudged', () => {
    const update = resource('aws_instance.web', { actions: ['update'], before: { a: 1 }, after: { a: 2 } });
    const remove = resource('aws_instance.web', { actions: ['delete'], before: { a: 1 }, after: null });
    const refusal = 'plan.json lists aws_instance.web twice in resource_changes, which no plan Terraform writes does; pass the output of `terraform show -json <planfile>` as it wrote it.';
    expect(() => parseTerraformPlan(plan({ resource_changes: [update, remove] }), { label: 'plan.json' })).toThrow(new UserError(refusal));
    // resource_changes written twice (JSON.parse keeps the last array; the reader reads both).
    const twice = `{"format_version":"1.2","planned_values":{},"resource_changes":[${JSON.stringify(update)}],"resource_changes":[${JSON.stringify(remove)}]}`;
    expect(() => parseTerraformPlan(twice, { label: 'plan.json' })).toThrow(new UserError(refusal));
    // The same resource drifted and planned is two origins: both are reported.
    const { changes } = parseTerraformPlan(plan({ resource_changes: [update], resource_drift: [update] }), { label: 'plan.json' });
    expect(changes.map((c) => c.origin)).toEqual(['outside', 'planned']);
  });

  test('a deposed object (create_before_destroy left it to delete) is a change of its own beside its current object, judged by the rules of its address', () => {
    const current = resource('aws_instance.web', { actions: ['update'], before: { a: 1 }, after: { a: 2 } });
    const deposed = resource('aws_instance.web', { actions: ['delete'], before: { a: 0 }, after: null }, { deposed: '00000001' });
    const { changes } = parseTerraformPlan(plan({ resource_changes: [current, deposed] }), { label: 'plan.json' });
    expect(changes.map(({ address, action }) => ({ address, action }))).toEqual([
      { address: 'aws_instance.web', action: 'update' },
      { address: 'aws_instance.web', action: 'delete' },
    ]);
    const twice = () => parseTerraformPlan(plan({ resource_changes: [current, deposed, deposed] }), { label: 'plan.json' });
    expect(twice).toThrow('plan.json lists aws_instance.web (deposed 00000001) twice in resource_changes');
  });
});

describe('refusing what is not a complete plan', () => {
  const refuse = (text: string) => () => parseTerraformPlan(text, { label: 'plan.json' });

  test('an empty file', () => {
    expect(refuse('')).toThrow(new UserError('plan.json is empty; pass the output of `terraform show -json <planfile>`.'));
  });
  test('truncated JSON', () => {
    const text = readFileSync(tofuFixture('drift'), 'utf8');
    expect(refuse(text.slice(0, text.length / 2))).toThrow(/plan\.json is not complete JSON .*truncated/);
  });
  test('a state file', () => {
    expect(refuse(JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'x', resources: [] }))).toThrow(
      'plan.json is a Terraform state file, not a plan',
    );
  });
  test('JSON that is not a plan', () => {
    expect(refuse('{"hello": "world"}')).toThrow('plan.json is not a Terraform plan (it has no format_version)');
    expect(refuse('[1, 2, 3]')).toThrow('plan.json is not a Terraform plan (the top level is not a JSON object)');
  });
  test('state shown as JSON (format_version but no plan keys)', () => {
    expect(refuse(JSON.stringify({ format_version: '1.0', values: { root_module: {} } }))).toThrow('is Terraform JSON but not a plan');
  });
  test('an unknown format_version major', () => {
    expect(refuse(plan({ format_version: '2.0' }))).toThrow(/format_version 2\.0, which this version of gitops-sync cannot read/);
  });
  test('format 0.x is read', () => {
    expect(parseTerraformPlan(plan({ format_version: '0.2', resource_changes: [] }), { label: 'plan.json' }).formatVersion).toBe('0.2');
  });
  test('an errored plan', () => {
    expect(() => parseFile(tofuFixture('plan-error'))).toThrow(/is an errored plan/);
  });
  test('invalid JSON inside a resource change', () => {
    expect(refuse('{"format_version":"1.0","resource_changes":[{"address": tru}]}')).toThrow(/plan\.json is not valid JSON/);
  });
  test.each([
    [{ resource_changes: [1] }, 'an entry of resource_changes has no "address"'],
    [{ resource_changes: [{ address: 'a.b' }] }, 'resource_changes entry a.b has no "change" object'],
    [{ resource_drift: [{ address: 'a.b', change: { actions: 'update' } }] }, 'resource_drift entry a.b has "actions" that is not a list of strings'],
    [{ resource_changes: [{ address: 'a.b', change: { actions: ['update'], replace_paths: 'x' } }] }, 'resource_changes entry a.b has "replace_paths" that is not a list of paths'],
    [{ output_changes: { x: null } }, 'output_changes entry x has no "change" object'],
    [{ output_changes: [] }, '"output_changes" is not an object'],
  ])('a malformed entry %j', (body, what) => {
    expect(refuse(plan(body))).toThrow(new UserError(`plan.json is not a valid Terraform plan: ${what}; produce it again with \`terraform show -json <planfile>\`.`));
  });

  test('garbage after the object', () => {
    expect(refuse(`${plan({})} extra`)).toThrow(/more data after the top-level object/);
  });
});

describe('reading a plan in chunks', () => {
  const chunked = (bytes: Uint8Array, size: number) => {
    let at = 0;
    return () => (at >= bytes.length ? undefined : bytes.subarray(at, (at += size)));
  };

  test.each([1, 2, 3, 7, 64, 4096])('gives the same result in chunks of %i bytes as whole', (size) => {
    const escaped = plan({
      resource_changes: [resource('aws_instance.web', { actions: ['update'], before: { note: 'a "quoted" \\ back\\\\slash ✓ {[' }, after: { note: 'b \\"}]' } })],
    });
    for (const bytes of [readFileSync(tofuFixture('drift')), readFileSync(tofuFixture('sensitive-values')), new TextEncoder().encode(escaped)]) {
      expect(parseTerraformPlan(chunked(bytes, size), { label: 'p' })).toEqual(parseTerraformPlan(bytes, { label: 'p' }));
    }
  });

  test('a truncated plan is refused whatever the chunk size', () => {
    const bytes = readFileSync(tofuFixture('drift')).subarray(0, 700);
    expect(() => parseTerraformPlan(chunked(bytes, 5), { label: 'p' })).toThrow(/^p is not complete JSON/);
  });
});

describe('a plan broken next to a secret', () => {
  test('is refused in one sentence that quotes none of it (JSON.parse quotes the text around the error)', () => {
    const secret = 'tQx7Zk9Wv3Jm8Rp2Hd';
    const broken = `{"format_version":"1.2","resource_changes":[{"address":"aws_db_instance.main","change":{"actions":["update"],"before":{"password": ${secret}},"after":{},"before_sensitive":{"password":true}}}]}`;
    let message = '';
    try {
      parseTerraformPlan(Buffer.from(broken), { label: 'plan.json' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^plan\.json is not valid JSON \(a broken value at byte \d+\); pass the output of `terraform show -json <planfile>`\.$/);
    for (let at = 0; at + 4 <= secret.length; at++) expect(message).not.toContain(secret.slice(at, at + 4));
  });
});
