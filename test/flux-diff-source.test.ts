import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { dyffPathSteps, FLUX_DIFF_SOURCE, parseFluxDiff, SENSITIVE, type UnjudgedChange } from '@gitops-sync/core';
import { expectUserError } from './support/user-error.js';
import { SHARED_FIXTURES } from './support/paths.js';

const GOLDENS = resolve(SHARED_FIXTURES, 'kubernetes', 'flux-diff-kustomization');
const goldenText = (name: string) => readFileSync(resolve(GOLDENS, name), 'utf8');
const golden = (name: string) => parseFluxDiff(goldenText(name), { label: name });
const parse = (text: string, defaultNamespace?: string) => parseFluxDiff(text, { label: 'flux.txt', defaultNamespace });
const actions = (changes: UnjudgedChange[]) => changes.map((change) => [change.action, change.address]);
const fieldsOf = (changes: UnjudgedChange[], address: string) => changes.find((change) => change.address === address)?.fields;

const PODINFO = 'apps/v1/Deployment/default/podinfo';
const HPA = 'autoscaling/v2/HorizontalPodAutoscaler/default/podinfo';
const SERVICE = 'v1/Service/default/podinfo';
const secret = (name: string) => `v1/Secret/default/${name}`;
const DOCKER = secret('docker-secret');
const BASIC_AUTH = secret('secret-basic-auth-stringdata');
const TOKEN = secret('podinfo-token-77t89m9b67');
const DB_USER = secret('db-user-pass-bkbd782d2c');
const created = (...addresses: string[]) => addresses.map((address) => ['create', address]);

/** Every golden flux ships, with the (action, address) list it must give; a new golden fails until it is listed here. */
const EXPECTED_ACTIONS: Record<string, string[][]> = {
  'diff-new-kustomization.golden': created(PODINFO, HPA, SERVICE, DOCKER, BASIC_AUTH, TOKEN, DB_USER),
  'diff-new-namespace-only.golden': created('v1/Namespace//new-ns'),
  'diff-taking-ownership.golden': [['update', 'v1/ConfigMap/default/existing-config'], ['create', 'v1/ConfigMap/default/new-config']],
  'diff-with-deployment.golden': created(HPA, SERVICE, DOCKER, BASIC_AUTH, TOKEN, DB_USER),
  'diff-with-dockerconfigjson-sops-secret.golden': created(PODINFO, HPA, SERVICE, BASIC_AUTH, TOKEN, DB_USER),
  'diff-with-drift-ignore.golden': [...created(PODINFO, HPA), ['update', SERVICE], ...created(DOCKER, BASIC_AUTH, TOKEN, DB_USER)],
  'diff-with-drifted-key-sops-secret.golden': [...created(PODINFO, HPA, SERVICE, DOCKER, BASIC_AUTH), ['update', TOKEN], ...created(DB_USER)],
  'diff-with-drifted-secret.golden': [...created(PODINFO, HPA, SERVICE, DOCKER, BASIC_AUTH, TOKEN), ['update', DB_USER]],
  'diff-with-drifted-service.golden': [...created(PODINFO, HPA), ['update', SERVICE], ...created(DOCKER, BASIC_AUTH, TOKEN, DB_USER)],
  'diff-with-drifted-stringdata-sops-secret.golden': [...created(PODINFO, HPA, SERVICE, DOCKER), ['update', BASIC_AUTH], ...created(TOKEN, DB_USER)],
  'diff-with-drifted-value-sops-secret.golden': created(PODINFO, HPA, SERVICE, DOCKER, BASIC_AUTH, DB_USER),
  // The `📁 Kustomization/default/my-app changed` heading of --recursive is not a change itself.
  'diff-with-recursive.golden': created('v1/ConfigMap/default/my-app'),
};

const OWNER_LABELS = (name: string) => ({ 'kustomize.toolkit.fluxcd.io/name': name, 'kustomize.toolkit.fluxcd.io/namespace': null });
const masked = (path: string, before: boolean, after: boolean) => ({ path, before: before ? SENSITIVE : null, after: after ? SENSITIVE : null, sensitive: true });

/** The fields of every drifted object in the goldens. */
const EXPECTED_FIELDS: Record<string, [string, object[]]> = {
  'diff-taking-ownership.golden': ['v1/ConfigMap/default/existing-config', [{ path: '/metadata/labels', before: null, after: OWNER_LABELS('configmaps'), sensitive: false }]],
  'diff-with-drift-ignore.golden': [SERVICE, [{ path: '/metadata/labels', before: null, after: OWNER_LABELS('podinfo'), sensitive: false }]],
  'diff-with-drifted-service.golden': [SERVICE, [{ path: '/spec/ports/http/port', before: 9899, after: 9898, sensitive: false }]],
  'diff-with-drifted-secret.golden': [DB_USER, [masked('/data/password', true, true)]],
  'diff-with-drifted-key-sops-secret.golden': [TOKEN, [masked('/data/drift-key', true, false), masked('/data/token', false, true)]],
  'diff-with-drifted-stringdata-sops-secret.golden': [BASIC_AUTH, [masked('/data/username1', true, false), masked('/data/username', false, true)]],
};

/** The raw values a golden prints for drifted Secrets: `- x` / `+ x` lines and `key: value` entries, also side by side. */
function rawSecretValues(text: string): string[] {
  const values: string[] = [];
  let inSecret = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('► ')) inSecret = /^► Secret\/\S+ drifted$/.test(line);
    if (!inSecret || line.startsWith('► ') || /^[-+] \S+ (map|list) entr/.test(line)) continue;
    const signed = /^[-+] (.+)$/.exec(line);
    if (signed) values.push(signed[1]);
    for (const entry of line.matchAll(/\S+: (\S+)/g)) values.push(entry[1]);
  }
  return values;
}


describe('flux diff kustomization goldens', () => {
  const names = readdirSync(GOLDENS).filter((name) => name.endsWith('.golden')).sort();

  test('every golden is covered', () => {
    expect(names).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
  });

  test.each(names)('%s gives the objects flux printed, as planned flux-diff changes', (name) => {
    const changes = golden(name);
    expect(actions(changes)).toEqual(EXPECTED_ACTIONS[name]);
    for (const change of changes) {
      expect(change).toMatchObject({ source: FLUX_DIFF_SOURCE, origin: 'planned', kind: change.address.split('/').at(-3) });
      if (change.action !== 'update') expect(change.fields).toEqual([]);
    }
  });

  test.each(Object.entries(EXPECTED_FIELDS))('%s gives the drifted fields', (name, [address, fields]) => {
    expect(fieldsOf(golden(name), address)).toEqual(fields);
  });

  const secretGoldens = names.filter((name) => /secret/.test(name) && /► Secret\/\S+ drifted/.test(goldenText(name)));

  test('the goldens with drifted Secrets are the three expected ones', () => {
    expect(secretGoldens).toEqual([
      'diff-with-drifted-key-sops-secret.golden',
      'diff-with-drifted-secret.golden',
      'diff-with-drifted-stringdata-sops-secret.golden',
    ]);
  });

  test.each(secretGoldens)('%s lets no Secret value through', (name) => {
    const raw = rawSecretValues(goldenText(name));
    expect(raw.length).toBeGreaterThan(0);
    const json = JSON.stringify(golden(name));
    for (const value of raw) expect(json).not.toContain(value);
    expect(json).not.toContain('***');
    for (const change of golden(name).filter((item) => item.kind === 'Secret')) {
      for (const field of change.fields) expect(field.sensitive).toBe(true);
    }
  });

  test('colours, Windows line ends and a missing last newline change nothing', () => {
    const name = 'diff-with-drifted-service.golden';
    const plain = goldenText(name);
    const coloured = plain.replace(/^(► .*)$/gm, '\u001b[32m$1\u001b[0m').replace(/^([-+] .*)$/gm, '\u001b[1;31m$1\u001b[0m');
    expect(parse(coloured.replaceAll('\n', '\r\n').trimEnd())).toEqual(golden(name));
  });

  test('empty output means nothing to apply', () => {
    expect(parse('')).toEqual([]);
    expect(parse('\n\n')).toEqual([]);
  });
});

describe('addresses', () => {
  test('well-known kinds get their group and version, cluster-scoped ones an empty namespace', () => {
    const text = [
      '► Namespace/team-a created',
      '► ClusterRole/view-all created',
      '► CronJob/team-a/report created',
      '► Ingress/team-a/web deleted',
      '► Kustomization/flux-system/apps created',
      '► HelmRelease/team-a/redis deleted',
    ].join('\n');
    expect(actions(parse(text))).toEqual([
      ['create', 'v1/Namespace//team-a'],
      ['create', 'rbac.authorization.k8s.io/v1/ClusterRole//view-all'],
      ['create', 'batch/v1/CronJob/team-a/report'],
      ['delete', 'networking.k8s.io/v1/Ingress/team-a/web'],
      ['create', 'kustomize.toolkit.fluxcd.io/v1/Kustomization/flux-system/apps'],
      ['delete', 'helm.toolkit.fluxcd.io/v2/HelmRelease/team-a/redis'],
    ]);
  });

  test('an unknown kind gets the literal unknown group and version', () => {
    expect(actions(parse('► Certificate/team-a/web created\n► ClusterIssuer/letsencrypt deleted'))).toEqual([
      ['create', 'unknown/unknown/Certificate/team-a/web'],
      ['delete', 'unknown/unknown/ClusterIssuer//letsencrypt'],
    ]);
  });

  test('a namespaced kind printed without a namespace gets the default namespace', () => {
    expect(parse('► ConfigMap/settings created', 'apps')[0].address).toBe('v1/ConfigMap/apps/settings');
    expect(parse('► ConfigMap/settings created')[0].address).toBe('v1/ConfigMap//settings');
    expect(parse('► Namespace/apps created', 'apps')[0].address).toBe('v1/Namespace//apps');
  });

  test('kind names are not looked up among object properties', () => {
    expect(parse('► constructor/x created')[0].address).toBe('unknown/unknown/constructor//x');
  });

  test('--recursive headings and skipped remote Kustomizations are not changes', () => {
    const text = [
      '► Kustomization/flux-system/apps drifted',
      '',
      'spec.path',
      '± value change',
      '- ./apps/staging',
      '+ ./apps/production',
      '',
      '📁 Kustomization/flux-system/apps changed',
      '► ConfigMap/apps/settings created',
      '📁 Kustomization/flux-system/old deleted resources',
      '► Secret/apps/old-token deleted',
      '⚠️ Kustomization/flux-system/edge skipped: diff not supported for remote clusters',
    ].join('\n');
    const changes = parse(text);
    expect(actions(changes)).toEqual([
      ['update', 'kustomize.toolkit.fluxcd.io/v1/Kustomization/flux-system/apps'],
      ['create', 'v1/ConfigMap/apps/settings'],
      ['delete', 'v1/Secret/apps/old-token'],
    ]);
    expect(changes[0].fields).toEqual([{ path: '/spec/path', before: './apps/staging', after: './apps/production', sensitive: false }]);
  });
});

describe('dyff paths as JSON pointers', () => {
  test.each([
    ['spec.ports.http.port', 'Service', ['spec', 'ports', 'http', 'port']],
    ['spec.template.spec.containers.podinfod.image', 'Deployment', ['spec', 'template', 'spec', 'containers', 'podinfod', 'image']],
    ['spec.behavior.scaleDown.policies.0.periodSeconds', 'HorizontalPodAutoscaler', ['spec', 'behavior', 'scaleDown', 'policies', '0', 'periodSeconds']],
    ['metadata.labels.app.kubernetes.io/name', 'Deployment', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['spec.template.metadata.annotations.prometheus.io/port', 'Deployment', ['spec', 'template', 'metadata', 'annotations', 'prometheus.io/port']],
    ['spec.selector.matchLabels.app.kubernetes.io/name', 'Deployment', ['spec', 'selector', 'matchLabels', 'app.kubernetes.io/name']],
    ['data.config.yaml', 'ConfigMap', ['data', 'config.yaml']],
    ['data.tls.crt', 'Secret', ['data', 'tls.crt']],
    ['data.tls.crt', 'Widget', ['data', 'tls', 'crt']],
    ['metadata', 'ConfigMap', ['metadata']],
    ['(root level)', 'ConfigMap', []],
  ])('%s (%s)', (path, kind, steps) => {
    expect(dyffPathSteps(path, kind)).toEqual(steps);
  });

  test('slashes and tildes are escaped in the pointer', () => {
    const text = ['► Deployment/apps/web drifted', '', 'metadata.annotations.example.com/owner~team', '± value change', '- a', '+ b', ''].join('\n');
    expect(parse(text)[0].fields[0].path).toBe('/metadata/annotations/example.com~1owner~0team');
  });
});

/** A newer dyff (flux ≥ 2.4) indents details by two and puts the removed and added entries of a path side by side when they fit. */
const INDENTED_REPORT = [
  '► Deployment/apps/web drifted',
  '',
  'spec.replicas',
  '  ± value change',
  '    - 3',
  '    + 2',
  '',
  'spec.template.spec.containers.web.args',
  '  - two list entries removed:     + one list entry added:',
  '    - --verbose                     - --quiet',
  '    - --port=8080',
  '',
  'spec.template.spec.tolerations',
  '  - one list entry removed:',
  '    - key: dedicated',
  '      operator: Equal',
  '      value: batch',
  '  ',
  '  + one list entry added:',
  '    - key: dedicated',
  '      operator: Equal',
  '      value: web',
  '  ',
  '',
  '► Service/apps/web created',
].join('\n');

describe('dyff report layouts', () => {
  test('details indented by two, side by side and stacked', () => {
    const changes = parse(INDENTED_REPORT);
    expect(actions(changes)).toEqual([['update', 'apps/v1/Deployment/apps/web'], ['create', 'v1/Service/apps/web']]);
    expect(changes[0].fields).toEqual([
      { path: '/spec/replicas', before: 3, after: 2, sensitive: false },
      { path: '/spec/template/spec/containers/web/args', before: ['--verbose', '--port=8080'], after: ['--quiet'], sensitive: false },
      {
        path: '/spec/template/spec/tolerations',
        before: [{ key: 'dedicated', operator: 'Equal', value: 'batch' }],
        after: [{ key: 'dedicated', operator: 'Equal', value: 'web' }],
        sensitive: false,
      },
    ]);
  });

  test('unindented stacked blocks: a header after a blank line is not a new path', () => {
    const text = [
      '► HorizontalPodAutoscaler/apps/web drifted',
      '',
      'spec.metrics',
      '- one list entry removed:',
      '- type: Resource',
      '  resource:',
      '    name: cpu',
      '',
      '+ one list entry added:',
      '  - type: Resource',
      '    resource:',
      '      name: memory',
      '',
      '',
      'spec.maxReplicas',
      '± value change',
      '- 10',
      '+ 12',
      '',
    ].join('\n');
    expect(parse(text)[0].fields).toEqual([
      { path: '/spec/metrics', before: [{ type: 'Resource', resource: { name: 'cpu' } }], after: [{ type: 'Resource', resource: { name: 'memory' } }], sensitive: false },
      { path: '/spec/maxReplicas', before: 10, after: 12, sensitive: false },
    ]);
  });

  test('map entries become one field per key', () => {
    const text = [
      '► ConfigMap/apps/settings drifted',
      '',
      'data',
      '- one map entry removed:   + two map entries added:',
      'LOG_LEVEL: debug             LOG_FORMAT: json',
      '                             TIMEOUT: "30"',
      '',
    ].join('\n');
    expect(parse(text)[0].fields).toEqual([
      { path: '/data/LOG_LEVEL', before: 'debug', after: null, sensitive: false },
      { path: '/data/LOG_FORMAT', before: null, after: 'json', sensitive: false },
      { path: '/data/TIMEOUT', before: null, after: '30', sensitive: false },
    ]);
  });
});

describe('values', () => {
  const one = (description: string, ...lines: string[]) =>
    parse(['► ConfigMap/apps/settings drifted', '', 'data.value', description, ...lines, ''].join('\n'))[0].fields[0];

  test('scalars read as YAML scalars, strings as printed', () => {
    expect(one('± value change', '- true', '+ false')).toMatchObject({ before: true, after: false });
    expect(one('± value change', '- ghcr.io/stefanprodan/podinfo:6.0.0', '+ ghcr.io/stefanprodan/podinfo:6.0.1')).toMatchObject({
      before: 'ghcr.io/stefanprodan/podinfo:6.0.0',
      after: 'ghcr.io/stefanprodan/podinfo:6.0.1',
    });
    expect(one('± value change', '- 1.10', '+ 1.9')).toMatchObject({ before: '1.10', after: 1.9 });
    expect(one('± value change', '- key: value', '+ other: value')).toMatchObject({ before: 'key: value', after: 'other: value' });
  });

  test('type changes read both sides as YAML', () => {
    expect(one('± type change from int to string', '- 80', '+ "80"')).toMatchObject({ before: 80, after: '80' });
    expect(one('± type change from <nil> to map', '- <nil>', '+ a: 1', '  b: two')).toMatchObject({ before: null, after: { a: 1, b: 'two' } });
  });

  test('multi-line text keeps the removed and the inserted lines', () => {
    expect(one('± value change in multiline text (two inserts, one deletion)', '- port: 80', '+ port: 8080', '+ tls: true', '')).toMatchObject({
      before: 'port: 80',
      after: 'port: 8080\ntls: true',
    });
  });

  test('whitespace-only changes get their spaces back, also side by side', () => {
    expect(one('± whitespace only change', '- a·b↵', '  ', '+ a·b')).toMatchObject({ before: 'a b\n', after: 'a b' });
    expect(one('± whitespace only change', '- a·b   + a··b')).toMatchObject({ before: 'a b', after: 'a  b' });
  });

  test('order changes give both orders', () => {
    expect(one('⇆ order changed', '- a, b, c', '+ c, b, a')).toMatchObject({ before: ['a', 'b', 'c'], after: ['c', 'b', 'a'] });
    expect(one('⇆ order changed', '  first-long-entry   second', '  second             first-long-entry')).toMatchObject({
      before: ['first-long-entry', 'second'],
      after: ['second', 'first-long-entry'],
    });
  });
});

describe('Secrets', () => {
  test('values under data and stringData never come out, whatever the layout', () => {
    const text = [
      '► Secret/apps/db drifted',
      '',
      'data.password',
      '± value change',
      '- cGxhaW4tb2xk',
      '+ cGxhaW4tbmV3',
      '',
      'stringData',
      '+ one map entry added:',
      '  token: s3cr3t-token',
      '',
    ].join('\n');
    const changes = parse(text);
    const json = JSON.stringify(changes);
    for (const value of ['cGxhaW4tb2xk', 'cGxhaW4tbmV3', 's3cr3t-token']) expect(json).not.toContain(value);
    expect(changes[0].fields).toEqual([masked('/data/password', true, true), masked('/stringData/token', false, true)]);
  });

  test('a Secret last-applied annotation is masked too', () => {
    const text = [
      '► Secret/apps/db drifted',
      '',
      'metadata.annotations',
      '+ one map entry added:',
      '  kubectl.kubernetes.io/last-applied-configuration: \'{"data":{"password":"aHVudGVyMg=="}}\'',
      '',
    ].join('\n');
    const changes = parse(text);
    expect(JSON.stringify(changes)).not.toContain('aHVudGVyMg');
    expect(changes[0].fields).toEqual([masked('/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration', false, true)]);
  });

  test('other objects keep their values', () => {
    const text = ['► ConfigMap/apps/settings drifted', '', 'data.password', '± value change', '- old', '+ new', ''].join('\n');
    expect(parse(text)[0].fields).toEqual([{ path: '/data/password', before: 'old', after: 'new', sensitive: false }]);
  });
});

describe('bad input', () => {
  const service = goldenText('diff-with-drifted-service.golden');

  test('a value change cut off before its new value', () => {
    const cut = service.slice(0, service.indexOf('+ 9898'));
    expectUserError(() => parse(cut), /^flux\.txt:7: /, /spec\.ports\.http\.port/, /no "\+" \(new\) value/, /cut off/);
  });

  test('a report cut off right after a field path', () => {
    const cut = service.slice(0, service.indexOf('± value change'));
    expectUserError(() => parse(cut), /^flux\.txt:5: /, /stops after the field path "spec\.ports\.http\.port"/, /cut off/);
  });

  test('side-by-side entries cut off after their headers', () => {
    const text = goldenText('diff-with-drifted-key-sops-secret.golden');
    const cut = text.slice(0, text.indexOf('drift-key:'));
    expectUserError(() => parse(cut), /^flux\.txt:9: /, /lists no entries/, /cut off/);
  });

  test('a list with fewer entries than its header counts', () => {
    const cut = INDENTED_REPORT.split('\n').slice(0, 10).join('\n');
    expectUserError(() => parse(cut), /^flux\.txt:10: /, /two list entries removed/, /only 1/, /cut off/);
  });

  test('binary garbage', () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x9c, 0x13]);
    expectUserError(() => parse(bytes.toString('utf8')), /^flux\.txt is a binary file/);
    expectUserError(() => parse(Buffer.from([0xff, 0xfe, 0x41, 0x42]).toString('utf8')), /^flux\.txt is a binary file/);
  });

  test('an unknown verb', () => {
    const text = '► Deployment/default/podinfo created\n► Service/default/podinfo configured\n';
    expectUserError(() => parse(text), /^flux\.txt:2: /, /Service\/default\/podinfo in a state gitops-sync does not know/, /created, drifted and deleted/);
  });

  test('text that is not flux diff output', () => {
    expectUserError(() => parse('diff -u -N /tmp/LIVE-1/v1.Service.default.web /tmp/MERGED-2/v1.Service.default.web\n'), /^flux\.txt:1: /, /is not a line flux diff prints/);
    expectUserError(() => parse('► not-an-object created\n'), /^flux\.txt:1: /, /"not-an-object" is not an object/);
    expectUserError(() => parse('► a/b/c/d created\n'), /^flux\.txt:1: /);
  });

  test('text under an object that is not drifted', () => {
    expectUserError(() => parse('► Service/default/podinfo created\n\nspec.ports\n'), /^flux\.txt:3: /, /text follows a Service\/default\/podinfo that is not drifted/);
  });

  test('a drifted object whose report does not start with a path', () => {
    expectUserError(() => parse('► Service/default/podinfo drifted\n\n± value change\n- 1\n+ 2\n'), /^flux\.txt:3: /, /instead of a field path/);
  });

  test('a change description dyff does not print', () => {
    const text = service.replace('± value change', '± value exploded');
    expectUserError(() => parse(text), /^flux\.txt:6: /, /"± value exploded" is a dyff change description gitops-sync does not know/);
  });

  test('a line under a value change that is neither old nor new value', () => {
    const text = service.replace('+ 9898', '* 9898');
    expectUserError(() => parse(text), /^flux\.txt:8: /, /this line under "spec\.ports\.http\.port" is neither the old/);
  });
});
